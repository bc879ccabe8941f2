import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

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
}

/**
 * Which renewals a scope holds, over `renewal r`, `agency a` and `sop_version v`, so figures
 * and exports can never select different renewals. Its parameters: `scopeFilterParams`.
 */
export const SCOPE_FILTER = `r.opened_at >= ? AND r.opened_at < ?
           AND (?::text IS NULL OR a.name = ?)
           AND (?::int IS NULL OR v.version = ?)`;

export function scopeFilterParams(scope: Omit<ComplianceScope, 'now' | 'timeZone'>) {
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

// Built from the constant above only, never from input.
const LEAD_BUCKETS_SQL = `ARRAY[${LEAD_TIME_BUCKET_DAYS.map((lower, i) => {
  const upper = LEAD_TIME_BUCKET_DAYS[i + 1];
  const below = upper === undefined ? '' : ` AND lead_ms < ${upper * 86_400_000}`;
  return `count(*) FILTER (WHERE status = 'completed' AND lead_ms >= ${lower * 86_400_000}${below})::int`;
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
  renewal_id: string;
  holder_name: string;
  agency: string;
  step: number;
  round: number;
  started_at: Date | string;
  ended_at: Date | string | null;
  standard_ms: number;
  overrun_ms: number;
}

/**
 * Compliance figures computed in PostgreSQL, set-based. The scope is the renewals opened in
 * the period (and agency / SOP version); every figure is about those renewals and their steps.
 */
@Injectable()
export class ComplianceRepository {
  constructor(private readonly em: EntityManager) {}

  /** Call inside a transaction: it widens that transaction's sort memory. */
  async figures(scope: ComplianceScope) {
    // A year of a large deployment is a million step rows; with the default 4 MB the sorts
    // behind the percentiles spill to disk. The setting ends with the transaction.
    await this.em.execute(`SET LOCAL work_mem = '256MB'`);
    // Renewal-level figures for the whole scope, each agency and each month in one pass.
    const renewalGroups = await this.query<RenewalGroupRow>(
      `SELECT grouping(agency) AS by_all_agencies, grouping(month) AS by_all_months, agency, month,
              count(*)::int AS opened,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status NOT IN ('completed', 'cancelled'))::int AS running,
              count(*) FILTER (WHERE round > 1)::int AS reworked,
              avg(round)::float8 AS average_rounds,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_ms) FILTER (WHERE status = 'completed') AS lead_median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY lead_ms) FILTER (WHERE status = 'completed') AS lead_p90_ms,
              ${LEAD_BUCKETS_SQL} AS lead_buckets
         FROM scoped GROUP BY GROUPING SETS ((), (agency), (month))`,
      scope,
    );
    // Step counts by step, agency, month and performer in one hash-aggregated pass.
    const stepGroups = await this.query<StepGroupRow>(
      `SELECT grouping(step) AS no_step, grouping(agency) AS no_agency, grouping(month) AS no_month,
              grouping(performer_role) AS no_role, step, agency, month, performer_role,
              count(*)::int AS instances,
              count(*) FILTER (WHERE ended_at IS NOT NULL)::int AS ended,
              count(*) FILTER (WHERE ended_at IS NOT NULL AND deadline_at IS NOT NULL)::int AS with_standard,
              count(*) FILTER (WHERE ended_at <= deadline_at)::int AS within_standard,
              count(*) FILTER (WHERE coalesce(ended_at, $now) > deadline_at)::int AS breaches,
              count(*) FILTER (WHERE ended_at IS NULL AND $now >= at_risk_at AND $now <= deadline_at)::int AS at_risk_now,
              sum(extract(epoch FROM coalesce(ended_at, $now) - started_at) * 1000)::float8 AS held_ms
         FROM scoped_steps GROUP BY GROUPING SETS ((step), (agency), (month), (performer_role))`,
      scope,
    );
    // Durations need one sort; only per step.
    const durations = await this.query<StepDurationRow>(
      `SELECT step,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_ms) AS median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_ms) AS p90_ms,
              max(elapsed_ms) AS max_ms
         FROM scoped_steps WHERE ended_at IS NOT NULL GROUP BY step`,
      scope,
    );
    const worst = await this.query<WorstCaseRow>(
      `SELECT w.*, h.name AS holder_name, a.name AS agency
         FROM (SELECT s.renewal_id, s.step, s.round, s.started_at, s.ended_at, s.standard_ms::float8 AS standard_ms,
                      (extract(epoch FROM coalesce(s.ended_at, $now) - s.deadline_at) * 1000)::float8 AS overrun_ms
                 FROM scoped_steps s WHERE coalesce(s.ended_at, $now) > s.deadline_at
                ORDER BY overrun_ms DESC, s.renewal_id, s.step LIMIT 10) w
         JOIN renewal r ON r.id = w.renewal_id JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
        ORDER BY w.overrun_ms DESC, w.renewal_id, w.step`,
      scope,
    );
    return { renewalGroups, stepGroups, durations, worst };
  }

  /**
   * Runs one figure query over the scope, written once as the CTEs `scoped` (renewals) and
   * `scoped_steps` (their step instances). `$now` in the query stands for the judging moment.
   */
  private query<T>(select: string, scope: ComplianceScope): Promise<T[]> {
    const sql = `
      WITH scoped AS (
        SELECT r.id, r.status, r.round, a.name AS agency,
               to_char(r.opened_at AT TIME ZONE ?, 'YYYY-MM') AS month,
               (extract(epoch FROM r.closed_at - r.opened_at) * 1000)::float8 AS lead_ms
          FROM renewal r
          JOIN agency a ON a.id = r.agency_id
          JOIN sop_version v ON v.id = r.sop_version_id
         WHERE ${SCOPE_FILTER}
      ),
      scoped_steps AS (
        SELECT s.renewal_id, s.step, s.round, s.performer_role, s.started_at, s.ended_at, s.deadline_at,
               s.at_risk_at, s.standard_ms, r.agency, r.month,
               (extract(epoch FROM s.ended_at - s.started_at) * 1000)::float8 AS elapsed_ms
          FROM step_instance s JOIN scoped r ON r.id = s.renewal_id
      )
      ${select.replaceAll('$now', '?::timestamptz')}`;
    const nowCount = (select.match(/\$now/g) ?? []).length;
    return this.em.execute<T[]>(sql, [
      scope.timeZone,
      ...scopeFilterParams(scope),
      ...Array<Date>(nowCount).fill(scope.now),
    ]);
  }
}
