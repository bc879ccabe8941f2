import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  atRiskNowSql,
  breachedSql,
  elapsedMsSql,
  endedStatusSql,
  overrunMsSql,
  SLA_MEASURES,
  type SlaMeasure,
} from './step-sla.sql';

export interface ComplianceScope {
  /** Renewals opened in [from, before). */
  readonly from: Date;
  readonly before: Date;
  readonly agency?: string;
  readonly sopVersion?: number;
  /** The moment running steps are judged at. */
  readonly now: Date;
  /** IANA zone months are cut in (the office's). */
  readonly timeZone: string;
  /** Ended steps as measured when they ended (default) or as last recalculated. */
  readonly measure?: SlaMeasure;
}

/**
 * Which renewals a scope holds, over `renewal r`, `agency a` and `sop_version v`, so figures
 * and exports can never select different renewals. Its parameters: `scopeFilterParams`.
 */
export const SCOPE_FILTER = `r.opened_at >= ? AND r.opened_at < ?
           AND (?::text IS NULL OR a.name = ?)
           AND (?::int IS NULL OR v.version = ?)`;

/**
 * The same selection over `step_instance s` alone, through the renewal's opening, agency and SOP
 * version copied onto each step; the same parameters (`scopeFilterParams`).
 */
const STEP_SCOPE_FILTER = `s.renewal_opened_at >= ? AND s.renewal_opened_at < ?
           AND (?::text IS NULL OR s.agency_id = (SELECT id FROM agency WHERE name = ?))
           AND (?::int IS NULL OR s.sop_version_id IN (SELECT id FROM sop_version WHERE version = ?))`;

export function scopeFilterParams(scope: Omit<ComplianceScope, 'now' | 'timeZone' | 'measure'>) {
  const agency = scope.agency ?? null;
  const version = scope.sopVersion ?? null;
  return [scope.from, scope.before, agency, agency, version, version];
}

/** Renewal figures for the whole scope (both flags 1), one agency, or one month. */
export interface RenewalGroupRow {
  by_all_agencies: number;
  by_all_months: number;
  agency: string | null;
  month: string | null;
  opened: number;
  completed: number;
  cancelled: number;
  running: number;
  reworked: number;
  average_rounds: number | null;
  lead_median_ms: number | null;
  lead_p90_ms: number | null;
  /** Completed renewals per LEAD_TIME_BUCKET_DAYS bucket. */
  lead_buckets: number[];
}

/** Lower bounds (days) of the lead-time distribution's buckets; the last is open-ended. */
export const LEAD_TIME_BUCKET_DAYS = [0, 1, 3, 7, 14, 30] as const;

// Built from the constant above only, never from input. `lead` is an interval (days, then time).
const LEAD_BUCKETS_SQL = `ARRAY[${LEAD_TIME_BUCKET_DAYS.map((lower, i) => {
  const upper = LEAD_TIME_BUCKET_DAYS[i + 1];
  const below = upper === undefined ? '' : ` AND lead < interval '${upper} days'`;
  return `count(*) FILTER (WHERE status = 'completed' AND lead >= interval '${lower} days'${below})::int`;
}).join(', ')}]`;

/** Step counts for one step, one agency, one month or one performer (the others' flags are 1). */
export interface StepGroupRow {
  no_step: number;
  no_agency: number;
  no_month: number;
  no_role: number;
  step: number | null;
  agency: string | null;
  month: string | null;
  performer_role: string | null;
  instances: number;
  ended: number;
  with_standard: number;
  within_standard: number;
  breaches: number;
  at_risk_now: number;
  held_ms: number;
}

export interface StepDurationRow {
  step: number;
  median_ms: number | null;
  p90_ms: number | null;
  max_ms: number | null;
}

export interface WorstCaseRow {
  /** null: an ended step, whose overrun_ms is stored; otherwise a running step past its deadline. */
  running: { standard_basis: string; deadline_at: string } | null;
  renewal_id: string;
  holder_name: string;
  agency: string;
  step: number;
  round: number;
  started_at: Date | string;
  ended_at: Date | string | null;
  standard_ms: number;
  /** Stored, in the standard's basis; null for a running step (the domain measures it). */
  overrun_ms: number | null;
}

/** Milliseconds of an interval, exactly (numeric), for the few aggregated values only. */
const ms = (interval: string) => `(extract(epoch FROM ${interval}) * 1000)::float8`;

/**
 * Every figure in one statement. The steps are selected from `step_instance` alone, through the
 * renewal's opening, agency and SOP version copied onto each step, so no figure joins a million
 * step rows to their renewals, and each step figure is one parallel scan (partial aggregation
 * in the workers where the aggregate allows it). Per row only cheap work is done (the month as a
 * binary search in the month starts, durations as intervals, no numeric arithmetic or
 * formatting); names, month labels and milliseconds are made for the few aggregated rows at the
 * end. Measured in test/bench/side-by-side.bench.ts.
 */
