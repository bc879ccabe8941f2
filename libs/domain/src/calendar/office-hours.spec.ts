import { ValidationError } from '../common/domain-errors';
import { stepSla } from '../sla/step-sla';
import type { StepStandard } from '../sop/sop.types';
import { INDONESIAN_HOLIDAYS } from './indonesian-holidays.data';
import { OfficeCalendar } from './office-calendar';
import {
  DEFAULT_WEEKLY_HOURS,
  type HoursOverride,
  parseHoursOverride,
  parseWeeklyHours,
  type WeeklyHours,
} from './office-hours';

const MIN = 60_000;
const HOUR = 60 * MIN;
const wib = (local: string) => new Date(`${local}+07:00`);
const HOLIDAYS = INDONESIAN_HOLIDAYS.map((h) => h.date);
const office = new OfficeCalendar(HOLIDAYS);
const FIVE_MINUTES: StepStandard = { duration: 'PT5M', durationMs: 5 * MIN, basis: 'office_hours' };

const RAMADAN_HOURS = { opens: '08:00', closes: '15:00' };
const RAMADAN_1448: HoursOverride = {
  from: '2027-02-08',
  to: '2027-03-09',
  name: 'Ramadan 1448 H',
  hours: {
    mon: RAMADAN_HOURS,
    tue: RAMADAN_HOURS,
    wed: RAMADAN_HOURS,
    thu: RAMADAN_HOURS,
    fri: RAMADAN_HOURS,
  },
};
const withRamadan = new OfficeCalendar(HOLIDAYS, { weekly: DEFAULT_WEEKLY_HOURS, overrides: [RAMADAN_1448] });

const measure = (calendar: OfficeCalendar, start: string, end: string | null, now = end!) =>
  stepSla({
    startedAt: wib(start),
    endedAt: end === null ? null : wib(end),
    standard: FIVE_MINUTES,
    now: wib(now),
    calendar,
  });

