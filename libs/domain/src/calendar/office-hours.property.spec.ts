import fc from 'fast-check';
import { calendarDateToDay, dayToCalendarDate } from './calendar-date';
import { INDONESIAN_HOLIDAYS } from './indonesian-holidays.data';
import { OfficeCalendar } from './office-calendar';
import {
  DEFAULT_OFFICE_HOURS,
  OFFICE_WEEKDAYS,
  type HoursOverride,
  type OfficeHoursSchedule,
  type OpeningHours,
  type WeeklyHours,
} from './office-hours';

const MINUTE = 60_000;
const DAY = 86_400_000;
const WIB = 7 * 3_600_000;
const RUNS = { numRuns: 1_000 };

const FIRST_DAY = calendarDateToDay('2026-01-01');
const LAST_DAY = calendarDateToDay('2027-12-31');
const dayArb = fc.integer({ min: FIRST_DAY, max: LAST_DAY });

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const openingArb: fc.Arbitrary<OpeningHours | null> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 1440 }), fc.integer({ min: 0, max: 1440 }))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ opens: hhmm(Math.min(a, b)), closes: hhmm(Math.max(a, b)) })),
  },
);

const weeklyArb: fc.Arbitrary<WeeklyHours> = fc
  .tuple(openingArb, openingArb, openingArb, openingArb, openingArb)
  .filter((days) => days.some(Boolean))
  .map((days) => Object.fromEntries(OFFICE_WEEKDAYS.map((d, i) => [d, days[i]])) as unknown as WeeklyHours);

/** Up to 6 disjoint periods (some closed all week: weekly hours may close every day of an override). */
const overridesArb: fc.Arbitrary<HoursOverride[]> = fc
  .uniqueArray(dayArb, { minLength: 0, maxLength: 12 })
  .chain((bounds) => {
    const sortedBounds = [...bounds].sort((a, b) => a - b);
    const pairs: [number, number][] = [];
    for (let i = 0; i + 1 < sortedBounds.length; i += 2)
      pairs.push([sortedBounds[i], sortedBounds[i + 1] - 1]);
    return fc.tuple(
      ...pairs.map(([from, to]) =>
        fc.tuple(openingArb, openingArb, openingArb, openingArb, openingArb).map((days): HoursOverride => ({
          from: dayToCalendarDate(from),
          to: dayToCalendarDate(Math.max(from, to)),
          name: 'periode',
          hours: Object.fromEntries(OFFICE_WEEKDAYS.map((d, i) => [d, days[i]])) as unknown as WeeklyHours,
        })),
      ),
    );
  });

const scheduleArb: fc.Arbitrary<OfficeHoursSchedule> = fc.oneof(
  fc.constant(DEFAULT_OFFICE_HOURS),
  fc.record({ weekly: weeklyArb, overrides: overridesArb }),
);

const holidaysArb = fc.oneof(
  fc.constant(INDONESIAN_HOLIDAYS.map((h) => h.date)),
  fc.uniqueArray(dayArb, { maxLength: 60 }).map((days) => days.map(dayToCalendarDate)),
);

/** Instants biased towards opening and closing times and midnights, where off-by-one errors live. */
const instantArb = fc
  .tuple(
    dayArb,
    fc.oneof(
      fc.constantFrom(0, 1, DAY - 1, 450 * MINUTE, 960 * MINUTE, 990 * MINUTE, 990 * MINUTE - 1),
      fc.integer({ min: 0, max: DAY - 1 }),
    ),
  )
  .map(([day, ms]) => new Date(day * DAY - WIB + ms));

/** The opening of WIB day `day` as [opens, closes) ms after its midnight, or null when closed. */
function openingOn(
  day: number,
  schedule: OfficeHoursSchedule,
  holidays: ReadonlySet<string>,
): [number, number] | null {
  const date = dayToCalendarDate(day);
  const weekday = new Date(day * DAY).getUTCDay();
  if (weekday === 0 || weekday === 6 || holidays.has(date)) return null;
  const override = schedule.overrides.find((o) => o.from <= date && date <= o.to);
  const hours = (override?.hours ?? schedule.weekly)[OFFICE_WEEKDAYS[weekday - 1]];
  return hours ? [minutesOf(hours.opens) * MINUTE, minutesOf(hours.closes) * MINUTE] : null;
}

