import type { OfficeCalendar } from '../calendar/office-calendar';
import type { StepStandard } from '../sop/sop.types';

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

export interface StepSlaInput {
  readonly startedAt: Date;
  /** null while the step is still running. */
  readonly endedAt: Date | null;
  readonly standard: StepStandard;
  readonly now: Date;
  readonly calendar: OfficeCalendar;
  /** Share of the standard from which a running step is at risk, in [0, 1]. */
  readonly atRiskShare?: number;
}

export interface StepSla {
  /** Time spent so far (or in total, once ended), in the standard's basis. */
  readonly elapsedMs: number;
  readonly standardMs: number | null;
  readonly status: StepSlaStatus;
  /** What is left before a breach, 0 once breached; null when ended or without a standard. */
  readonly remainingMs: number | null;
  /** How far past the standard; null without a standard. */
  readonly overrunMs: number | null;
  /** The instant the standard is (or was) used up, in the standard's basis; null without a standard. */
  readonly deadline: Date | null;
}

function assertShare(share: number): void {
  if (!(share >= 0 && share <= 1)) {
    throw new RangeError(`atRiskShare harus di antara 0 dan 1: ${share}.`);
  }
}

/** Measures one step instance against its time standard (MUTU BAKU · WAKTU). */
export function stepSla({
  startedAt,
  endedAt,
  standard,
  now,
  calendar,
  atRiskShare = DEFAULT_AT_RISK_SHARE,
}: StepSlaInput): StepSla {
  assertShare(atRiskShare);
  const running = endedAt === null;
  const elapsedMs = calendar.elapsedMs(startedAt, endedAt ?? now, standard.basis);
  const standardMs = standard.durationMs;
  if (standardMs === null) {
    return {
      elapsedMs,
      standardMs,
      status: running ? 'running' : 'no_standard',
      remainingMs: null,
      overrunMs: null,
      deadline: null,
    };
  }
  return {
    elapsedMs,
    standardMs,
    status: statusAgainst(elapsedMs, standardMs, running, atRiskShare),
    remainingMs: running ? Math.max(0, standardMs - elapsedMs) : null,
    overrunMs: Math.max(0, elapsedMs - standardMs),
    deadline: calendar.addElapsedMs(startedAt, standardMs, standard.basis),
  };
}

function statusAgainst(
  elapsedMs: number,
  standardMs: number,
  running: boolean,
  share: number,
): StepSlaStatus {
  if (elapsedMs > standardMs) return 'breached';
  if (!running) return 'met';
  return elapsedMs < share * standardMs ? 'on_track' : 'at_risk';
}
