import { calendarDateToDay, dayToCalendarDate, wibDayStart } from '../calendar/calendar-date';
import type { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard } from '../sop/sop.types';

/** Indonesian offices close at 16:00 WIB: a renewal started "that day" may start as late as this. */
const OFFICE_CLOSES_MS = 16 * 3_600_000;

/** When a renewal started at `start` ends if every step takes its full standard, one after another. */
export function finishWithinStandards(
  start: Date,
  standards: readonly StepStandard[],
  calendar: OfficeCalendar,
): Date {
  return standards.reduce(
    (at, standard) =>
      standard.durationMs === null ? at : calendar.addElapsedMs(at, standard.durationMs, standard.basis),
    start,
  );
}

/**
 * The latest working day on which a renewal can still be started, even at closing time, and,
 * with every step taking its full standard, be done before the certificate's expiry day begins.
 * Steps without a standard count as taking no time, so this is the latest day, not a promise.
 */
export function latestSafeStartDate(
  expiresOn: string,
  standards: readonly StepStandard[],
  calendar: OfficeCalendar,
): string {
  const expiry = wibDayStart(expiresOn).getTime();
  for (let day = calendarDateToDay(expiresOn) - 1; ; day--) {
    const date = dayToCalendarDate(day);
    if (!calendar.isWorkingDay(date)) continue;
    const start = new Date(wibDayStart(date).getTime() + OFFICE_CLOSES_MS);
    if (finishWithinStandards(start, standards, calendar).getTime() <= expiry) return date;
  }
}
