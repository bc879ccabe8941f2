import { differenceInBusinessDays } from 'date-fns';
import fc from 'fast-check';
import { calendarDateToDay, dayToCalendarDate, wibDayStart } from './calendar-date';
import { INDONESIAN_HOLIDAYS } from './indonesian-holidays.data';
import { OfficeCalendar } from './office-calendar';

const DAY = 86_400_000;
const WIB = 7 * 3_600_000;
const RUNS = { numRuns: 3_000 };

/** Day-by-day reference: sums each WIB working day's overlap with [start, end). Slow but obvious. */
function naiveWorkingMs(start: Date, end: Date, holidays: ReadonlySet<string>): number {
  let total = 0;
  let dayStart = Math.floor((start.getTime() + WIB) / DAY) * DAY - WIB;
  for (; dayStart < end.getTime(); dayStart += DAY) {
    const wibMidnight = new Date(dayStart + WIB);
    const weekday = wibMidnight.getUTCDay();
    const date = wibMidnight.toISOString().slice(0, 10);
    if (weekday === 0 || weekday === 6 || holidays.has(date)) continue;
    total += Math.max(0, Math.min(end.getTime(), dayStart + DAY) - Math.max(start.getTime(), dayStart));
  }
  return total;
}

function naiveWorkingDaysIn(fromDay: number, toDay: number, calendar: OfficeCalendar): number {
  let count = 0;
  for (let day = fromDay; day < toDay; day++) if (calendar.isWorkingDay(dayToCalendarDate(day))) count++;
  return count;
}

const FIRST_DAY = calendarDateToDay('2025-01-01');
const LAST_DAY = calendarDateToDay('2028-12-31');
const dayArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY });

/** Instants biased towards WIB midnights and their neighbours, where off-by-one errors live. */
const instantArb = fc
  .tuple(
    dayArb,
    fc.oneof(fc.constantFrom(0, 1, DAY - 1, 17 * 3_600_000), fc.integer({ min: 0, max: DAY - 1 })),
  )
  .map(([day, ms]) => new Date(day * DAY - WIB + ms));

const holidaysArb = fc.uniqueArray(dayArb, { maxLength: 60 }).map((days) => days.map(dayToCalendarDate));

const calendarArb = fc.oneof(
  fc.constant(INDONESIAN_HOLIDAYS.map((h) => h.date)),
  holidaysArb,
  // Dense holidays: long runs of closed days stress the search in addWorkingDays/addWorkingMs.
  fc
    .integer({ min: FIRST_DAY, max: LAST_DAY - 400 })
    .map((from) =>
      Array.from({ length: 300 }, (_, i) => dayToCalendarDate(from + i)).filter((_, i) => i % 11 !== 0),
    ),
);

const sorted = (...dates: Date[]) => [...dates].sort((a, b) => a.getTime() - b.getTime());

describe('OfficeCalendar properties', () => {
  it('agrees with a day-by-day reference', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (holidays, a, b) => {
        const calendar = new OfficeCalendar(holidays);
        expect(calendar.workingMsBetween(a, b)).toBe(a < b ? naiveWorkingMs(a, b, new Set(holidays)) : 0);
      }),
      { numRuns: 1_000 },
    );
  });

  it('is never negative and never exceeds calendar time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, (holidays, a, b) => {
        const calendar = new OfficeCalendar(holidays);
        const working = calendar.workingMsBetween(a, b);
        expect(working).toBeGreaterThanOrEqual(0);
        expect(working).toBeLessThanOrEqual(calendar.calendarMsBetween(a, b));
      }),
      RUNS,
    );
  });

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, (holidays, x, y, z) => {
        const calendar = new OfficeCalendar(holidays);
        const [a, b, c] = sorted(x, y, z);
        expect(calendar.workingMsBetween(a, c)).toBe(
          calendar.workingMsBetween(a, b) + calendar.workingMsBetween(b, c),
        );
      }),
      RUNS,
    );
  });

  it('gives zero for any interval inside a holiday', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INDONESIAN_HOLIDAYS.map((h) => h.date)),
        fc.integer({ min: 0, max: DAY }),
        fc.integer({ min: 0, max: DAY }),
        (date, p, q) => {
          const calendar = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));
          const midnight = wibDayStart(date).getTime();
          const start = new Date(midnight + Math.min(p, q));
          const end = new Date(midnight + Math.max(p, q));
          expect(calendar.workingMsBetween(start, end)).toBe(0);
        },
      ),
      RUNS,
    );
  });

  /*
   * date-fns counts business days between calendar dates in the process's local time zone. To keep
   * the comparison right under any TZ, the oracle is given local midnights carrying the same
   * year-month-day as the WIB dates (new Date(y, m - 1, d)), never the WIB instants themselves:
   * both sides then count the same calendar dates, whatever offset or DST the local zone has.
   */
  it('matches date-fns differenceInBusinessDays between WIB midnights when there are no holidays', () => {
    const calendar = new OfficeCalendar([]);
    const localMidnight = (date: string) => {
      const [year, month, day] = date.split('-').map(Number);
      return new Date(year, month - 1, day);
    };
    const wideDay = fc.integer({
      min: calendarDateToDay('1900-01-01'),
      max: calendarDateToDay('2199-12-31'),
    });
    fc.assert(
      fc.property(wideDay, wideDay, (d1, d2) => {
        const [from, to] = [Math.min(d1, d2), Math.max(d1, d2)].map(dayToCalendarDate);
        const days = calendar.workingMsBetween(wibDayStart(from), wibDayStart(to)) / DAY;
        expect(days).toBe(differenceInBusinessDays(localMidnight(to), localMidnight(from)));
      }),
      { numRuns: 5_000 },
    );
  });

  it('adds working days: a working result with exactly n working days in between, undone by subtracting', () => {
    fc.assert(
      fc.property(calendarArb, dayArb, fc.integer({ min: -250, max: 250 }), (holidays, day, n) => {
        const calendar = new OfficeCalendar(holidays);
        const date = dayToCalendarDate(day);
        const result = calendar.addWorkingDays(date, n);
        expect(calendar.subtractWorkingDays(date, -n)).toBe(result);
        if (n === 0) {
          expect(result).toBe(date);
          return;
        }
        const resultDay = calendarDateToDay(result);
        expect(calendar.isWorkingDay(result)).toBe(true);
        if (n > 0) {
          expect(naiveWorkingDaysIn(day + 1, resultDay + 1, calendar)).toBe(n);
          if (calendar.isWorkingDay(date)) expect(calendar.subtractWorkingDays(result, n)).toBe(date);
        } else {
          expect(naiveWorkingDaysIn(resultDay, day, calendar)).toBe(-n);
          expect(calendar.workingMsBetween(wibDayStart(result), wibDayStart(date))).toBe(-n * DAY);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('adds working time: the earliest instant at which exactly that much has elapsed', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 0, max: 60 * DAY }), (holidays, start, ms) => {
        const calendar = new OfficeCalendar(holidays);
        const deadline = calendar.addWorkingMs(start, ms);
        expect(calendar.workingMsBetween(start, deadline)).toBe(ms);
        if (ms > 0) expect(calendar.workingMsBetween(start, new Date(deadline.getTime() - 1))).toBe(ms - 1);
      }),
      RUNS,
    );
  });
});
