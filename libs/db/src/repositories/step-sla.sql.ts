/**
 * How SQL judges a step against its standard, written once for every list, figure, export and
 * warning: `step` is the table alias with its dot ('s.') or '' and `now` the SQL of the moment
 * judged at (each use of it is one parameter where it is '?').
 *
 * SQL never measures time itself (issue 10): an ended step is what the domain measured when it
 * ended (sla_status, sla_elapsed_ms, sla_overrun_ms), or what a recalculation stored beside it
 * (recalc_*); a running step only compares `now` with the instants fixed when it started
 * (deadline_at, at_risk_at). A running step's basis-aware overrun is the domain's (storedStepSla).
 */

/** Which stored measurement of ended steps is read: as measured (the default) or as recalculated. */
export const SLA_MEASURES = ['measured', 'recalculated'] as const;
export type SlaMeasure = (typeof SLA_MEASURES)[number];

/** A stored column of ended steps; recalculated falls back to measured where nothing was recalculated. */
function stored(step: string, column: 'status' | 'elapsed_ms' | 'overrun_ms', measure: SlaMeasure) {
  return measure === 'measured'
    ? `${step}sla_${column}`
    : `coalesce(${step}recalc_${column}, ${step}sla_${column})`;
}

/** Ended steps: 'met' / 'breached' / 'no_standard'; null while running. */
export const endedStatusSql = (step: string, measure: SlaMeasure) => stored(step, 'status', measure);

/** Ended steps: time taken in the standard's basis, ms (bigint); null while running. */
export const elapsedMsSql = (step: string, measure: SlaMeasure) => stored(step, 'elapsed_ms', measure);

/** Ended steps: how far past the deadline in the standard's basis, ms (bigint); null while running. */
export const overrunMsSql = (step: string, measure: SlaMeasure) => stored(step, 'overrun_ms', measure);

/** Ended with a standard to be judged against: what a share within standard is a share of. */
export const judgedSql = (step: string) => `(${step}ended_at IS NOT NULL AND ${step}deadline_at IS NOT NULL)`;

/** Ended within its standard, in the chosen measurement. */
export const withinStandardSql = (step: string, measure: SlaMeasure) =>
  `${stored(step, 'status', measure)} = 'met'`;

/** Past its standard: ended breached, or still running past the deadline fixed at its start. */
export const breachedSql = (step: string, now: string, measure: SlaMeasure = 'measured') =>
  `(${stored(step, 'status', measure)} = 'breached' OR (${step}ended_at IS NULL AND ${step}deadline_at < ${now}))`;

/** Running, past its at-risk moment, not yet past its deadline (`now` appears twice). */
export const atRiskNowSql = (step: string, now: string) =>
  `${step}ended_at IS NULL AND ${step}at_risk_at <= ${now} AND ${step}deadline_at >= ${now}`;
