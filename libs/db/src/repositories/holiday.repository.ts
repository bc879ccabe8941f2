import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Holiday } from '@mutu/domain';
import { OfficeHoliday } from '../entities/renewal.entity';

/** The office's days off besides weekends. */
@Injectable()
export class HolidayRepository {
  constructor(private readonly em: EntityManager) {}

  /** Days off in force, optionally of one year. */
  list(year?: number): Promise<OfficeHoliday[]> {
    return this.em.find(
      OfficeHoliday,
      { removedAt: null, ...(year && { date: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } }) },
      { orderBy: { date: 'asc' } },
    );
  }

  find(date: string): Promise<OfficeHoliday | null> {
    return this.em.findOne(OfficeHoliday, { date });
  }

  async put(holiday: Holiday): Promise<OfficeHoliday> {
    const row =
      (await this.find(holiday.date)) ?? this.em.create(OfficeHoliday, { ...holiday, removedAt: null });
    this.em.assign(row, { name: holiday.name, kind: holiday.kind, removedAt: null });
    await this.em.flush();
    return row;
  }

  async markRemoved(row: OfficeHoliday, at: Date): Promise<void> {
    row.removedAt = at;
    await this.em.flush();
  }

  /** Adds the shipped days the table has never held; edited and removed ones stay as they are. */
  async addMissing(holidays: readonly Holiday[]): Promise<number> {
    if (!holidays.length) return 0;
    const rows = await this.em.execute(
      `INSERT INTO office_holiday (date, name, kind) VALUES ${holidays.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT (date) DO NOTHING RETURNING date`,
      holidays.flatMap((h) => [h.date, h.name, h.kind]),
    );
    return rows.length;
  }
}