const figuresSql = (measure: SlaMeasure) => `
  WITH month_starts AS (
    -- The office's month starts from the period's first month on; month_no indexes this array.
    SELECT ARRAY(SELECT m AT TIME ZONE ?
                   FROM generate_series(date_trunc('month', ?::timestamptz AT TIME ZONE ?),
                                        ?::timestamptz AT TIME ZONE ?, interval '1 month') m) AS starts
  ),
  scoped AS (
    SELECT r.id, r.status, r.round, r.agency_id,
           width_bucket(r.opened_at, (SELECT starts FROM month_starts)) AS month_no,
           r.closed_at - r.opened_at AS lead
      FROM renewal r
      JOIN agency a ON a.id = r.agency_id
      JOIN sop_version v ON v.id = r.sop_version_id
     WHERE ${SCOPE_FILTER}
  ),
  -- The steps are read from step_instance alone (the scope is copied onto each step), and not
  -- materialised: each figure below scans them in parallel workers where PostgreSQL can.
  steps AS NOT MATERIALIZED (
    SELECT s.renewal_id, s.step, s.round, s.performer_role, s.started_at, s.ended_at, s.deadline_at,
           s.at_risk_at, s.standard_ms, s.standard_basis, s.agency_id,
           ${endedStatusSql('s.', measure)} AS sla_status, ${elapsedMsSql('s.', measure)} AS elapsed_ms,
           ${overrunMsSql('s.', measure)} AS overrun_ms,
           width_bucket(s.renewal_opened_at, (SELECT starts FROM month_starts)) AS month_no
      FROM step_instance s
     WHERE ${STEP_SCOPE_FILTER}
  ),
  renewal_groups AS (
    SELECT grouping(agency_id) AS by_all_agencies, grouping(month_no) AS by_all_months, agency_id, month_no,
           count(*)::int AS opened,
           count(*) FILTER (WHERE status = 'completed')::int AS completed,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE status NOT IN ('completed', 'cancelled'))::int AS running,
           count(*) FILTER (WHERE round > 1)::int AS reworked,
           avg(round)::float8 AS average_rounds,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lead) FILTER (WHERE status = 'completed') AS lead_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY lead) FILTER (WHERE status = 'completed') AS lead_p90,
           ${LEAD_BUCKETS_SQL} AS lead_buckets
      FROM scoped GROUP BY GROUPING SETS ((), (agency_id), (month_no))
  ),
  -- One hash lookup per step row for the finest groups; the four breakdowns roll up from them.
  step_cells AS (
    SELECT step, agency_id, month_no, performer_role,
           count(*) AS instances,
           count(*) FILTER (WHERE ended_at IS NOT NULL) AS ended,
           count(*) FILTER (WHERE ended_at IS NOT NULL AND deadline_at IS NOT NULL) AS with_standard,
           count(*) FILTER (WHERE sla_status = 'met') AS within_standard,
           -- steps.sla_status already holds the chosen measure's status, hence 'measured' here.
           count(*) FILTER (WHERE ${breachedSql('', '$now', 'measured')}) AS breaches,
           count(*) FILTER (WHERE ${atRiskNowSql('', '$now')}) AS at_risk_now,
           sum(coalesce(ended_at, $now) - started_at) AS held
      FROM steps GROUP BY step, agency_id, month_no, performer_role
  ),
  step_groups AS (
    SELECT grouping(step) AS no_step, grouping(agency_id) AS no_agency, grouping(month_no) AS no_month,
           grouping(performer_role) AS no_role, step, agency_id, month_no, performer_role,
           sum(instances)::int AS instances, sum(ended)::int AS ended, sum(with_standard)::int AS with_standard,
           sum(within_standard)::int AS within_standard, sum(breaches)::int AS breaches,
           sum(at_risk_now)::int AS at_risk_now, sum(held) AS held
      FROM step_cells GROUP BY GROUPING SETS ((step), (agency_id), (month_no), (performer_role))
  ),
  -- Time taken in each step's basis, as stored when it ended: never raw timestamp subtraction.
  durations AS (
    SELECT step,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_ms) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_ms) AS p90,
           max(elapsed_ms) AS longest
      FROM steps WHERE ended_at IS NOT NULL GROUP BY step
  ),
  -- The ten worst ended breaches by stored overrun, and every running step past its deadline
  -- (few), whose basis-aware overrun the domain measures; the service keeps the worst ten.
  worst AS (
    (SELECT renewal_id, step, round, started_at, ended_at, standard_ms, standard_basis, deadline_at, overrun_ms
       FROM steps WHERE sla_status = 'breached'
      ORDER BY overrun_ms DESC, renewal_id, step LIMIT 10)
    UNION ALL
    SELECT renewal_id, step, round, started_at, ended_at, standard_ms, standard_basis, deadline_at, NULL
      FROM steps WHERE ended_at IS NULL AND deadline_at < $now
  )
  SELECT
    (SELECT json_agg(json_build_object(
              'by_all_agencies', g.by_all_agencies, 'by_all_months', g.by_all_months, 'agency', a.name,
              'month', to_char((SELECT starts FROM month_starts)[g.month_no] AT TIME ZONE ?, 'YYYY-MM'),
              'opened', g.opened, 'completed', g.completed, 'cancelled', g.cancelled, 'running', g.running,
              'reworked', g.reworked, 'average_rounds', g.average_rounds, 'lead_median_ms', ${ms('g.lead_median')},
              'lead_p90_ms', ${ms('g.lead_p90')}, 'lead_buckets', g.lead_buckets))
       FROM renewal_groups g LEFT JOIN agency a ON a.id = g.agency_id) AS renewal_groups,
    (SELECT json_agg(json_build_object(
              'no_step', g.no_step, 'no_agency', g.no_agency, 'no_month', g.no_month, 'no_role', g.no_role,
              'step', g.step, 'agency', a.name,
              'month', to_char((SELECT starts FROM month_starts)[g.month_no] AT TIME ZONE ?, 'YYYY-MM'),
              'performer_role', g.performer_role, 'instances', g.instances, 'ended', g.ended,
              'with_standard', g.with_standard, 'within_standard', g.within_standard, 'breaches', g.breaches,
              'at_risk_now', g.at_risk_now, 'held_ms', ${ms('g.held')}))
       FROM step_groups g LEFT JOIN agency a ON a.id = g.agency_id) AS step_groups,
    (SELECT json_agg(json_build_object(
              'step', d.step, 'median_ms', d.median, 'p90_ms', d.p90, 'max_ms', d.longest::float8))
       FROM durations d) AS durations,
    (SELECT json_agg(json_build_object(
              'running', CASE WHEN w.ended_at IS NULL
                              THEN json_build_object('standard_basis', w.standard_basis, 'deadline_at', w.deadline_at) END,
              'renewal_id', w.renewal_id, 'holder_name', h.name, 'agency', a.name, 'step', w.step, 'round', w.round,
              'started_at', w.started_at, 'ended_at', w.ended_at, 'standard_ms', w.standard_ms::float8,
              'overrun_ms', w.overrun_ms::float8) ORDER BY w.overrun_ms DESC NULLS LAST, w.renewal_id, w.step)
       FROM worst w JOIN renewal r ON r.id = w.renewal_id JOIN holder h ON h.id = r.holder_id
       JOIN agency a ON a.id = r.agency_id) AS worst`;

