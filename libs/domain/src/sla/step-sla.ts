import type { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard, TimeBasis } from '../sop/sop.types';

export const STEP_SLA_STATUSES = [
  'running',
  'on_track',
  'at_risk',
  'breached',
  'met',
  'no_standard',
] as const;
/**
 * running / no_standard: still open / closed, with no standard to compare against (step 3).
 * on_track / at_risk / breached: open, before the at-risk share / up to the standard / past it.
 * met / breached: closed within / past the standard.
 */
export type StepSlaStatus = (typeof STEP_SLA_STATUSES)[number];

export const DEFAULT_AT_RISK_SHARE = 0.8;

/** The instants a step's standard was fixed to when the step started (step_instance.deadline_at / at_risk_at). */
export interface FixedDeadline {
  readonly deadline: Date | null;
  readonly atRiskAt: Date | null;
}

export interface StepSlaInput {
  readonly startedAt: Date;
  /** null while the step is still running. */
  readonly endedAt: Date | null;
  readonly standard: StepStandard;
  readonly now: Date;
  readonly calendar: OfficeCalendar;
  /** Share of the standard from which a running step is at risk, in [0, 1]. */
  readonly atRiskShare?: number;
  /**
   * The deadline and at-risk instant fixed when the step started. Absent: fixed now with
   * `calendar`, which is what a recalculation with today's calendar does.
   */
  readonly fixed?: FixedDeadline;
}

export interface StepSla {
  /**
   * Time spent so far (or in total, once ended), in the standard's basis, counted against the
   * deadline: standard + overrun once past it, standard − what is left before it otherwise.
   */
  readonly elapsedMs: number;
  readonly standardMs: number | null;
  readonly status: StepSlaStatus;
  /** What is left before a breach, 0 once breached; null when ended or without a standard. */
  readonly remainingMs: number | null;
  /** How far past the deadline, in the standard's basis; null without a standard. */
  readonly overrunMs: number | null;
  /** The instant the standard is (or was) used up; null without a standard. */
  readonly deadline: Date | null;
}

/** What is stored with a step when it ends: its StepSla then, which no later edit changes. */
export type StepMeasurement = Omit<StepSla, 'remainingMs'> & {
  readonly status: 'met' | 'breached' | 'no_standard';
};

function assertShare(share: number): void {
  if (!(share >= 0 && share <= 1)) {
    throw new RangeError(`atRiskShare harus di antara 0 dan 1: ${share}.`);
  }
}

/**
 * Measures one step instance against its time standard (MUTU BAKU · WAKTU).
 *
 * The rule, one for every view, list, figure, export and alert (issue 10): the deadline is the
 * one fixed when the step started (`fixed`), so editing the calendar later never moves it. A
 * step is breached when it ended, or `now` is, after that deadline (the same comparison as
 * breachedSql). The overrun is the standard's basis time from the deadline to the end (or now),
 * counted with `calendar`; the elapsed time is the standard plus the overrun once past the
 * deadline, and the standard minus the basis time still left before it otherwise, so
 * elapsed − standard = overrun always holds. Without a standard (step 3) the elapsed time is
 * simply the basis time from start to end.
 *
 * Shapes: instants as Date, durations in ms. Throws RangeError for a share outside [0, 1].
 */
export function stepSla({
  startedAt,
  endedAt,
  standard,
  now,
  calendar,
  atRiskShare = DEFAULT_AT_RISK_SHARE,
  fixed,
}: StepSlaInput): StepSla {
  assertShare(atRiskShare);
  const running = endedAt === null;
  const end = endedAt ?? now;
  const { durationMs: standardMs, basis } = standard;
  if (standardMs === null) {
    return {
      elapsedMs: calendar.elapsedMs(startedAt, end, basis),
      standardMs,
      status: running ? 'running' : 'no_standard',
      remainingMs: null,
      overrunMs: null,
      deadline: null,
    };
  }
  const deadline = fixed?.deadline ?? slaDeadline(calendar, startedAt, standardMs, basis);
  if (end.getTime() > deadline.getTime()) {
    const overrunMs = calendar.elapsedMs(deadline, end, basis);
    return {
      elapsedMs: standardMs + overrunMs,
      standardMs,
      status: 'breached',
      remainingMs: running ? 0 : null,
      overrunMs,
      deadline,
    };
  }
  const leftMs = Math.min(standardMs, calendar.elapsedMs(end, deadline, basis));
  const atRiskAt =
    fixed?.atRiskAt ?? calendar.addElapsedMs(startedAt, Math.round(standardMs * atRiskShare), basis);
  return {
    elapsedMs: standardMs - leftMs,
    standardMs,
    status: !running ? 'met' : end.getTime() >= atRiskAt.getTime() ? 'at_risk' : 'on_track',
    remainingMs: running ? leftMs : null,
    overrunMs: 0,
    deadline,
  };
}

/**
 * The instant a step's standard runs out (`deadline_at`, fixed when the step starts): the last
 * instant at which the time taken since `start`, in the standard's `basis`, is still within
 * `standardMs` (ms resolution). So "breached" = ended (or now) after the deadline = more time taken
 * than the standard, on every basis: a step on office hours started Fri 16:25 WIB with 5 minutes
 * is due when the office opens on Monday, and one ended at 16:45 on Friday, after closing, took
 * 5 minutes and met its standard. On the calendar basis it is simply start + standard.
 * Throws RangeError for a negative or fractional standard or an invalid start.
 */
export function slaDeadline(
  calendar: OfficeCalendar,
  start: Date,
  standardMs: number,
  basis: TimeBasis,
): Date {
  return new Date(calendar.addElapsedMs(start, standardMs + 1, basis).getTime() - 1);
}

/**
 * The measurement stored when a step ends (see stepSla for the rule): measured with the
 * deadline fixed at its start and the calendar in force at its end.
 */
export function measureEndedStep(
  input: Omit<StepSlaInput, 'now' | 'endedAt' | 'atRiskShare'> & { readonly endedAt: Date },
): StepMeasurement {
  const { remainingMs: _remaining, ...measurement } = stepSla({ ...input, now: input.endedAt });
  return measurement as StepMeasurement;
}

/** A step as stored: its instants, standard, the deadline fixed at its start and, once ended, its measurement. */
export interface StoredStepSla {
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly standard: StepStandard;
  readonly fixed?: FixedDeadline;
  /** Stored when the step ended; null for a running step (or an ended one not yet measured). */
  readonly measurement?: StepMeasurement | null;
}

/**
 * How every reader judges a stored step: an ended step is what was measured when it ended; a
 * running one compares `now` with the deadline and at-risk instant fixed at its start.
 */
export function storedStepSla(
  step: StoredStepSla,
  now: Date,
  calendar: OfficeCalendar,
  atRiskShare = DEFAULT_AT_RISK_SHARE,
): StepSla {
  if (step.endedAt !== null && step.measurement) return { ...step.measurement, remainingMs: null };
  return stepSla({ ...step, now, calendar, atRiskShare });
}
