import { INDONESIAN_HOLIDAYS } from '../calendar/indonesian-holidays.data';
import { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard } from '../sop/sop.types';
import fc from 'fast-check';
import { measureEndedStep, slaDeadline, stepSla, StepSlaInput } from './step-sla';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const wib = (local: string) => new Date(`${local}+07:00`);
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
const calendar = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));

const FIVE_MINUTES: StepStandard = { duration: 'PT5M', durationMs: 5 * MINUTE, basis: 'calendar' };
const NONE: StepStandard = { duration: null, durationMs: null, basis: 'calendar' };
const SEVEN_WORKING_DAYS: StepStandard = { duration: 'P7D', durationMs: 7 * DAY, basis: 'working' };

const start = wib('2026-01-12T10:00');
const measure = (input: Partial<StepSlaInput>) =>
  stepSla({ startedAt: start, endedAt: null, standard: FIVE_MINUTES, now: start, calendar, ...input });

describe('stepSla with a 5-minute standard (steps 1 and 2)', () => {
  const deadline = at(start, 5 * MINUTE);

  it.each([
    ['on_track', 3 * MINUTE, 2 * MINUTE, 0],
    ['on_track', 4 * MINUTE - 1, MINUTE + 1, 0],
    ['at_risk', 4 * MINUTE, MINUTE, 0], // exactly 80 %
    ['at_risk', 5 * MINUTE, 0, 0], // exactly at the standard: not yet breached
    ['breached', 5 * MINUTE + 1, 0, 1],
    ['breached', 2 * HOUR, 0, 2 * HOUR - 5 * MINUTE],
  ])('running: %s after %d ms', (status, elapsed, remainingMs, overrunMs) => {
    expect(measure({ now: at(start, elapsed) })).toEqual({
      elapsedMs: elapsed,
      standardMs: 5 * MINUTE,
      status,
      remainingMs,
      overrunMs,
      deadline,
    });
  });

  it.each([
    ['met', 5 * MINUTE, 0],
    ['met', MINUTE, 0],
    ['breached', 6 * MINUTE, MINUTE],
  ])('ended: %s after %d ms, whatever now is', (status, elapsed, overrunMs) => {
    expect(measure({ endedAt: at(start, elapsed), now: at(start, 30 * DAY) })).toEqual({
      elapsedMs: elapsed,
      standardMs: 5 * MINUTE,
      status,
      remainingMs: null,
      overrunMs,
      deadline,
    });
  });

  it('counts nothing when now is before the start (clock skew)', () => {
    expect(measure({ now: at(start, -MINUTE) })).toMatchObject({ elapsedMs: 0, status: 'on_track' });
  });

  it('takes the at-risk share from the caller', () => {
    expect(measure({ now: at(start, 3 * MINUTE), atRiskShare: 0.5 }).status).toBe('at_risk');
    expect(measure({ now: at(start, 0), atRiskShare: 0 }).status).toBe('at_risk');
    expect(measure({ now: at(start, 5 * MINUTE - 1), atRiskShare: 1 }).status).toBe('on_track');
  });

  it.each([-0.1, 1.01, Number.NaN])('rejects an at-risk share of %p', (atRiskShare) => {
    expect(() => measure({ atRiskShare })).toThrow(RangeError);
  });
});

describe('stepSla without a standard (step 3, BSrE)', () => {
  it('still measures a running step', () => {
    expect(measure({ standard: NONE, now: at(start, 3 * DAY) })).toEqual({
      elapsedMs: 3 * DAY,
      standardMs: null,
      status: 'running',
      remainingMs: null,
      overrunMs: null,
      deadline: null,
    });
  });

  it('reports an ended step as no_standard', () => {
    expect(measure({ standard: NONE, endedAt: at(start, HOUR), now: at(start, DAY) })).toEqual({
      elapsedMs: HOUR,
      standardMs: null,
      status: 'no_standard',
      remainingMs: null,
      overrunMs: null,
      deadline: null,
    });
  });
});

describe('stepSla with a working-day standard (step 4 as "7 hari kerja")', () => {
  // Informing the holder starts Mon 16 March 2026 12:00; Nyepi and Lebaran close 18–24 March.
  const informStart = wib('2026-03-16T12:00');
  const input = { startedAt: informStart, standard: SEVEN_WORKING_DAYS };

  it('puts the deadline after the holidays', () => {
    expect(measure({ ...input, now: informStart }).deadline).toEqual(wib('2026-04-01T12:00'));
  });

  it('stays on track over Lebaran although 9 calendar days have passed', () => {
    expect(measure({ ...input, now: wib('2026-03-25T12:00') })).toEqual({
      elapsedMs: 2 * DAY,
      standardMs: 7 * DAY,
      status: 'on_track',
      remainingMs: 5 * DAY,
      overrunMs: 0,
      deadline: wib('2026-04-01T12:00'),
    });
  });

  it('is at risk from 5.6 working days and breached just after the deadline', () => {
    expect(measure({ ...input, now: wib('2026-03-31T02:23:59.999') }).status).toBe('on_track');
    expect(measure({ ...input, now: wib('2026-03-31T02:24') }).status).toBe('at_risk');
    expect(measure({ ...input, now: wib('2026-04-01T12:00') }).status).toBe('at_risk');
    expect(measure({ ...input, now: wib('2026-04-01T12:00:00.001') }).status).toBe('breached');
  });

  it('would be breached on 23 March under a calendar basis', () => {
    const calendarDays: StepStandard = { ...SEVEN_WORKING_DAYS, basis: 'calendar' };
    expect(measure({ ...input, standard: calendarDays, now: wib('2026-03-25T12:00') })).toMatchObject({
      elapsedMs: 9 * DAY,
      status: 'breached',
      overrunMs: 2 * DAY,
      deadline: wib('2026-03-23T12:00'),
    });
  });
});

