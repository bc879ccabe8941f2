/**
 * How SQL judges a step against its standard, written once for every list, figure, export and
 * warning: `step` is the table alias with its dot ('s.') or '' and `now` the SQL of the moment
 * judged at (each use of it is one parameter where it is '?').
 */

/** Past its standard: ended after its deadline, or still running past it. */
export const breachedSql = (step: string, now: string) =>
  `coalesce(${step}ended_at, ${now}) > ${step}deadline_at`;

/** Running, past its at-risk moment, not yet past its deadline (`now` appears twice). */
export const atRiskNowSql = (step: string, now: string) =>
  `${step}ended_at IS NULL AND ${step}at_risk_at <= ${now} AND ${step}deadline_at >= ${now}`;
