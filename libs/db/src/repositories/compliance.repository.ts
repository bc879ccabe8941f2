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

export interface StepFigureRow {
  step: number;
  instances: number;
  ended: number;
  with_standard: number;
  within_standard: number;
  breaches: number;
  at_risk_now: number;
  median_ms: number | null;
  p90_ms: number | null;
  max_ms: number | null;
}

export interface TotalsRow {
  opened: number;
  completed: number;
  cancelled: number;
  running: number;
  reworked: number;
  average_rounds: number | null;
  lead_median_ms: number | null;
  lead_p90_ms: number | null;
}

export interface HeldRow {
  performer_role: string;
  held_ms: number;
}

export interface AgencyRow {
  agency: string;
  opened: number;
  completed: number;
  steps_with_standard: number;
  steps_within_standard: number;
  breaches: number;
  lead_median_ms: number | null;
}

export interface MonthRow {
  month: string;
  opened: number;
  completed: number;
  steps_with_standard: number;
  steps_within_standard: number;
  lead_median_ms: number | null;
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

  async figures(scope: ComplianceScope) {
    const [totals] = await this.query<TotalsRow>(
      `SELECT count(*)::int AS opened,
              count(*) FILTER (WHERE status = 'completed')::int AS completed,
              count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE status NOT IN ('completed', 'cancelled'))::int AS running,
              count(*) FILTER (WHERE round > 1)::int AS reworked,
              avg(round)::float8 AS average_rounds,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_ms) FILTER (WHERE status = 'completed') AS lead_median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY lead_ms) FILTER (WHERE status = 'completed') AS lead_p90_ms
         FROM scoped`,
      scope,
    );
    const steps = await this.query<StepFigureRow>(
      `SELECT s.step,
              count(*)::int AS instances,
              count(*) FILTER (WHERE s.ended_at IS NOT NULL)::int AS ended,
              count(*) FILTER (WHERE s.ended_at IS NOT NULL AND s.deadline_at IS NOT NULL)::int AS with_standard,
              count(*) FILTER (WHERE s.ended_at IS NOT NULL AND s.ended_at <= s.deadline_at)::int AS within_standard,
              count(*) FILTER (WHERE coalesce(s.ended_at, $now) > s.deadline_at)::int AS breaches,
              count(*) FILTER (WHERE s.ended_at IS NULL AND $now >= s.at_risk_at AND $now <= s.deadline_at)::int AS at_risk_now,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY s.elapsed_ms) FILTER (WHERE s.ended_at IS NOT NULL) AS median_ms,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY s.elapsed_ms) FILTER (WHERE s.ended_at IS NOT NULL) AS p90_ms,
              max(s.elapsed_ms) FILTER (WHERE s.ended_at IS NOT NULL) AS max_ms
         FROM scoped_steps s GROUP BY s.step ORDER BY s.step`,
      scope,
    );
    const held = await this.query<HeldRow>(
      `SELECT performer_role, sum(extract(epoch FROM coalesce(ended_at, $now) - started_at) * 1000)::float8 AS held_ms
         FROM scoped_steps GROUP BY performer_role ORDER BY performer_role`,
      scope,
    );
    const agencies = await this.query<AgencyRow>(
      `SELECT r.agency,
              count(DISTINCT r.id)::int AS opened,
              count(DISTINCT r.id) FILTER (WHERE r.status = 'completed')::int AS completed,
              count(s.*) FILTER (WHERE s.ended_at IS NOT NULL AND s.deadline_at IS NOT NULL)::int AS steps_with_standard,
              count(s.*) FILTER (WHERE s.ended_at <= s.deadline_at)::int AS steps_within_standard,
              count(s.*) FILTER (WHERE coalesce(s.ended_at, $now) > s.deadline_at)::int AS breaches,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x.lead_ms) FROM scoped x
                WHERE x.agency = r.agency AND x.status = 'completed') AS lead_median_ms
         FROM scoped r LEFT JOIN scoped_steps s ON s.renewal_id = r.id
        GROUP BY r.agency ORDER BY r.agency`,
      scope,
    );
    const months = await this.query<MonthRow>(
      `SELECT r.month,
              count(DISTINCT r.id)::int AS opened,
              count(DISTINCT r.id) FILTER (WHERE r.status = 'completed')::int AS completed,
              count(s.*) FILTER (WHERE s.ended_at IS NOT NULL AND s.deadline_at IS NOT NULL)::int AS steps_with_standard,
              count(s.*) FILTER (WHERE s.ended_at <= s.deadline_at)::int AS steps_within_standard,
              (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x.lead_ms) FROM scoped x
                WHERE x.month = r.month AND x.status = 'completed') AS lead_median_ms
         FROM scoped r LEFT JOIN scoped_steps s ON s.renewal_id = r.id
        GROUP BY r.month ORDER BY r.month`,
      scope,
    );
    const worst = await this.query<WorstCaseRow>(
      `SELECT s.renewal_id, r.holder_name, r.agency, s.step, s.round, s.started_at, s.ended_at, s.standard_ms::float8 AS standard_ms,
              (extract(epoch FROM coalesce(s.ended_at, $now) - s.deadline_at) * 1000)::float8 AS overrun_ms
         FROM scoped_steps s JOIN scoped r ON r.id = s.renewal_id
        WHERE coalesce(s.ended_at, $now) > s.deadline_at
        ORDER BY overrun_ms DESC, s.renewal_id, s.step LIMIT 10`,
      scope,
    );
    return { totals, steps, held, agencies, months, worst };
  }

  /**
   * Runs one figure query over the scope, written once as the CTEs `scoped` (renewals) and
   * `scoped_steps` (their step instances). `$now` in the query stands for the judging moment.
   */
  private query<T>(select: string, scope: ComplianceScope): Promise<T[]> {
    const sql = `
      WITH scoped AS (
        SELECT r.id, r.status, r.round, a.name AS agency, h.name AS holder_name,
               to_char(r.opened_at AT TIME ZONE ?, 'YYYY-MM') AS month,
               (extract(epoch FROM r.closed_at - r.opened_at) * 1000)::float8 AS lead_ms
          FROM renewal r
          JOIN agency a ON a.id = r.agency_id
          JOIN holder h ON h.id = r.holder_id
          JOIN sop_version v ON v.id = r.sop_version_id
         WHERE r.opened_at >= ? AND r.opened_at < ?
           AND (?::text IS NULL OR a.name = ?)
           AND (?::int IS NULL OR v.version = ?)
      ),
      scoped_steps AS (
        SELECT s.*, (extract(epoch FROM s.ended_at - s.started_at) * 1000)::float8 AS elapsed_ms
          FROM step_instance s JOIN scoped r ON r.id = s.renewal_id
      )
      ${select.replaceAll('$now', '?::timestamptz')}`;
    const agency = scope.agency ?? null;
    const version = scope.sopVersion ?? null;
    const nowCount = (select.match(/\$now/g) ?? []).length;
    return this.em.execute<T[]>(sql, [
      scope.timeZone,
      scope.from,
      scope.before,
      agency,
      agency,
      version,
      version,
      ...Array<Date>(nowCount).fill(scope.now),
    ]);
  }
}