// `$now` in the statement stands for the judging moment, one parameter each.
const FIGURES_NOW_PARAMS = (figuresSql('measured').match(/\$now/g) ?? []).length;
const FIGURES_QUERIES = Object.fromEntries(
  SLA_MEASURES.map((measure) => [measure, figuresSql(measure).replaceAll('$now', '?::timestamptz')]),
) as Record<SlaMeasure, string>;

/**
 * Compliance figures computed in PostgreSQL, set-based. The scope is the renewals opened in
 * the period (and agency / SOP version); every figure is about those renewals and their steps.
 */
@Injectable()
export class ComplianceRepository {
  constructor(private readonly em: EntityManager) {}

  /** Whether an agency (OPD) of this name has ever been recorded. */
  async agencyExists(name: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>('SELECT 1 FROM agency WHERE name = ? LIMIT 1', [name]);
    return rows.length > 0;
  }

  /** Call inside a transaction: it widens that transaction's sort memory. */
  async figures(scope: ComplianceScope) {
    // A year of a large deployment is a million step rows; with the default 4 MB the sorts
    // behind the percentiles spill to disk. These settings end with the transaction.
    await this.em.execute(`SET LOCAL work_mem = '256MB'`);
    // The default cost of passing a row from a parallel worker keeps the planner from scanning
    // the steps in parallel for the sorts and the top ten (measured ~15%).
    await this.em.execute(`SET LOCAL parallel_tuple_cost = 0.01`);
    const { timeZone: tz, now } = scope;
    const [row] = await this.em.execute<
      {
        renewal_groups: RenewalGroupRow[] | null;
        step_groups: StepGroupRow[] | null;
        durations: StepDurationRow[] | null;
        worst: WorstCaseRow[] | null;
      }[]
    >(FIGURES_QUERIES[scope.measure ?? 'measured'], [
      tz,
      scope.from,
      tz,
      scope.before,
      tz,
      ...scopeFilterParams(scope),
      ...scopeFilterParams(scope),
      ...Array<Date>(FIGURES_NOW_PARAMS).fill(now),
      tz,
      tz,
    ]);
    return {
      renewalGroups: row.renewal_groups ?? [],
      stepGroups: row.step_groups ?? [],
      durations: row.durations ?? [],
      worst: row.worst ?? [],
    };
  }
}
