import fc from 'fast-check';
import { INDONESIAN_HOLIDAYS } from '../calendar/indonesian-holidays.data';
import { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard } from '../sop/sop.types';
import { stepSla, StepSlaStatus } from './step-sla';

const DAY = 86_400_000;
const calendar = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));
const RUNS = { numRuns: 3_000 };

const instantArb = fc
  .integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2027, 11, 1) })
  .map((time) => new Date(time));
const standardArb: fc.Arbitrary<StepStandard> = fc.record({
  duration: fc.constant('(generated)'),
  durationMs: fc.oneof(fc.integer({ min: 0, max: 10 * DAY }), fc.constantFrom(5 * 60_000, 7 * DAY)),
  basis: fc.constantFrom('calendar' as const, 'working' as const),
});
const shareArb = fc.double({ min: 0, max: 1, noNaN: true });
const offsetArb = fc.integer({ min: 0, max: 40 * DAY });

const RANK: Partial<Record<StepSlaStatus, number>> = { on_track: 0, at_risk: 1, breached: 2 };

describe('stepSla properties', () => {
  it('moves a running step only forward: on_track -> at_risk -> breached', () => {
    fc.assert(
      fc.property(
        instantArb,
        standardArb,
        shareArb,
        offsetArb,
        offsetArb,
        (startedAt, standard, share, a, b) => {
          const statusAt = (offset: number) =>
            stepSla({
              startedAt,
              endedAt: null,
              standard,
              now: new Date(startedAt.getTime() + offset),
              calendar,
              atRiskShare: share,
            }).status;
          const [earlier, later] = [statusAt(Math.min(a, b)), statusAt(Math.max(a, b))];
          expect(RANK[earlier]).toBeDefined();
          expect(RANK[later]!).toBeGreaterThanOrEqual(RANK[earlier]!);
        },
      ),
      RUNS,
    );
  });

  it('places the deadline where elapsed time equals the standard, never breached before it', () => {
    fc.assert(
      fc.property(instantArb, standardArb, offsetArb, (startedAt, standard, offset) => {
        const now = new Date(startedAt.getTime() + offset);
        const sla = stepSla({ startedAt, endedAt: null, standard, now, calendar });
        const deadline = sla.deadline!;
        expect(calendar.elapsedMs(startedAt, deadline, standard.basis)).toBe(standard.durationMs);
        expect(stepSla({ startedAt, endedAt: null, standard, now: deadline, calendar }).status).not.toBe(
          'breached',
        );
        if (now <= deadline) {
          expect(sla.status).not.toBe('breached');
          expect(sla.remainingMs).toBe(calendar.elapsedMs(now, deadline, standard.basis));
        }
      }),
      RUNS,
    );
  });

  it('splits elapsed time into what remains or what overran, never both', () => {
    fc.assert(
      fc.property(instantArb, standardArb, offsetArb, fc.boolean(), (startedAt, standard, offset, ended) => {
        const end = new Date(startedAt.getTime() + offset);
        const sla = stepSla({
          startedAt,
          endedAt: ended ? end : null,
          standard,
          now: ended ? new Date(end.getTime() + DAY) : end,
          calendar,
        });
        const standardMs = standard.durationMs!;
        expect(sla.elapsedMs - sla.overrunMs!).toBeLessThanOrEqual(standardMs);
        // Breached means past the deadline (as breachedSql says); the overrun is basis time and
        // can still be 0 just past a deadline at a working day's end, on a weekend or holiday.
        expect(sla.status === 'breached').toBe(end > sla.deadline!);
        if (sla.overrunMs! > 0) expect(sla.status).toBe('breached');
        if (ended) expect(['met', 'breached']).toContain(sla.status);
        else expect(sla.elapsedMs + sla.remainingMs! - sla.overrunMs!).toBe(standardMs);
      }),
      RUNS,
    );
  });

  it('keeps the deadline fixed at the start whatever holidays are added or removed later', () => {
    const dayArb = fc.integer({ min: 0, max: 60 }).map((n) => new Date(Date.UTC(2026, 11, 1) + n * DAY));
    fc.assert(
      fc.property(
        instantArb,
        standardArb,
        offsetArb,
        fc.array(dayArb, { maxLength: 5 }),
        (startedAt, standard, offset, edits) => {
          const fixedWith = stepSla({ startedAt, endedAt: null, standard, now: startedAt, calendar });
          const edited = new OfficeCalendar([
            ...INDONESIAN_HOLIDAYS.map((h) => h.date),
            ...edits.map((d) => d.toISOString().slice(0, 10)),
          ]);
          const endedAt = new Date(startedAt.getTime() + offset);
          const fixed = { deadline: fixedWith.deadline, atRiskAt: null };
          const sla = stepSla({ startedAt, endedAt, standard, now: endedAt, calendar: edited, fixed });
          expect(sla.deadline).toEqual(fixedWith.deadline);
          expect(sla.status).toBe(endedAt > fixedWith.deadline! ? 'breached' : 'met');
          expect(sla.overrunMs).toBe(
            sla.status === 'breached' ? edited.elapsedMs(fixedWith.deadline!, endedAt, standard.basis) : 0,
          );
          if (sla.status === 'breached') expect(sla.elapsedMs - sla.standardMs!).toBe(sla.overrunMs);
          else expect(sla.elapsedMs).toBeLessThanOrEqual(sla.standardMs!);
          expect(sla.elapsedMs).toBeGreaterThanOrEqual(0);
        },
      ),
      RUNS,
    );
  });
});