describe('measureEndedStep: the cases of issue 10 (step 4 "P7D" on the working basis)', () => {
  const shipped = INDONESIAN_HOLIDAYS.map((h) => h.date);
  const withNewYearsEve = new OfficeCalendar([...shipped, '2026-12-31']);

  it('case 1: keeps the deadline fixed at the start when 31 Dec becomes cuti bersama meanwhile', () => {
    const startedAt = wib('2026-12-23T09:55:53');
    const atStart = stepSla({
      startedAt,
      endedAt: null,
      standard: SEVEN_WORKING_DAYS,
      now: startedAt,
      calendar,
    });
    expect(atStart.deadline).toEqual(wib('2027-01-07T09:55:53'));
    const endedAt = wib('2027-01-07T14:01:03.594');
    const fixed = { deadline: atStart.deadline, atRiskAt: null };
    expect(
      measureEndedStep({
        startedAt,
        endedAt,
        standard: SEVEN_WORKING_DAYS,
        calendar: withNewYearsEve,
        fixed,
      }),
    ).toEqual({
      elapsedMs: 7 * DAY + 14_710_594,
      standardMs: 7 * DAY,
      status: 'breached',
      overrunMs: 14_710_594,
      deadline: wib('2027-01-07T09:55:53'),
    });
    // Recalculated with today's calendar the deadline moves to 8 January and the step was met.
    expect(
      measureEndedStep({ startedAt, endedAt, standard: SEVEN_WORKING_DAYS, calendar: withNewYearsEve }),
    ).toMatchObject({ status: 'met', overrunMs: 0, deadline: wib('2027-01-08T09:55:53') });
  });

  it('case 2: counts the overrun in working time, not over the weekend and holidays', () => {
    const startedAt = wib('2026-12-23T09:56:08');
    const fixed = {
      deadline: withNewYearsEve.addElapsedMs(startedAt, 7 * DAY, 'working'),
      atRiskAt: null,
    };
    expect(fixed.deadline).toEqual(wib('2027-01-08T09:56:08'));
    const measurement = measureEndedStep({
      startedAt,
      endedAt: wib('2027-01-11T09:00:14.114'),
      standard: SEVEN_WORKING_DAYS,
      calendar: withNewYearsEve,
      fixed,
    });
    expect(measurement).toMatchObject({ status: 'breached', overrunMs: 83_046_114 });
    expect(measurement.elapsedMs).toBe(
      withNewYearsEve.elapsedMs(startedAt, wib('2027-01-11T09:00:14.114'), 'working'),
    );
  });
});

describe('the deadline is the last instant still within the standard, on every basis', () => {
  const FIVE_OFFICE_MINUTES: StepStandard = {
    duration: 'PT5M',
    durationMs: 5 * MINUTE,
    basis: 'office_hours',
  };
  const ONE_WORKING_DAY: StepStandard = { duration: 'P1D', durationMs: DAY, basis: 'working' };
  const ended = (standard: StepStandard, from: string, to: string) =>
    measureEndedStep({ startedAt: wib(from), endedAt: wib(to), standard, calendar });

  it('office hours: Fri 16:25 WIB with 5 minutes is due when the office opens on Monday', () => {
    expect(slaDeadline(calendar, wib('2026-01-09T16:25'), 5 * MINUTE, 'office_hours')).toEqual(
      wib('2026-01-12T07:30'),
    );
  });

  it('office hours: ended Friday 16:45, after closing, took 5 minutes and met the standard', () => {
    expect(ended(FIVE_OFFICE_MINUTES, '2026-01-09T16:25', '2026-01-09T16:45')).toMatchObject({
      status: 'met',
      elapsedMs: 5 * MINUTE,
      overrunMs: 0,
    });
  });

  it('office hours: ended Monday 07:33 took 8 minutes and is breached by 3', () => {
    expect(ended(FIVE_OFFICE_MINUTES, '2026-01-09T16:25', '2026-01-12T07:33')).toMatchObject({
      status: 'breached',
      elapsedMs: 8 * MINUTE,
      overrunMs: 3 * MINUTE,
    });
  });

  it('working days: a day from Friday 00:00 ended on Saturday took one working day, met', () => {
    expect(ended(ONE_WORKING_DAY, '2026-01-09T00:00', '2026-01-10T10:00')).toMatchObject({
      status: 'met',
      elapsedMs: DAY,
      overrunMs: 0,
    });
  });

  it('calendar: start + standard, as before', () => {
    expect(slaDeadline(calendar, start, 5 * MINUTE, 'calendar')).toEqual(at(start, 5 * MINUTE));
  });

  it('a breached step always has a positive overrun, whatever the basis and the moment it ends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<StepStandard>(FIVE_MINUTES, FIVE_OFFICE_MINUTES, ONE_WORKING_DAY, SEVEN_WORKING_DAYS),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
        fc.integer({ min: 0, max: 30 * DAY }),
        (standard, from, length) => {
          const sla = measureEndedStep({
            startedAt: new Date(from),
            endedAt: new Date(from + length),
            standard,
            calendar,
          });
          expect(sla.status === 'breached').toBe(sla.overrunMs! > 0);
          expect(sla.elapsedMs).toBe(
            calendar.elapsedMs(new Date(from), new Date(from + length), standard.basis),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
