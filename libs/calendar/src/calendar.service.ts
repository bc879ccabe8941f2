import { Injectable } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { Clock } from '@mutu/config';
import { HolidayRepository, TransactionRunner, type OfficeHoliday } from '@mutu/db';
import {
  type Actor,
  HOLIDAY_KINDS,
  type Holiday,
  type HolidayKind,
  isCalendarDate,
  NotFoundError,
  OfficeCalendar,
  ValidationError,
} from '@mutu/domain';

function holidayView(row: OfficeHoliday): Holiday {
  return { date: row.date, name: row.name, kind: row.kind };
}

/** The office calendar: working days are Mon–Fri WIB minus the days kept here. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly holidays: HolidayRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The calendar as it stands (within the caller's unit of work, if any). */
  calendar(): Promise<OfficeCalendar> {
    return this.tx.read(async () => new OfficeCalendar((await this.holidays.list()).map((h) => h.date)));
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
    return this.tx.run(async () => {
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
    return this.tx.run(async () => {
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
}
