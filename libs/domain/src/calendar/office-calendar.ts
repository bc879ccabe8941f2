import type { TimeBasis } from '../sop/sop.types';
import {
  assertValidInstant,
  calendarDateToDay,
  DAY_MS,
  dayToCalendarDate,
  wibDay,
  WIB_OFFSET_MS,
} from './calendar-date';
import {
  clockMinutes,
  DEFAULT_OFFICE_HOURS,
  OFFICE_WEEKDAYS,
  type OfficeHoursSchedule,
  overrideDays,
  type WeeklyHours,
} from './office-hours';

/**
 * Mon–Fri among the first r days of a week counted from day 0 (1970-01-01, a Thursday):
 * Thu, Fri, Sat, Sun, Mon, Tue, Wed.
 */
const WEEKDAYS_IN_FIRST_DAYS = [0, 1, 2, 2, 2, 3, 4] as const;
const WEEKDAYS_PER_WEEK = 5;

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function dayOfWeek(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekday(day: number): boolean {
  const weekday = dayOfWeek(day);
  return weekday >= 1 && weekday <= 5;
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

const MINUTE_MS = 60_000;

/**
 * One week's opening hours as numbers: per day of the week (0 = Sunday) when the office opens
 * (ms after 00:00 WIB) and how long it stays open, with the open time of the first r days
 * counted from day 0, so that open time before any day is O(1) arithmetic.
 */
class WeekPattern {
  readonly opensMs: readonly number[];
  readonly openMs: readonly number[];
  private readonly firstDays: readonly number[];
  private readonly weekMs: number;

  constructor(hours: WeeklyHours) {
    const opens = [0, 0, 0, 0, 0, 0, 0];
    const open = [0, 0, 0, 0, 0, 0, 0];
    OFFICE_WEEKDAYS.forEach((name, i) => {
      const day = hours[name];
      if (!day) return;
      opens[i + 1] = clockMinutes(day.opens)! * MINUTE_MS;
      open[i + 1] = clockMinutes(day.closes)! * MINUTE_MS - opens[i + 1];
    });
    this.opensMs = opens;
    this.openMs = open;
    const firstDays = [0];
    for (let r = 0; r < 7; r++) firstDays.push(firstDays[r] + open[dayOfWeek(r)]);
    this.firstDays = firstDays;
    this.weekMs = firstDays[7];
  }

  /** Signed open ms of the days in [0, day), under this pattern on every day. */
  before(day: number): number {
    const weeks = Math.floor(day / 7);
    return weeks * this.weekMs + this.firstDays[day - weeks * 7];
  }
}

function assertWholeNumber(value: number, field: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `Nilai "${field}" harus bilangan bulat${min === 0 ? ' tidak negatif' : ''}: ${value}.`,
    );
  }
}

/**
 * Calendar time from `start` to `end` in ms; 0 when `end` is not after `start`. Needs no
 * calendar: time held and lead times (renewalSla) are measured this way. Throws RangeError for an
 * invalid instant.
 */
export function calendarMsBetween(start: Date, end: Date): number {
  return Math.max(0, assertValidInstant(end, 'end') - assertValidInstant(start, 'start'));
}

/**
 * The office's working calendar in WIB: Monday to Friday, except national holidays and cuti bersama,
 * and within those working days the office's opening hours (jam kerja), with dated overrides.
 *
 * Every query is answered from a cumulative count (working days before a day = weekdays before it,
 * by arithmetic, minus weekday holidays before it, by binary search), so intervals of any length
 * cost O(log holidays): reports evaluate it for every step row. Office hours work the same way:
 * open time before a day = the weekly pattern's, by arithmetic, + what overrides before it change
 * (prefix sums over the sorted overrides) − what holidays before it close (prefix sums over the
 * sorted holidays), each found by binary search.
 */
export class OfficeCalendar {
  /** Sorted distinct day numbers of holidays on a weekday; a holiday on a weekend changes nothing. */
  private readonly weekdayHolidays: readonly number[];
  private readonly usualWeek: WeekPattern;
  /** Overrides sorted by first day: [first day, day after the last) and their pattern. */
  private readonly overrideFrom: readonly number[];
  private readonly overrideTo: readonly number[];
  private readonly overrideWeek: readonly WeekPattern[];
  /** What overrides 0..i-1 add to the open time (negative when they shorten it). */
  private readonly overrideShiftBefore: readonly number[];
  /** Open ms that weekdayHolidays[0..i-1] would have had: prefix sums. */
  private readonly holidayOpenBefore: readonly number[];

