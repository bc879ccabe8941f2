import { calendarMsBetween, type OfficeCalendar } from '../calendar/office-calendar';
import type { StepInstance } from '../renewal/renewal.types';
import { PERFORMER_ROLES, PerformerRole } from '../sop/sop.types';
import { type StoredStepSla, storedStepSla } from './step-sla';

/** The fields of a step instance the measures need; database rows can be passed as they are. */
export type MeasuredStep = Pick<
  StepInstance,
  'step' | 'round' | 'performerRole' | 'startedAt' | 'endedAt' | 'outcome' | 'standard'
> &
  Pick<StoredStepSla, 'fixed' | 'measurement'>;

export interface RenewalSla {
  /** From the first step's start to the last step's end, or to `now` while a step runs (calendar time). */
  readonly leadTimeMs: number;
  /** Calendar time spent in each SOP lane: who was holding the renewal. */
  readonly heldMsByRole: Readonly<Record<PerformerRole, number>>;
  /** Rounds started: 1 + the number of "Tidak" verdicts. */
  readonly rounds: number;
  /** Calendar time of every round BSrE sent back as incomplete: work that had to be redone. */
  readonly reworkMs: number;
  /** Step instances past their standard, ended or still running. */
  readonly breachedSteps: number;
}

/**
 * Calendar time a step held its renewal, from its start to its end (or to `now` while it runs),
 * in ms; 0 for an end before the start. Stored for each ended step (step_instance.held_ms), so
 * the compliance figures sum numbers instead of intervals; the one rule for time held.
 */
export function stepHeldMs(startedAt: Date, end: Date): number {
  return calendarMsBetween(startedAt, end);
}

/**
 * A closed renewal's lead time, from its opening to its closing, calendar time in ms. Stored when
 * it closes (renewal.lead_ms), so the figures' medians and distribution read a number in order
 * from an index instead of subtracting instants per row; the one rule for lead time.
 */
export function renewalLeadTimeMs(openedAt: Date, closedAt: Date): number {
  return calendarMsBetween(openedAt, closedAt);
}

/** End-to-end measures of one renewal from its step instances (any order). */
export function renewalSla(
  stepInstances: readonly MeasuredStep[],
  now: Date,
  calendar: OfficeCalendar,
): RenewalSla {
  const heldMsByRole = Object.fromEntries(PERFORMER_ROLES.map((role) => [role, 0])) as Record<
    PerformerRole,
    number
  >;
  const reworkRounds = new Set(stepInstances.filter((s) => s.outcome === 'incomplete').map((s) => s.round));
  let firstStart = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let rounds = 0;
  let reworkMs = 0;
  let breachedSteps = 0;

  for (const step of stepInstances) {
    const end = step.endedAt ?? now;
    const heldMs = stepHeldMs(step.startedAt, end);
    heldMsByRole[step.performerRole] += heldMs;
    if (reworkRounds.has(step.round)) reworkMs += heldMs;
    if (storedStepSla(step, now, calendar).status === 'breached') breachedSteps++;
    rounds = Math.max(rounds, step.round);
    firstStart = Math.min(firstStart, step.startedAt.getTime());
    lastEnd = Math.max(lastEnd, end.getTime());
  }

  return {
    leadTimeMs: stepInstances.length ? Math.max(0, lastEnd - firstStart) : 0,
    heldMsByRole,
    rounds,
    reworkMs,
    breachedSteps,
  };
}
