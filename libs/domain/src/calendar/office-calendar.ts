import type { TimeBasis } from '../sop/sop.types';
import {
  assertValidInstant,
  calendarDateToDay,
  DAY_MS,
  dayToCalendarDate,
  wibDay,
  WIB_OFFSET_MS,
} from './calendar-date';

/**
 * Mon–Fri among the first r days of a week counted from day 0 (1970-01-01, a Thursday):
 * Thu, Fri, Sat, Sun, Mon, Tue, Wed.
 */
const WEEKDAYS_IN_FIRST_DAYS = [0, 1, 2, 2, 2, 3, 4] as const;
const WEEKDAYS_PER_WEEK = 5;

function isWeekday(day: number): boolean {
  const dayOfWeek = (((day + 4) % 7) + 7) % 7; // 0 = Sunday; day 0 was a Thursday
  return dayOfWeek >= 1 && dayOfWeek <= 5;
}

/** Signed count of weekdays in [0, day): negative for days before 1970, which keeps differences exact. */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7);
  return weeks * WEEKDAYS_PER_WEEK + WEEKDAYS_IN_FIRST_DAYS[day - weeks * 7];
}

/** Number of elements of the ascending array `sorted` that are < value. */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function assertWholeNumber(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `Nilai "${field}" harus bilangan bulat${min === 0 ? ' tidak negatif' : ''}: ${value}.`,
    );
  }
}

/**
 * The office's working calendar in WIB: Monday to Friday, except national holidays and cuti bersama.
 *
 * Every query is answered from a cumulative count (working days before a day = weekdays before it,
 * by arithmetic, minus weekday holidays before it, by binary search), so intervals of any length
 * cost O(log holidays): reports evaluate it for every step row.
 */
export class OfficeCalendar {
  /** Sorted distinct day numbers of holidays on a weekday; a holiday on a weekend changes nothing. */
  private readonly weekdayHolidays: readonly number[];

  constructor(holidayDates: Iterable<string>) {
    const days = new Set<number>();
    for (const date of holidayDates) {
      const day = calendarDateToDay(date);
      if (isWeekday(day)) days.add(day);
    }
    this.weekdayHolidays = [...days].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(calendarDateToDay(date));
  }

  /** The part of [start, end) on WIB working days; 0 when end <= start. */
  workingMsBetween(start: Date, end: Date): number {
    const from = assertValidInstant(start, 'start');
    const to = assertValidInstant(end, 'end');
    return to <= from ? 0 : this.workingMsBefore(to) - this.workingMsBefore(from);
  }

  calendarMsBetween(start: Date, end: Date): number {
    return Math.max(0, assertValidInstant(end, 'end') - assertValidInstant(start, 'start'));
  }

  elapsedMs(start: Date, end: Date, basis: TimeBasis): number {
    return basis === 'working' ? this.workingMsBetween(start, end) : this.calendarMsBetween(start, end);
  }

  /**
   * The earliest instant at which `ms` of working time has passed since `start`. When that lands
   * exactly on the end of a working day, the answer is that day's end (midnight), not the next
   * working morning: nothing more is consumed in between.
   */
  addWorkingMs(start: Date, ms: number): Date {
    assertWholeNumber(ms, 'ms', 0);
    if (ms === 0) return new Date(assertValidInstant(start, 'start'));
    const target = this.workingMsBefore(assertValidInstant(start, 'start')) + ms;
    const index = Math.floor((target - 1) / DAY_MS);
    const day = this.workingDayAt(index);
    return new Date(day * DAY_MS + (target - index * DAY_MS) - WIB_OFFSET_MS);
  }

  addElapsedMs(start: Date, ms: number, basis: TimeBasis): Date {
    if (basis === 'working') return this.addWorkingMs(start, ms);
    assertWholeNumber(ms, 'ms', 0);
    return new Date(assertValidInstant(start, 'start') + ms);
  }

  /**
   * The n-th working day after `date` (negative n: before it); n = 0 returns `date` even when it
   * is not a working day. For a working `date`, whole working days in [date, result) = n.
   */
  addWorkingDays(date: string, n: number): string {
    assertWholeNumber(n, 'n', Number.MIN_SAFE_INTEGER);
    const day = calendarDateToDay(date);
    if (n === 0) return date;
    const index = n > 0 ? this.workingDaysBefore(day + 1) + n - 1 : this.workingDaysBefore(day) + n;
    return dayToCalendarDate(this.workingDayAt(index));
  }

  /** The n-th working day before `date`: whole working days in [result, date) = n. */
  subtractWorkingDays(date: string, n: number): string {
    return this.addWorkingDays(date, -n);
  }

  /** `holidaysBefore` = countBelow(weekdayHolidays, day), when the caller already has it. */
  private isWorkingDayNumber(day: number, holidaysBefore = countBelow(this.weekdayHolidays, day)): boolean {
    return isWeekday(day) && this.weekdayHolidays[holidaysBefore] !== day;
  }

  /** Cumulative working days before `day`, up to a constant: only differences are meaningful. */
  private workingDaysBefore(day: number): number {
    return weekdaysBefore(day) - countBelow(this.weekdayHolidays, day);
  }

  /** Cumulative working ms before the instant `time`, up to a constant. Hot path: one binary search. */
  private workingMsBefore(time: number): number {
    const day = wibDay(time);
    const holidaysBefore = countBelow(this.weekdayHolidays, day);
    const intoDay = this.isWorkingDayNumber(day, holidaysBefore) ? time + WIB_OFFSET_MS - day * DAY_MS : 0;
    return (weekdaysBefore(day) - holidaysBefore) * DAY_MS + intoDay;
  }

  /** The working day w with workingDaysBefore(w) = index. */
  private workingDayAt(index: number): number {
    // weekdaysBefore(x) stays within 5 of 5x/7, and holidays lower the count by at most their
    // number, which brackets the answer within a few weeks plus the holiday count.
    let low = Math.floor(((index - 5) * 7) / 5) - 1; // workingDaysBefore(low) <= index
    let high = Math.ceil(((index + 5 + this.weekdayHolidays.length) * 7) / 5) + 1; // ... > index
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (this.workingDaysBefore(mid) > index) high = mid;
      else low = mid;
    }
    return high - 1;
  }
}