/** Day-by-day reference: sums each day's opening overlap with [start, end). Slow but obvious. */
function naiveOfficeMs(start: Date, end: Date, schedule: OfficeHoursSchedule, holidays: ReadonlySet<string>) {
  let total = 0;
  for (let day = Math.floor((start.getTime() + WIB) / DAY); day * DAY - WIB < end.getTime(); day++) {
    const opening = openingOn(day, schedule, holidays);
    if (!opening) continue;
    const midnight = day * DAY - WIB;
    total += Math.max(
      0,
      Math.min(end.getTime(), midnight + opening[1]) - Math.max(start.getTime(), midnight + opening[0]),
    );
  }
  return total;
}

const sorted = (...dates: Date[]) => [...dates].sort((a, b) => a.getTime() - b.getTime());

describe('office_hours basis: laws', () => {
  it('agrees with a day-by-day reference', () => {
    fc.assert(
      fc.property(scheduleArb, holidaysArb, instantArb, instantArb, (schedule, holidays, x, y) => {
        const calendar = new OfficeCalendar(holidays, schedule);
        const [a, b] = sorted(x, y);
        expect(calendar.elapsedMs(a, b, 'office_hours')).toBe(
          naiveOfficeMs(a, b, schedule, new Set(holidays)),
        );
      }),
      RUNS,
    );
  });

  it('is never negative and never more than the working-day measure of the same interval', () => {
    fc.assert(
      fc.property(scheduleArb, holidaysArb, instantArb, instantArb, (schedule, holidays, a, b) => {
        const calendar = new OfficeCalendar(holidays, schedule);
        const office = calendar.elapsedMs(a, b, 'office_hours');
        expect(office).toBeGreaterThanOrEqual(0);
        expect(office).toBeLessThanOrEqual(calendar.elapsedMs(a, b, 'working'));
      }),
      RUNS,
    );
  });

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        holidaysArb,
        instantArb,
        instantArb,
        instantArb,
        (schedule, holidays, x, y, z) => {
          const calendar = new OfficeCalendar(holidays, schedule);
          const [a, b, c] = sorted(x, y, z);
          expect(calendar.elapsedMs(a, c, 'office_hours')).toBe(
            calendar.elapsedMs(a, b, 'office_hours') + calendar.elapsedMs(b, c, 'office_hours'),
          );
        },
      ),
      RUNS,
    );
  });

  it('is zero for an interval wholly outside opening hours', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        holidaysArb,
        dayArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (schedule, holidays, day, p, q) => {
          const calendar = new OfficeCalendar(holidays, schedule);
          const closedDays = new Set(holidays);
          // From this day's closing (its midnight when closed) to the next opening hours begin.
          const from = day * DAY - WIB + (openingOn(day, schedule, closedDays)?.[1] ?? 0);
          let next = day + 1;
          while (!openingOn(next, schedule, closedDays)) next++;
          const to = next * DAY - WIB + openingOn(next, schedule, closedDays)![0];
          const [s, e] = [Math.min(p, q), Math.max(p, q)].map(
            (f) => new Date(from + Math.floor(f * (to - from))),
          );
          expect(calendar.elapsedMs(s, e, 'office_hours')).toBe(0);
          expect(calendar.elapsedMs(new Date(from), new Date(to), 'office_hours')).toBe(0);
        },
      ),
      RUNS,
    );
  });

  it('puts deadline(start, d) at the earliest instant whose elapsed office time from start is d', () => {
    fc.assert(
      fc.property(
        scheduleArb,
        holidaysArb,
        instantArb,
        fc.oneof(fc.integer({ min: 0, max: 60 * MINUTE }), fc.integer({ min: 0, max: 40 * DAY })),
        (schedule, holidays, start, ms) => {
          const calendar = new OfficeCalendar(holidays, schedule);
          const deadline = calendar.addElapsedMs(start, ms, 'office_hours');
          expect(calendar.elapsedMs(start, deadline, 'office_hours')).toBe(ms);
          if (ms > 0) {
            expect(calendar.elapsedMs(start, new Date(deadline.getTime() - 1), 'office_hours')).toBe(ms - 1);
          } else {
            expect(deadline).toEqual(start);
          }
        },
      ),
      RUNS,
    );
  });
});
