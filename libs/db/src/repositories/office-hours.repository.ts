import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { type HoursOverride, OFFICE_WEEKDAYS, type WeeklyHours } from '@mutu/domain';
import { HoursOverrideRow, OpeningHoursRow } from '../entities/office-hours.entity';

/** The office's opening hours (jam kerja) and the dated periods with other hours. */
@Injectable()
export class OfficeHoursRepository {
  constructor(private readonly em: EntityManager) {}

  /** The usual hours per weekday (Monday to Friday). */
  async weekly(): Promise<WeeklyHours> {
    const rows = await this.em.find(OpeningHoursRow, {});
    const byDay = new Map(rows.map((row) => [row.weekday, row]));
    return Object.fromEntries(
      OFFICE_WEEKDAYS.map((day) => {
        const row = byDay.get(day);
        return [day, row?.opens && row.closes ? { opens: row.opens, closes: row.closes } : null];
      }),
    ) as unknown as WeeklyHours;
  }

  async setWeekly(hours: WeeklyHours): Promise<void> {
    for (const day of OFFICE_WEEKDAYS) {
      const row =
        (await this.em.findOne(OpeningHoursRow, { weekday: day })) ??
        this.em.create(OpeningHoursRow, { weekday: day });
      this.em.assign(row, { opens: hours[day]?.opens ?? null, closes: hours[day]?.closes ?? null });
    }
    await this.em.flush();
  }

  /** Periods with other hours, oldest first. */
  overrides(): Promise<HoursOverrideRow[]> {
    return this.em.find(HoursOverrideRow, {}, { orderBy: { fromOn: 'asc' } });
  }

  findOverride(id: string): Promise<HoursOverrideRow | null> {
    return this.em.findOne(HoursOverrideRow, { id });
  }

  async addOverride(override: HoursOverride): Promise<HoursOverrideRow> {
    const row = this.em.create(HoursOverrideRow, {
      fromOn: override.from,
      toOn: override.to,
      name: override.name,
      hours: override.hours,
    });
    await this.em.flush();
    return row;
  }

  async removeOverride(row: HoursOverrideRow): Promise<void> {
    this.em.remove(row);
    await this.em.flush();
  }
}

/**
 * The calendar's revision as a scalar subquery, for a read that checks the calendar in the same
 * statement as it reads its own rows (CalendarService.calendarAt).
 */
export const CALENDAR_REVISION_SQL = '(SELECT revision FROM calendar_revision WHERE id = 1)';

/**
 * The office calendar's revision: every write to holidays, hours or overrides bumps it in its own
 * transaction, so a process holding a calendar built at an older revision knows to rebuild it.
 */
@Injectable()
export class CalendarRevisionRepository {
  constructor(private readonly em: EntityManager) {}

  /** The revision as committed (or as the caller's transaction sees it). One primary-key read. */
  async current(): Promise<number> {
    const [row] = await this.em.execute<{ revision: string }[]>(
      `SELECT ${CALENDAR_REVISION_SQL} AS revision`,
    );
    return Number(row.revision);
  }

  /** Bumps the revision inside the caller's transaction; the row lock orders concurrent writers. */
  async bump(): Promise<number> {
    const [row] = await this.em.execute<{ revision: string }[]>(
      'UPDATE calendar_revision SET revision = revision + 1 WHERE id = 1 RETURNING revision',
    );
    return Number(row.revision);
  }
}
