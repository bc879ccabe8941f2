import { Injectable } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { Clock } from '@mutu/config';
import {
  CalendarRevisionRepository,
  HolidayRepository,
  type HoursOverrideRow,
  OfficeHoursRepository,
  TransactionRunner,
  type OfficeHoliday,
} from '@mutu/db';
import {
  type Actor,
  HOLIDAY_KINDS,
  type Holiday,
  type HolidayKind,
  type HoursOverride,
  isCalendarDate,
  isUuidShaped,
  NotFoundError,
  OfficeCalendar,
  parseHoursOverride,
  parseWeeklyHours,
  ValidationError,
  type WeeklyHours,
} from '@mutu/domain';

function holidayView(row: OfficeHoliday): Holiday {
  return { date: row.date, name: row.name, kind: row.kind };
}

/** A dated period with other opening hours, as the API shows it. */
export interface HoursOverrideView extends HoursOverride {
  readonly id: string;
}

function overrideView(row: HoursOverrideRow): HoursOverrideView {
  return { id: row.id, from: row.fromOn, to: row.toOn, name: row.name, hours: row.hours };
}

/**
 * The office calendar: working days are Mon–Fri WIB minus the days kept here, open during the
 * opening hours kept here (with their dated overrides).
 *
 * Every request needs the calendar, so each process keeps the one it built with the revision it was
 * built at; a request then costs one primary-key read of `calendar_revision`, which every write
 * (here, or in another process) bumps in its own transaction. Steps already running keep the
 * deadlines fixed when they started (step_instance.deadline_at): no write here recomputes them.
 */
@Injectable()
export class CalendarService {
  private cached: { readonly revision: number; readonly calendar: OfficeCalendar } | null = null;

  constructor(
    private readonly holidays: HolidayRepository,
    private readonly hours: OfficeHoursRepository,
    private readonly revisions: CalendarRevisionRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The calendar as it stands (within the caller's unit of work, if any). */
  calendar(): Promise<OfficeCalendar> {
    return this.tx.read(async () => this.calendarAt(await this.revisions.current()));
  }

  /**
   * The calendar at `revision`, which the caller read (CALENDAR_REVISION_SQL) in a statement of its
   * own: the kept calendar when it was built at that revision, else one built now and kept.
   * Built after the revision was read, a write landing in between only makes the next call rebuild.
   */
  calendarAt(revision: number): Promise<OfficeCalendar> {
    if (this.cached?.revision === revision) return Promise.resolve(this.cached.calendar);
    return this.tx.read(async () => {
      const calendar = new OfficeCalendar(
        (await this.holidays.list()).map((h) => h.date),
        {
          weekly: await this.hours.weekly(),
          overrides: (await this.hours.overrides()).map(overrideView),
        },
      );
      this.cached = { revision, calendar };
      return calendar;
    });
  }

  list(year?: number): Promise<Holiday[]> {
    return this.tx.read(async () => (await this.holidays.list(year)).map(holidayView));
  }

  /** Adds a day off or renames it. Steps already running keep the deadlines they were given. */
  async put(date: string, fields: { name: string; kind: HolidayKind }, actor: Actor): Promise<Holiday> {
    const problems = [
      ...(isCalendarDate(date) ? [] : [{ field: 'date', message: 'harus tanggal YYYY-MM-DD yang ada' }]),
      ...(fields.name.trim() ? [] : [{ field: 'name', message: 'nama hari libur wajib diisi' }]),
      ...(HOLIDAY_KINDS.includes(fields.kind)
        ? []
        : [{ field: 'kind', message: `harus ${HOLIDAY_KINDS.join(' atau ')}` }]),
    ];
    if (problems.length) throw new ValidationError(problems, 'Hari libur tidak valid');
    return this.write(async () => {
      // A snapshot, taken before the same (identity-mapped) row is changed.
      const existing = await this.holidays.find(date);
      const before = existing && !existing.removedAt ? holidayView(existing) : null;
      const after = holidayView(
        await this.holidays.put({ date, name: fields.name.trim(), kind: fields.kind }),
      );
      await this.audit.record({
        actor,
        action: 'calendar.holiday_set',
        entityType: 'holiday',
        entityId: date,
        before,
        after,
      });
      return after;
    });
  }

  remove(date: string, actor: Actor): Promise<void> {
    return this.write(async () => {
      const row = await this.holidays.find(date);
      if (!row || row.removedAt) throw new NotFoundError('Hari libur', date);
      const before = holidayView(row);
      await this.holidays.markRemoved(row, this.clock.now());
      await this.audit.record({
        actor,
        action: 'calendar.holiday_removed',
        entityType: 'holiday',
        entityId: date,
        before,
      });
    });
  }

  /** The usual opening hours per weekday, 'HH:MM' WIB (null: closed). */
  weeklyHours(): Promise<WeeklyHours> {
    return this.tx.read(() => this.hours.weekly());
  }

  /**
   * Sets the usual opening hours. Steps already running keep their deadlines.
   * @throws ValidationError naming each bad field (`weekly.fri.closes`, …).
   */
  async setWeeklyHours(input: unknown, actor: Actor): Promise<WeeklyHours> {
    const after = parseWeeklyHours(input);
    return this.write(async () => {
      const before = await this.hours.weekly();
      await this.hours.setWeekly(after);
      await this.audit.record({
        actor,
        action: 'calendar.hours_set',
        entityType: 'office_hours',
        entityId: 'weekly',
        before,
        after,
      });
      return after;
    });
  }

  /** Dated periods with other opening hours, by start date. */
  overrides(): Promise<HoursOverrideView[]> {
    return this.tx.read(async () => (await this.hours.overrides()).map(overrideView));
  }

  /**
   * Adds a period with other opening hours (e.g. Ramadan). Steps already running keep their deadlines.
   * @throws ValidationError naming each bad field, or `from` when it overlaps another period.
   */
  addOverride(input: unknown, actor: Actor): Promise<HoursOverrideView> {
    return this.write(async () => {
      const existing = (await this.hours.overrides()).map(overrideView);
      const after = overrideView(await this.hours.addOverride(parseHoursOverride(input, existing)));
      await this.audit.record({
        actor,
        action: 'calendar.hours_override_added',
        entityType: 'hours_override',
        entityId: after.id,
        after,
      });
      return after;
    });
  }

  /** @throws NotFoundError when no period has this id. */
  removeOverride(id: string, actor: Actor): Promise<void> {
    return this.write(async () => {
      const row = isUuidShaped(id) ? await this.hours.findOverride(id) : null;
      if (!row) throw new NotFoundError('Jam kerja khusus', id);
      const before = overrideView(row);
      await this.hours.removeOverride(row);
      await this.audit.record({
        actor,
        action: 'calendar.hours_override_removed',
        entityType: 'hours_override',
        entityId: id,
        before,
      });
    });
  }

  /**
   * A calendar write: bumps the revision in the same transaction, so every process rebuilds. The
   * bump comes first: its row lock queues concurrent calendar writes, so checks such as "periods do
   * not overlap" see every committed change. This process forgets its calendar afterwards,
   * committed or not: one built inside the transaction would carry a revision number that a
   * rollback frees for the next write.
   */
  private async write<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await this.tx.run(async () => {
        await this.revisions.bump();
        return work();
      });
    } finally {
      this.cached = null;
    }
  }
}