describe('office_hours: the examples of the issue', () => {
  it('Fri 16:25 → Mon 07:33 WIB is 8 minutes: 5 before closing, 3 after opening; breached by 3', () => {
    const sla = measure(office, '2026-01-09T16:25', '2026-01-12T07:33');
    expect(sla).toMatchObject({ elapsedMs: 8 * MIN, status: 'breached', overrunMs: 3 * MIN });
    // Five minutes are used up at Friday's closing, and no more time is taken until Monday's
    // opening: the step is due then (slaDeadline: the last instant still within the standard).
    expect(sla.deadline).toEqual(wib('2026-01-12T07:30'));
    // On the calendar basis the same step is breached by about 63 hours.
    expect(office.elapsedMs(wib('2026-01-09T16:25'), wib('2026-01-12T07:33'), 'calendar')).toBe(
      63 * HOUR + 8 * MIN,
    );
  });

  it('from Fri 16:55, after closing, to Mon 07:33 is 3 minutes: met', () => {
    const sla = measure(office, '2026-01-09T16:55', '2026-01-12T07:33');
    expect(sla).toMatchObject({ elapsedMs: 3 * MIN, status: 'met', overrunMs: 0 });
    expect(sla.deadline).toEqual(wib('2026-01-12T07:35'));
  });

  it('skips cuti bersama: Wed 23 Dec 15:58 → Mon 28 Dec 2026 07:33 is 5 minutes, met', () => {
    // Thu 24 is cuti bersama, Fri 25 Christmas, then the weekend.
    const sla = measure(office, '2026-12-23T15:58', '2026-12-28T07:33');
    expect(sla).toMatchObject({ elapsedMs: 5 * MIN, status: 'met' });
    expect(sla.deadline).toEqual(wib('2026-12-28T07:33'));
    expect(
      new OfficeCalendar([]).elapsedMs(wib('2026-12-23T15:58'), wib('2026-12-28T07:33'), 'office_hours'),
    ).toBe(
      2 * MIN + (8 * HOUR + 30 * MIN) + 9 * HOUR + 3 * MIN, // Wed 2 min, Thu 8 h 30, Fri 9 h, Mon 3 min
    );
  });

  it('starts counting at opening: 07:00 → 07:34 is 4 minutes', () => {
    expect(measure(office, '2026-01-13T07:00', '2026-01-13T07:34')).toMatchObject({
      elapsedMs: 4 * MIN,
      status: 'met',
      deadline: wib('2026-01-13T07:35'),
    });
  });

  it('follows a Ramadan override: Tue 14:58 → Wed 08:04 is 6 minutes, not 96', () => {
    const inRamadan = measure(withRamadan, '2027-02-16T14:58', '2027-02-17T08:04');
    expect(inRamadan).toMatchObject({ elapsedMs: 6 * MIN, status: 'breached', overrunMs: MIN });
    expect(inRamadan.deadline).toEqual(wib('2027-02-17T08:03'));
    // The same step a week after Ramadan runs on the usual hours (to 16:00, from 07:30).
    expect(measure(withRamadan, '2027-03-16T14:58', '2027-03-17T08:04').elapsedMs).toBe(96 * MIN);
    // Without the override, the Ramadan step too.
    expect(measure(office, '2027-02-16T14:58', '2027-02-17T08:04').elapsedMs).toBe(96 * MIN);
  });

  it('closes at 16:30 on Friday: a step from 16:28 is 2 minutes in at 16:40, with 3 left until Monday 07:33', () => {
    const running = measure(office, '2026-01-09T16:28', null, '2026-01-09T16:40');
    expect(running).toMatchObject({ elapsedMs: 2 * MIN, status: 'on_track', remainingMs: 3 * MIN });
    expect(running.deadline).toEqual(wib('2026-01-12T07:33'));
    // Monday 07:32.30: 4.5 of 5 minutes, at risk (from 80 %); 07:33.01 breached.
    expect(measure(office, '2026-01-09T16:28', null, '2026-01-12T07:32:30').status).toBe('at_risk');
    expect(measure(office, '2026-01-09T16:28', null, '2026-01-12T07:33:01').status).toBe('breached');
    // A Thursday step from 16:28 is already outside hours (closing 16:00).
    expect(measure(office, '2026-01-08T16:28', '2026-01-08T16:40').elapsedMs).toBe(0);
  });

  it('leaves the calendar and working bases as they were', () => {
    const [start, end] = [wib('2026-01-09T16:25'), wib('2026-01-12T07:33')];
    expect(withRamadan.elapsedMs(start, end, 'working')).toBe(office.workingMsBetween(start, end));
    expect(withRamadan.addElapsedMs(start, 5 * MIN, 'calendar')).toEqual(wib('2026-01-09T16:30'));
  });
});

describe('opening hours and overrides as an admin sets them', () => {
  it('accepts the default hours and closed days', () => {
    expect(parseWeeklyHours(DEFAULT_WEEKLY_HOURS)).toEqual(DEFAULT_WEEKLY_HOURS);
    expect(parseWeeklyHours({ ...DEFAULT_WEEKLY_HOURS, fri: null }).fri).toBeNull();
  });

  it('names every bad field', () => {
    const error = captureError(() =>
      parseWeeklyHours({
        ...DEFAULT_WEEKLY_HOURS,
        mon: { opens: '7:30', closes: '16:00' },
        tue: { opens: '16:00', closes: '08:00' },
        sat: { opens: '08:00', closes: '12:00' },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'weekly.sat',
      'weekly.mon.opens',
      'weekly.tue.closes',
    ]);
    const closed: WeeklyHours = { mon: null, tue: null, wed: null, thu: null, fri: null };
    expect(() => parseWeeklyHours(closed)).toThrow(/minimal satu hari/);
  });

  it('refuses an override that overlaps another or ends before it starts', () => {
    expect(parseHoursOverride({ ...RAMADAN_1448, name: '  Ramadan 1448 H ' }, [])).toEqual(RAMADAN_1448);
    const overlap = captureError(() =>
      parseHoursOverride({ ...RAMADAN_1448, from: '2027-03-09', to: '2027-03-12' }, [RAMADAN_1448]),
    ) as ValidationError;
    expect(overlap.problems).toEqual([{ field: 'from', message: expect.stringContaining('Ramadan 1448 H') }]);
    const reversed = captureError(() =>
      parseHoursOverride({ ...RAMADAN_1448, from: '2027-03-09', to: '2027-03-01', name: '' }, []),
    ) as ValidationError;
    expect(reversed.problems.map((p) => p.field)).toEqual(['to', 'name']);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
