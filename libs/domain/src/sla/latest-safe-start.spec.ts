import fc from 'fast-check';
import { calendarDateToDay, dayToCalendarDate, wibDayStart } from '../calendar/calendar-date';
import { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard } from '../sop/sop.types';
import { finishWithinStandards, latestSafeStartDate } from './latest-safe-start';

const MIN = 60_000;
const DAY = 86_400_000;
/** The renewal SOP's standards: 5 min, 5 min, none, 7 calendar days. */
const RENEWAL: StepStandard[] = [
  { duration: 'PT5M', durationMs: 5 * MIN, basis: 'calendar' },
  { duration: 'PT5M', durationMs: 5 * MIN, basis: 'calendar' },
  { duration: null, durationMs: null, basis: 'calendar' },
  { duration: 'P7D', durationMs: 7 * DAY, basis: 'calendar' },
];
const closing = (date: string) => new Date(wibDayStart(date).getTime() + 16 * 3_600_000);

describe('latest safe day to start a renewal before the certificate expires', () => {
  const calendar = new OfficeCalendar(['2026-12-25', '2026-12-24']);

  it('leaves the whole standard before the expiry day, on a working day', () => {
    // Expiry Mon 2026-11-30: 16:00 on Sun 22 + 7 d 10 min = Sun 29 16:10 < Mon 30 00:00; Sun is not
    // a working day, so Friday the 20th.
    expect(latestSafeStartDate('2026-11-30', RENEWAL, calendar)).toBe('2026-11-20');
    // Expiry Thu 2026-12-03: Wed 25 Nov 16:10 + 7 d = Wed 2 Dec 16:10 < Thu 3 00:00.
    expect(latestSafeStartDate('2026-12-03', RENEWAL, calendar)).toBe('2026-11-25');
  });

  it('steps over holidays', () => {
    // Expiry Sat 2027-01-02 → Thu 24 Dec would do, but it is cuti bersama, Wed 23 it is.
    expect(latestSafeStartDate('2027-01-02', RENEWAL, calendar)).toBe('2026-12-23');
  });

  it('counts working-day standards on the office calendar', () => {
    const twoWorkingDays: StepStandard[] = [{ duration: 'P2D', durationMs: 2 * DAY, basis: 'working' }];
    // From Tue 22 Dec 16:00 the two working days are 8 h of the 22nd, the 23rd, and (24th, 25th
    // off, then the weekend) 16 h of Mon 28th: done 28th 16:00, before the 29th begins.
    expect(latestSafeStartDate('2026-12-29', twoWorkingDays, calendar)).toBe('2026-12-22');
  });

  it('is the latest such day: it fits, and no later working day before expiry does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: calendarDateToDay('2026-01-10'), max: calendarDateToDay('2027-12-01') }),
        (day) => {
          const expiresOn = dayToCalendarDate(day);
          const safe = latestSafeStartDate(expiresOn, RENEWAL, calendar);
          expect(calendar.isWorkingDay(safe)).toBe(true);
          expect(finishWithinStandards(closing(safe), RENEWAL, calendar).getTime()).toBeLessThanOrEqual(
            wibDayStart(expiresOn).getTime(),
          );
          for (let later = calendarDateToDay(safe) + 1; later < day; later++) {
            const date = dayToCalendarDate(later);
            if (!calendar.isWorkingDay(date)) continue;
            expect(finishWithinStandards(closing(date), RENEWAL, calendar).getTime()).toBeGreaterThan(
              wibDayStart(expiresOn).getTime(),
            );
          }
        },
      ),
    );
  });
});