  /**
   * @param holidayDates WIB dates ('YYYY-MM-DD') the office is closed: libur nasional and cuti bersama.
   * @param hours opening hours and dated overrides, assumed valid (parseWeeklyHours/parseHoursOverride)
   *   and non-overlapping; the usual government hours when omitted.
   * @throws InvalidCalendarDateError for a malformed date.
   */
  constructor(holidayDates: Iterable<string>, hours: OfficeHoursSchedule = DEFAULT_OFFICE_HOURS) {
    const days = new Set<number>();
    for (const date of holidayDates) {
      const day = calendarDateToDay(date);
      if (isWeekday(day)) days.add(day);
    }
    this.weekdayHolidays = [...days].sort((a, b) => a - b);

    this.usualWeek = new WeekPattern(hours.weekly);
    const overrides = hours.overrides
      .map((o) => ({ days: overrideDays(o), week: new WeekPattern(o.hours) }))
      .sort((a, b) => a.days[0] - b.days[0]);
    this.overrideFrom = overrides.map((o) => o.days[0]);
    this.overrideTo = overrides.map((o) => o.days[1]);
    this.overrideWeek = overrides.map((o) => o.week);
    const shifts = [0];
    overrides.forEach((o, i) => shifts.push(shifts[i] + this.overrideShift(i, o.days[1])));
    this.overrideShiftBefore = shifts;
    const lost = [0];
    this.weekdayHolidays.forEach((day, i) => lost.push(lost[i] + this.weekAt(day).openMs[dayOfWeek(day)]));
    this.holidayOpenBefore = lost;
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
    return calendarMsBetween(start, end);
  }

  /** The part of [start, end) within opening hours on WIB working days; 0 when end <= start. */
  officeMsBetween(start: Date, end: Date): number {
    const from = assertValidInstant(start, 'start');
    const to = assertValidInstant(end, 'end');
    return to <= from ? 0 : this.officeMsBefore(to) - this.officeMsBefore(from);
  }

  /**
   * Time spent in [start, end) on `basis`, in ms; 0 when end <= start.
   * @throws InvalidInstantError for an invalid Date.
   */
  elapsedMs(start: Date, end: Date, basis: TimeBasis): number {
    switch (basis) {
      case 'working':
        return this.workingMsBetween(start, end);
      case 'office_hours':
        return this.officeMsBetween(start, end);
      case 'calendar':
        return this.calendarMsBetween(start, end);
    }
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

  /**
   * The earliest instant at which `ms` of office-hours time has passed since `start`: when that
   * lands exactly on closing time, closing time itself (nothing more is consumed until the next
   * opening). O(log) in the distance, each step O(log holidays + overrides).
   */
  addOfficeMs(start: Date, ms: number): Date {
    assertWholeNumber(ms, 'ms', 0);
    const from = assertValidInstant(start, 'start');
    if (ms === 0) return new Date(from);
    const target = this.officeMsBefore(from) + ms;
    // Gallop, then bisect, for the first day d + 1 whose open time before it reaches the target:
    // the target is reached during day d. The weekly hours open at least one day a week, so it ends.
    let low = wibDay(from); // officeMsBeforeDay(low) <= officeMsBefore(from) < target
    let step = 1;
    let high = low + step;
    while (this.officeMsBeforeDay(high) < target) {
      low = high;
      step *= 2;
      high = low + step;
    }
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (this.officeMsBeforeDay(mid) < target) low = mid;
      else high = mid;
    }
    const day = low;
    const opens = this.weekAt(day).opensMs[dayOfWeek(day)];
    return new Date(day * DAY_MS - WIB_OFFSET_MS + opens + (target - this.officeMsBeforeDay(day)));
  }

  /**
   * The earliest instant at which `ms` has elapsed since `start` on `basis` (the step's deadline
   * when `ms` is its standard).
   * @throws RangeError when `ms` is not a whole number >= 0; InvalidInstantError for an invalid Date.
   */
  addElapsedMs(start: Date, ms: number, basis: TimeBasis): Date {
    switch (basis) {
      case 'working':
        return this.addWorkingMs(start, ms);
      case 'office_hours':
        return this.addOfficeMs(start, ms);
      case 'calendar':
        assertWholeNumber(ms, 'ms', 0);
        return new Date(assertValidInstant(start, 'start') + ms);
    }
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

  /** The weekly pattern in force on `day`: an override's when one covers it, else the usual one. */
  private weekAt(day: number): WeekPattern {
    const i = countBelow(this.overrideFrom, day + 1) - 1;
    return i >= 0 && day < this.overrideTo[i] ? this.overrideWeek[i] : this.usualWeek;
  }

  /** What override i adds to the open time of its days before `day` (<= its end). */
  private overrideShift(i: number, day: number): number {
    const from = this.overrideFrom[i];
    return (
      this.overrideWeek[i].before(day) -
      this.overrideWeek[i].before(from) -
      (this.usualWeek.before(day) - this.usualWeek.before(from))
    );
  }

  /** Cumulative office-hours ms before WIB day `day` begins, up to a constant. */
  private officeMsBeforeDay(day: number): number {
    const i = countBelow(this.overrideFrom, day) - 1; // the last override starting before `day`
    const shift =
      i < 0 ? 0 : this.overrideShiftBefore[i] + this.overrideShift(i, Math.min(day, this.overrideTo[i]));
    return this.usualWeek.before(day) + shift - this.holidayOpenBefore[countBelow(this.weekdayHolidays, day)];
  }

  /** Cumulative office-hours ms before the instant `time`, up to a constant. */
  private officeMsBefore(time: number): number {
    const day = wibDay(time);
    let into = 0;
    if (this.weekdayHolidays[countBelow(this.weekdayHolidays, day)] !== day) {
      const week = this.weekAt(day);
      const weekday = dayOfWeek(day);
      const sinceOpening = time + WIB_OFFSET_MS - day * DAY_MS - week.opensMs[weekday];
      into = Math.min(Math.max(sinceOpening, 0), week.openMs[weekday]);
    }
    return this.officeMsBeforeDay(day) + into;
  }
}
