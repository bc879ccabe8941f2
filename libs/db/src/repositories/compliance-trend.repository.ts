import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  bind,
  type ComplianceScope,
  MONTH_RANGES,
  MONTH_STARTS,
  scopeOn,
  withSettings,
} from './compliance.repository';
import { KeptReads, type PlannedRead } from '../kept-reads';
import { judgedSql, type SlaMeasure, withinStandardSql } from './step-sla.sql';

/** One office month of a scope that opened renewals: counts only, no percentiles. */
export interface TrendMonthRow {
  /** YYYY-MM, in the office's zone. */
  month: string;
  opened: number;
  /** Ended steps with a standard (judgedSql), and those within it (withinStandardSql). */
  judged: number;
  within_standard: number;
}

/**
 * Months cut as ComplianceRepository.figures cuts them (MONTH_STARTS), renewals and steps
 * selected by the same scope (scopeOn), so a month here is the same month as the figures'
 * `months` breakdown gives. Only counts: the trend needs no sort and no per-step line. As
 * measured, each month is a range of renewal_opened_at_id_index and of the judged steps'
 * step_instance_judged_opened_at_index (index-only; its predicate is judgedSql), counted where it
 * lies: no month computed per row, no sort or hash of the trend's rows (EXPLAIN ANALYZE, the
 * report's four months read of a year of 200k step rows: 18 ms against 26; from the judged
 * steps' narrow index rather than every step's wide one, serial 11.2 ms against 16.9). As recalculated the steps are read from the heap anyway
 * (coalesce(recalc_*, sla_*) is in no index): one pass computing each row's month beats a
 * bitmap scan per month, as for the figures' step cells.
 */
const trendSql = (measure: SlaMeasure) =>
  measure === 'measured'
    ? `
  WITH ${MONTH_STARTS},
  ${MONTH_RANGES}
  SELECT to_char(m.month_from AT TIME ZONE $tz, 'YYYY-MM') AS month, r.opened, s.judged, s.within_standard
    FROM months m
   CROSS JOIN LATERAL (
     SELECT count(*)::int AS opened FROM renewal r
      WHERE ${scopeOn('r', 'opened_at')} AND r.opened_at >= m.month_from AND r.opened_at < m.month_before) r
   CROSS JOIN LATERAL (
     SELECT count(*)::int AS judged,
            count(*) FILTER (WHERE ${withinStandardSql('s.', measure)})::int AS within_standard
       FROM step_instance s
      WHERE ${judgedSql('s.')} AND ${scopeOn('s', 'renewal_opened_at')}
        AND s.renewal_opened_at >= m.month_from AND s.renewal_opened_at < m.month_before) s
   WHERE r.opened > 0
   ORDER BY m.month_no`
    : `
  WITH ${MONTH_STARTS},
  renewals AS (
    SELECT width_bucket(r.opened_at, (SELECT starts FROM month_starts)) AS month_no, count(*)::int AS opened
      FROM renewal r
     WHERE ${scopeOn('r', 'opened_at')}
     GROUP BY 1
  ),
  steps AS (
    SELECT width_bucket(s.renewal_opened_at, (SELECT starts FROM month_starts)) AS month_no,
           count(*) FILTER (WHERE ${judgedSql('s.')})::int AS judged,
           count(*) FILTER (WHERE ${withinStandardSql('s.', measure)})::int AS within_standard
      FROM step_instance s
     WHERE ${scopeOn('s', 'renewal_opened_at')}
     GROUP BY 1
  )
  SELECT to_char((SELECT starts FROM month_starts)[r.month_no] AT TIME ZONE $tz, 'YYYY-MM') AS month,
         r.opened, coalesce(s.judged, 0) AS judged, coalesce(s.within_standard, 0) AS within_standard
    FROM renewals r LEFT JOIN steps s USING (month_no)
   ORDER BY r.month_no`;

/** The compliance trend: a scope's figures month by month, in one scan of its renewals and steps. */
@Injectable()
export class ComplianceTrendRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly kept: KeptReads,
  ) {}

  /**
   * The scope's months that opened renewals, oldest first: a read planned now (before the
   * snapshot it runs in is taken), answered from KeptReads when no write was heard since it was
   * last read (KeptReads.plan).
   */
  months(scope: ComplianceScope): PlannedRead<TrendMonthRow[]> {
    const [sql, params] = bind(trendSql(scope.measure ?? 'measured'), {
      tz: scope.timeZone,
      from: scope.from,
      before: scope.before,
      agency: scope.agency ?? null,
      version: scope.sopVersion ?? null,
    });
    // Compiled with JIT it cost 12 ms more of its 80 (EXPLAIN ANALYZE, a half year of 200k step
    // rows): the planner's guess of how many months join puts it above jit_above_cost. Off for this
    // statement alone, then put back, as a caller's transaction goes on.
    return this.kept.plan(sql, params, () =>
      this.em.transactional((em) =>
        withSettings(em, { jit: 'off' }, () => em.execute<TrendMonthRow[]>(sql, params)),
      ),
    );
  }
}
