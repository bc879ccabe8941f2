import { calendarDateToDay, dayToCalendarDate } from './calendar-date';

/** A report's period: office dates (WIB), both inclusive. */
export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
}

function lastDayOfMonth(year: number, month: number): string {
  return dayToCalendarDate(calendarDateToDay(`${nextMonth(year, month)}-01`) - 1);
}

function nextMonth(year: number, month: number): string {
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/** The calendar month a date falls in. */
export function monthOf(date: string): ReportPeriod {
  calendarDateToDay(date);
  const [year, month] = date.split('-').map(Number);
  return { from: `${date.slice(0, 7)}-01`, to: lastDayOfMonth(year, month) };
}

/** The YYYY-MM of a period that is exactly one calendar month, else null. */
export function wholeMonth(period: ReportPeriod): string | null {
  const month = monthOf(period.from);
  return month.from === period.from && month.to === period.to ? period.from.slice(0, 7) : null;
}

/**
 * The period a report compares itself with: the month before for a calendar month, otherwise the
 * same number of days just before.
 */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const from = calendarDateToDay(period.from);
  if (wholeMonth(period)) return monthOf(dayToCalendarDate(from - 1));
  const length = calendarDateToDay(period.to) - from + 1;
  return { from: dayToCalendarDate(from - length), to: dayToCalendarDate(from - 1) };
}

/** How a period is named in file names: "2026-11" for a month, else "2026-11-01_2026-11-15". */
export function periodSlug(period: ReportPeriod): string {
  return wholeMonth(period) ?? `${period.from}_${period.to}`;
}
