import fc from 'fast-check';
import { INDONESIAN_HOLIDAYS } from '../calendar/indonesian-holidays.data';
import { OfficeCalendar } from '../calendar/office-calendar';
import type { StepInstance } from '../renewal/renewal.types';
import type { StepStandard } from '../sop/sop.types';
import { renewalSla } from './renewal-sla';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const wib = (local: string) => new Date(`${local}+07:00`);
const calendar = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));

const STANDARDS: Record<1 | 2 | 3 | 4, StepStandard> = {
  1: { duration: 'PT5M', durationMs: 5 * MINUTE, basis: 'calendar' },
  2: { duration: 'PT5M', durationMs: 5 * MINUTE, basis: 'calendar' },
  3: { duration: null, durationMs: null, basis: 'calendar' },
  4: { duration: 'P7D', durationMs: 7 * DAY, basis: 'calendar' },
};

function instance(
  step: 1 | 2 | 3 | 4,
  round: number,
  performerRole: StepInstance['performerRole'],
  startedAt: string,
  endedAt: string | null,
  outcome: StepInstance['outcome'],
): StepInstance {
  return {
    step,
    round,
    performerRole,
    actorId: endedAt ? 'someone' : null,
    startedAt: wib(startedAt),
    endedAt: endedAt ? wib(endedAt) : null,
    outcome,
    standard: STANDARDS[step],
  };
}

// A renewal BSrE sent back once; step 4 still running on 10 Feb at 10:00.
const WITH_ONE_LOOP = [
  instance(1, 1, 'PENGGUNA', '2026-02-02T09:00', '2026-02-02T09:04', 'done'),
  instance(2, 1, 'PENGGUNA', '2026-02-02T09:04', '2026-02-02T09:20', 'done'), // 16 min: breached
  instance(3, 1, 'BSRE', '2026-02-02T09:20', '2026-02-04T09:20', 'incomplete'),
  instance(1, 2, 'PENGGUNA', '2026-02-04T09:20', '2026-02-05T09:20', 'done'), // a day: breached
  instance(2, 2, 'VERIFIKATOR', '2026-02-05T09:20', '2026-02-05T09:23', 'done'),
  instance(3, 2, 'BSRE', '2026-02-05T09:23', '2026-02-06T10:00', 'complete'),
  instance(4, 2, 'PENGGUNA', '2026-02-06T10:00', null, null),
];
const NOW = wib('2026-02-10T10:00');

describe('renewalSla', () => {
  it('measures a renewal with one "Tidak" loop', () => {
    expect(renewalSla(WITH_ONE_LOOP, NOW, calendar)).toEqual({
      leadTimeMs: 8 * DAY + HOUR,
      heldMsByRole: {
        PENGGUNA: 4 * MINUTE + 16 * MINUTE + DAY + 4 * DAY,
        VERIFIKATOR: 3 * MINUTE,
        BSRE: 2 * DAY + DAY + 37 * MINUTE,
      },
      rounds: 2,
      reworkMs: 2 * DAY + 20 * MINUTE,
      breachedSteps: 2,
    });
  });

  it('ends the lead time at the last step once closed, whatever the order of the rows', () => {
    const closed = [
      ...WITH_ONE_LOOP.slice(0, 6),
      instance(4, 2, 'PENGGUNA', '2026-02-06T10:00', '2026-02-09T10:00', 'done'),
    ].reverse();
    expect(renewalSla(closed, NOW, calendar)).toMatchObject({ leadTimeMs: 7 * DAY + HOUR, breachedSteps: 2 });
  });

  it('counts a step 4 still running past 7 days as breached', () => {
    expect(renewalSla(WITH_ONE_LOOP, wib('2026-02-13T10:00:00.001'), calendar).breachedSteps).toBe(3);
  });

  it('has no rework when BSrE accepted the first submission', () => {
    const firstTime = WITH_ONE_LOOP.slice(3).map((s) => ({ ...s, round: 1 }));
    expect(renewalSla(firstTime, NOW, calendar)).toMatchObject({ rounds: 1, reworkMs: 0 });
  });

  it('counts a cancelled renewal up to its cancellation', () => {
    const cancelled = [
      instance(1, 1, 'VERIFIKATOR', '2026-02-02T09:00', '2026-02-02T09:04', 'done'),
      instance(2, 1, 'VERIFIKATOR', '2026-02-02T09:04', '2026-02-02T10:04', 'cancelled'),
    ];
    expect(renewalSla(cancelled, NOW, calendar)).toEqual({
      leadTimeMs: HOUR + 4 * MINUTE,
      heldMsByRole: { PENGGUNA: 0, VERIFIKATOR: HOUR + 4 * MINUTE, BSRE: 0 },
      rounds: 1,
      reworkMs: 0,
      breachedSteps: 1,
    });
  });

  it('is all zeros without steps', () => {
    expect(renewalSla([], NOW, calendar)).toEqual({
      leadTimeMs: 0,
      heldMsByRole: { PENGGUNA: 0, VERIFIKATOR: 0, BSRE: 0 },
      rounds: 0,
      reworkMs: 0,
      breachedSteps: 0,
    });
  });

  it('splits the lead time of back-to-back steps exactly among the lanes', () => {
    const roleArb = fc.constantFrom('PENGGUNA' as const, 'VERIFIKATOR' as const, 'BSRE' as const);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 * DAY }), roleArb), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (steps, lastRunning) => {
          let clock = wib('2026-02-02T09:00').getTime();
          const rows = steps.map(([duration, role], i): StepInstance => {
            const startedAt = new Date(clock);
            clock += duration;
            const running = lastRunning && i === steps.length - 1;
            return {
              step: ((i % 4) + 1) as 1 | 2 | 3 | 4,
              round: Math.floor(i / 4) + 1,
              performerRole: role,
              actorId: null,
              startedAt,
              endedAt: running ? null : new Date(clock),
              outcome: running ? null : 'done',
              standard: STANDARDS[((i % 4) + 1) as 1 | 2 | 3 | 4],
            };
          });
          const sla = renewalSla(rows, new Date(clock), calendar);
          const held = Object.values(sla.heldMsByRole).reduce((a, b) => a + b, 0);
          expect(held).toBe(sla.leadTimeMs);
          expect(sla.reworkMs).toBe(0);
          expect(sla.rounds).toBe(Math.ceil(steps.length / 4));
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
