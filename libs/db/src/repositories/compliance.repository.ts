import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { DAY_MS } from '@mutu/domain';
import {
  atRiskNowSql,
  breachedSql,
  elapsedMsSql,
  endedStatusSql,
  overrunMsSql,
  type SlaMeasure,
} from './step-sla.sql';
import { KeptReads } from '../kept-reads';
import { TransactionRunner } from '../transaction-runner';

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

/**
 * Completed renewals per LEAD_TIME_BUCKET_DAYS bucket, as counts (one per bucket) over renewals
 * with `status` and the stored `lead_ms`. Built from the constant above only, never from input.
 */
const LEAD_BUCKET_COUNTS_SQL = LEAD_TIME_BUCKET_DAYS.map((lower, i) => {
  const upper = LEAD_TIME_BUCKET_DAYS[i + 1];
  const below = upper === undefined ? '' : ` AND lead_ms < ${upper * DAY_MS}`;
  return `count(*) FILTER (WHERE status = 'completed' AND lead_ms >= ${lower * DAY_MS}${below}) AS lead_bucket_${i}`;
}).join(',\n           ');

/** The buckets' counts of LEAD_BUCKET_COUNTS_SQL summed over cells, as one int array. */
const LEAD_BUCKETS_SUM_SQL = `ARRAY[${LEAD_TIME_BUCKET_DAYS.map((_, i) => `coalesce(sum(lead_bucket_${i}), 0)::int`).join(', ')}]`;

/**
 * The parts of the figures beyond the headline and the per-step lines, each computed only when a
 * caller asks for it (issue 14): their names are the keys of the figures' JSON they fill.
 */
export const FIGURE_BREAKDOWNS = ['agencies', 'months', 'heldByPerformer', 'worstCases'] as const;
export type FigureBreakdown = (typeof FIGURE_BREAKDOWNS)[number];

/**
 * One SOP step over the whole scope: counts and the time its ended instances took (stored, ms);
 * the times are absent when the figures were read without the steps' durations (figuresParts).
 */
export interface StepTotalRow {
  step: number;
  instances: number;
  ended: number;
  with_standard: number;
  within_standard: number;
  breaches: number;
  at_risk_now: number;
  median_ms?: number | null;
  p90_ms?: number | null;
  max_ms?: number | null;
}

/** Step counts for one agency, one month or one performer (the others' flags are 1). */
export interface StepGroupRow {
  no_agency: number;
  no_month: number;
  no_role: number;
  agency: string | null;
  month: string | null;
  performer_role: string | null;
  with_standard: number;
  within_standard: number;
  breaches: number;
  /** Time held (ms); null when the time held per performer was not asked for. */
  held_ms: number | null;
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

/**
 * The office's month starts from the period's first month on (a CTE); a month_no from
 * width_bucket(opened, (SELECT starts FROM month_starts)) indexes this array.
 */
export const MONTH_STARTS = `month_starts AS (
    SELECT ARRAY(SELECT m AT TIME ZONE $tz
                   FROM generate_series(date_trunc('month', $from::timestamptz AT TIME ZONE $tz),
                                        $before::timestamptz AT TIME ZONE $tz, interval '1 month') m) AS starts
  )`;

/** Each of MONTH_STARTS' months as a range of instants [month_from, month_before) (a CTE after it). */
export const MONTH_RANGES = `months AS (
    SELECT i AS month_no, starts[i] AS month_from, coalesce(starts[i + 1], 'infinity') AS month_before
      FROM month_starts, generate_subscripts(starts, 1) i
  )`;

/** A group's lead-time median and p90 over `leads` (one sort: the two share it). */
const LEAD_PERCENTILES_SQL = `percentile_cont(0.5) WITHIN GROUP (ORDER BY lead) AS lead_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY lead) AS lead_p90`;

/** Milliseconds of an interval, exactly (numeric), for the few aggregated values only. */
const ms = (interval: string) => `(extract(epoch FROM ${interval}) * 1000)::float8`;

/**
 * SCOPE_FILTER's selection over one table alone (`renewal r`, or `step_instance s` through the
 * renewal's opening, agency and SOP version copied onto each step): no join per row.
 */
export const scopeOn = (
  table: string,
  opened: string,
) => `${table}.${opened} >= $from AND ${table}.${opened} < $before
           AND ($agency::text IS NULL OR ${table}.agency_id = (SELECT id FROM agency WHERE name = $agency))
           AND ($version::int IS NULL OR ${table}.sop_version_id IN (SELECT id FROM sop_version WHERE version = $version))`;

/** The statement's `$name` placeholders as positional `?` with their values in order of appearance. */
export function bind(sql: string, values: Readonly<Record<string, unknown>>): [string, unknown[]] {
  const params: unknown[] = [];
  const text = sql.replace(/\$([a-z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for $${name}`);
    params.push(values[name]);
    return '?';
  });
  return [text, params];
}

/**
 * The figures as up to five statements, only the parts asked for (`include`): the renewals'
 * counts and their lead times (each for the headline as one group, and a group per asked
 * breakdown), and the ended steps' per-step lines, breakdowns and worst cases (none of them
 * judges at `now`, so their answers may be kept: KeptReads; the running steps are
 * runningStepsSql's, added by withRunningSteps). They share no rows, so they can run on connections of their
 * own at once (ComplianceRepository.figures); each gives one row whose columns are the figures'
 * raw parts. The steps are selected from `step_instance` alone through the scope copied onto
 * each step, so no figure joins a million step rows to their renewals: the per-step lines are
 * one pass over an index in (step, elapsed) order, the step breakdowns one hashed pass over the
 * finest cells they need. Times held and lead times are read as stored (ms) when steps ended and
 * renewals closed. Names, month labels and milliseconds are made for the few aggregated rows at
 * the end. Measured in test/bench/side-by-side.bench.ts.
 */
function figuresSql(
  measure: SlaMeasure,
  include: ReadonlySet<FigureBreakdown>,
  stepDurations: boolean,
): FiguresSql {
  const agencies = include.has('agencies');
  const months = include.has('months');
  const held = include.has('heldByPerformer');
  const worst = include.has('worstCases');
  const monthNo = (opened: string) =>
    months ? `width_bucket(${opened}, (SELECT starts FROM month_starts))` : 'NULL::int';
  const monthLabel = (no: string) =>
    `to_char((SELECT starts FROM month_starts)[${no}] AT TIME ZONE $tz, 'YYYY-MM')`;
  /** Renewal groups: the whole scope, then one set per asked breakdown. */
  const renewalDims = [agencies && 'agency_id', months && 'month_no'].filter((d) => d !== false);
  /** Step breakdowns (the per-step line is step_totals). */
  const stepDims = [agencies && 'agency_id', months && 'month_no', held && 'performer_role'].filter(
    (d) => d !== false,
  );
  const grouped = (dim: string, dims: readonly string[], type: string) =>
    dims.includes(dim) ? { flag: `grouping(${dim})`, value: dim } : { flag: '1', value: `NULL::${type}` };
  const agencyOf = grouped('agency_id', renewalDims, 'uuid');
  const monthOf = grouped('month_no', renewalDims, 'int');
  const stepAgency = grouped('agency_id', stepDims, 'uuid');
  const stepMonth = grouped('month_no', stepDims, 'int');
  const stepRole = grouped('performer_role', stepDims, 'text');
  const monthStarts = months ? `${MONTH_STARTS},` : '';
  // As measured, the step cells' months are ranges of step_instance_renewal_opened_at_index
  // (index-only). As recalculated the cells read the heap anyway (coalesce(recalc_*, sla_*) is in
  // no index): there one pass computing each row's month beats a bitmap scan per month.
  const monthRanges = months && measure === 'measured';
  /** The step cells' keys besides a month of monthRanges. */
  const cellKeys = monthRanges ? stepDims.filter((d) => d !== 'month_no') : stepDims;
  /** What each step cell counts of its ended steps: judged, kept, breaches, time held (ms, as stored). */
  const stepCellCounts = `count(*) FILTER (WHERE deadline_at IS NOT NULL) AS with_standard,
           count(*) FILTER (WHERE sla_status = 'met') AS within_standard,
           count(*) FILTER (WHERE sla_status = 'breached') AS breaches,
           ${held ? 'sum(held_ms)' : 'NULL::numeric'} AS held`;
  const renewals = `
  scoped AS NOT MATERIALIZED (
    SELECT r.status, r.round, r.agency_id, ${monthNo('r.opened_at')} AS month_no, r.lead_ms
      FROM renewal r
     WHERE ${scopeOn('r', 'opened_at')}
  )`;
  const steps = `
  -- Not materialised: each figure below scans the steps in parallel workers where PostgreSQL can.
  -- Ended steps only: what is judged at a moment (running steps) is runningStepsSql's.
  steps AS NOT MATERIALIZED (
    SELECT s.renewal_id, s.renewal_opened_at, s.step, s.round, s.performer_role, s.started_at, s.ended_at, s.deadline_at,
           s.at_risk_at, s.standard_ms, s.standard_basis, s.agency_id, s.held_ms,
           ${endedStatusSql('s.', measure)} AS sla_status, ${elapsedMsSql('s.', measure)} AS elapsed_ms,
           ${overrunMsSql('s.', measure)} AS overrun_ms, ${monthNo('s.renewal_opened_at')} AS month_no
      FROM step_instance s
     WHERE ${scopeOn('s', 'renewal_opened_at')} AND s.ended_at IS NOT NULL
  )`;
  return {
    renewalCounts: `
  WITH ${monthStarts}${renewals},
  -- Counts of the finest cells asked for, hashed in one pass over the renewals' counting index;
  -- the groups roll up from them.
  renewal_cells AS (
    SELECT ${renewalDims.length ? `${renewalDims.join(', ')},` : ''}
           count(*) AS opened,
           count(*) FILTER (WHERE status = 'completed') AS completed,
           count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
           count(*) FILTER (WHERE round > 1) AS reworked,
           sum(round) AS rounds,
           ${LEAD_BUCKET_COUNTS_SQL}
      FROM scoped${renewalDims.length ? ` GROUP BY ${renewalDims.join(', ')}` : ''}
  ),
  renewal_counts AS (
    SELECT ${agencyOf.flag} AS by_all_agencies, ${monthOf.flag} AS by_all_months,
           ${agencyOf.value} AS agency_id, ${monthOf.value} AS month_no,
           coalesce(sum(opened), 0)::int AS opened, coalesce(sum(completed), 0)::int AS completed,
           coalesce(sum(cancelled), 0)::int AS cancelled,
           coalesce(sum(opened - completed - cancelled), 0)::int AS running,
           coalesce(sum(reworked), 0)::int AS reworked,
           -- avg(round) as PostgreSQL computes it: the numeric sum over the count.
           (sum(rounds)::numeric / sum(opened))::float8 AS average_rounds,
           ${LEAD_BUCKETS_SUM_SQL} AS lead_buckets
      FROM renewal_cells GROUP BY GROUPING SETS (${['()', ...renewalDims.map((d) => `(${d})`)].join(', ')})
  )
  SELECT (SELECT json_agg(json_build_object(
              'by_all_agencies', g.by_all_agencies, 'by_all_months', g.by_all_months, 'agency', a.name,
              'month', ${months ? monthLabel('g.month_no') : 'NULL'},
              'opened', g.opened, 'completed', g.completed, 'cancelled', g.cancelled, 'running', g.running,
              'reworked', g.reworked, 'average_rounds', g.average_rounds, 'lead_buckets', g.lead_buckets))
       FROM renewal_counts g LEFT JOIN agency a ON a.id = g.agency_id) AS renewal_groups`,
    leadTimes: `
  WITH ${monthStarts}${renewals},
  -- The completed renewals' stored lead times as the interval closed_at - opened_at was (days,
  -- then time: justify_hours), so the percentiles interpolate exactly as they did over it. Each
  -- agency's come in lead order from renewal_completed_lead_index: the median's sort finds them sorted.
  leads AS NOT MATERIALIZED (
    SELECT agency_id, month_no, justify_hours(lead_ms * interval '1 millisecond') AS lead
      FROM scoped WHERE status = 'completed'
  ),
  lead_times AS (
    SELECT 1 AS by_all_agencies, 1 AS by_all_months, NULL::uuid AS agency_id, NULL::int AS month_no,
           ${LEAD_PERCENTILES_SQL} FROM leads${
             agencies
               ? `
    UNION ALL
    SELECT 0, 1, agency_id, NULL, ${LEAD_PERCENTILES_SQL} FROM leads GROUP BY agency_id`
               : ''
           }${
             months
               ? `
    UNION ALL
    SELECT 1, 0, NULL, month_no, ${LEAD_PERCENTILES_SQL} FROM leads GROUP BY month_no`
               : ''
           }
  )
  SELECT (SELECT json_agg(json_build_object(
              'by_all_agencies', l.by_all_agencies, 'by_all_months', l.by_all_months, 'agency', a.name,
              'month', ${months ? monthLabel('l.month_no') : 'NULL'},
              'lead_median_ms', ${ms('l.lead_median')}, 'lead_p90_ms', ${ms('l.lead_p90')}))
       FROM lead_times l LEFT JOIN agency a ON a.id = l.agency_id) AS lead_times`,
    stepTotals: `
  WITH ${monthStarts}${steps},
  -- Time taken in each step's basis, as stored when it ended: never raw timestamp subtraction.
  -- A long period: one pass over step_instance_step_elapsed_index, which holds every column read
  -- here, in (step, elapsed) order: neither the grouping nor the percentiles' own sorts reorder
  -- anything. A month: its range of step_instance_renewal_opened_at_index, which holds them too.
  -- Without the durations, counts alone: hashed by step, nothing sorted.
  step_totals AS (
    SELECT step,
           count(*)::int AS instances,
           count(*)::int AS ended,
           count(*) FILTER (WHERE deadline_at IS NOT NULL)::int AS with_standard,
           -- steps.sla_status already holds the chosen measure's status.
           count(*) FILTER (WHERE sla_status = 'met')::int AS within_standard,
           count(*) FILTER (WHERE sla_status = 'breached')::int AS breaches,
           -- An ended step is never at risk: the running ones are counted by runningStepsSql.
           0 AS at_risk_now${
             stepDurations
               ? `,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_ms) AS median_ms,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_ms) AS p90_ms,
           max(elapsed_ms)::float8 AS max_ms`
               : ''
           }
      FROM steps GROUP BY step
  )
  SELECT (SELECT json_agg(t ORDER BY t.step) FROM step_totals t) AS step_totals`,
    stepGroups: stepDims.length
      ? `
  WITH ${monthStarts}${steps},
  -- One hash lookup per step row for the finest cells asked for, over the columns that
  -- step_instance_renewal_opened_at_index carries (index-only); the breakdowns roll up from them.
  -- By month, one range of that index per month (the month is the range's, not computed per row).
  ${
    monthRanges
      ? `${MONTH_RANGES},
  step_cells AS (
    SELECT m.month_no, c.* FROM months m CROSS JOIN LATERAL (
      SELECT ${cellKeys.length ? `${cellKeys.join(', ')}, ` : ''}${stepCellCounts}
        FROM steps WHERE renewal_opened_at >= m.month_from AND renewal_opened_at < m.month_before
       ${cellKeys.length ? `GROUP BY ${cellKeys.join(', ')}` : 'HAVING count(*) > 0'}) c
  ),`
      : `step_cells AS (
    SELECT ${cellKeys.join(', ')}, ${stepCellCounts} FROM steps GROUP BY ${cellKeys.join(', ')}
  ),`
  }
  step_groups AS (
    SELECT ${stepAgency.flag} AS no_agency, ${stepMonth.flag} AS no_month, ${stepRole.flag} AS no_role,
           ${stepAgency.value} AS agency_id, ${stepMonth.value} AS month_no, ${stepRole.value} AS performer_role,
           sum(with_standard)::int AS with_standard, sum(within_standard)::int AS within_standard,
           sum(breaches)::int AS breaches, sum(held) AS held
      FROM step_cells GROUP BY GROUPING SETS (${stepDims.map((d) => `(${d})`).join(', ')})
  )
  SELECT (SELECT json_agg(json_build_object(
              'no_agency', g.no_agency, 'no_month', g.no_month, 'no_role', g.no_role, 'agency', a.name,
              'month', ${months ? monthLabel('g.month_no') : 'NULL'},
              'performer_role', g.performer_role, 'with_standard', g.with_standard,
              'within_standard', g.within_standard, 'breaches', g.breaches, 'held_ms', g.held::float8))
       FROM step_groups g LEFT JOIN agency a ON a.id = g.agency_id) AS step_groups`
      : null,
    worst: worst
      ? `
  WITH ${monthStarts}${steps},
  -- The ten worst ended breaches by stored overrun; the running ones past their deadline are
  -- runningStepsSql's (their basis-aware overrun the domain measures), and the service keeps the worst ten.
  worst AS (
    SELECT renewal_id, step, round, started_at, ended_at, standard_ms, overrun_ms
      FROM steps WHERE sla_status = 'breached'
     ORDER BY overrun_ms DESC, renewal_id, step LIMIT 10
  )
  SELECT (SELECT json_agg(json_build_object(
              'running', NULL,
              'renewal_id', w.renewal_id, 'holder_name', who.holder_name, 'agency', who.agency, 'step', w.step,
              'round', w.round, 'started_at', w.started_at, 'ended_at', w.ended_at,
              'standard_ms', w.standard_ms::float8, 'overrun_ms', w.overrun_ms::float8)
              ORDER BY w.overrun_ms DESC, w.renewal_id, w.step)
       FROM worst w
       -- Looked up for the few rows only, by key.
       CROSS JOIN LATERAL (SELECT h.name AS holder_name, a.name AS agency
                             FROM renewal r JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
                            WHERE r.id = w.renewal_id LIMIT 1) who) AS worst`
      : null,
  };
}

/**
 * The scope's running steps judged at `$now` (breachedSql, atRiskNowSql; time held until then,
 * never negative: stepHeldMs, as another process's clock may have started it after now), counted
 * in the finest cells the figures' lines and breakdowns need (RunningCellRow: step, agency, month,
 * performer role), and with `worst` those past their deadline listed for the worst cases
 * (RunningBreachRow). They are few (a running step ends within its standard or is a breach): read
 * from step_instance_running_opened_at_index alone, where figuresSql reads the ended ones. A
 * running step has no stored status in either measure, hence breachedSql's 'measured' (the
 * index's columns) whatever the figures' measure.
 */
const runningStepsSql = (worst: boolean) => `
  WITH running AS NOT MATERIALIZED (
    SELECT s.renewal_id, s.round, s.step, s.performer_role, s.agency_id, s.renewal_opened_at, s.started_at,
           s.standard_ms, s.standard_basis, s.deadline_at,
           ${breachedSql('s.', '$now', 'measured')} AS breached, ${atRiskNowSql('s.', '$now')} AS at_risk,
           greatest(0, (extract(epoch FROM $now - s.started_at) * 1000)::bigint) AS held_ms
      FROM step_instance s
     WHERE ${scopeOn('s', 'renewal_opened_at')} AND s.ended_at IS NULL
  )
  SELECT (SELECT json_agg(c) FROM (
            SELECT r.step, a.name AS agency, to_char(r.renewal_opened_at AT TIME ZONE $tz, 'YYYY-MM') AS month,
                   r.performer_role, count(*)::int AS instances, count(*) FILTER (WHERE r.breached)::int AS breaches,
                   count(*) FILTER (WHERE r.at_risk)::int AS at_risk_now, sum(r.held_ms)::float8 AS held_ms
              FROM running r JOIN agency a ON a.id = r.agency_id
             GROUP BY 1, 2, 3, 4) c) AS running_cells${
               worst
                 ? `,
         (SELECT json_agg(json_build_object(
                   'renewal_id', r.renewal_id, 'holder_name', who.holder_name, 'agency', who.agency, 'step', r.step,
                   'round', r.round, 'started_at', r.started_at, 'standard_ms', r.standard_ms::float8,
                   'standard_basis', r.standard_basis, 'deadline_at', r.deadline_at))
            FROM running r
            -- Looked up for the few rows only, by key: LIMIT keeps the planner from hashing every
            -- renewal of the table when it expects many running breaches (measured 0.16 s of 1M).
            CROSS JOIN LATERAL (SELECT h.name AS holder_name, a.name AS agency
                                  FROM renewal rn JOIN holder h ON h.id = rn.holder_id JOIN agency a ON a.id = rn.agency_id
                                 WHERE rn.id = r.renewal_id LIMIT 1) who
           WHERE r.breached) AS running_breaches`
                 : ''
             }`;

/** Running steps of the scope judged at its `now`, counted in one cell (runningStepsSql). */
export interface RunningCellRow {
  step: number;
  agency: string;
  /** YYYY-MM of the renewals' opening, in the office's zone (the figures' month). */
  month: string;
  performer_role: string;
  instances: number;
  breaches: number;
  at_risk_now: number;
  /** Time held until now, ms. */
  held_ms: number;
}

/** A running step of the scope past its deadline at its `now` (runningStepsSql): a worst case. */
export interface RunningBreachRow {
  renewal_id: string;
  holder_name: string;
  agency: string;
  step: number;
  round: number;
  started_at: string;
  standard_ms: number;
  standard_basis: string;
  deadline_at: string;
}

/**
 * The statements of the figures (figuresSql): stepGroups is null when no step breakdown is asked
 * for, worst when the worst cases are not.
 */
interface FiguresSql {
  readonly renewalCounts: string;
  readonly leadTimes: string;
  readonly stepTotals: string;
  readonly stepGroups: string | null;
  readonly worst: string | null;
}

/**
 * Memory of each sort or hash of the figures' statement: a year's elapsed times of one step
 * (250,000 of 1M rows) sorted in memory rather than in 4 MB runs on disk (measured 2.2x faster).
 */
const FIGURES_WORK_MEM = '64MB';

/**
 * Compliance figures computed in PostgreSQL, set-based. The scope is the renewals opened in
 * the period (and agency / SOP version); every figure is about those renewals and their steps.
 */
@Injectable()
export class ComplianceRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly tx: TransactionRunner,
    private readonly kept: KeptReads,
  ) {}

  /** Whether an agency (OPD) of this name has ever been recorded. */
  async agencyExists(name: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>('SELECT 1 FROM agency WHERE name = ? LIMIT 1', [name]);
    return rows.length > 0;
  }

  /**
   * The scope's figures, the breakdowns in `include` among them, all read at one moment. Inside
   * a caller's transaction they are one statement on its connection (its snapshot, its own
   * writes: nothing kept is used); otherwise as figuresParts, at once on connections of their own
   * that read the first one's snapshot (TransactionRunner.snapshotParts), with what was kept of
   * the last heard write (KeptReads: another process's write is heard within milliseconds of its
   * commit; one committed in between is read for the running steps and not yet for the rest).
   */
  async figures(scope: ComplianceScope, include: readonly FigureBreakdown[]) {
    if (this.em.isInTransaction()) {
      const { mine, theirs } = figuresStatements(scope, include);
      return rawFigures(await this.inOneStatement([...mine, ...theirs]), include);
    }
    const { parts, figures } = this.figuresParts(scope, include);
    return figures(await this.tx.snapshotParts(parts));
  }

  /**
   * The statements of `figures`, not yet started, as the two parts of about the same CPU that
   * `figures` runs at once, for a caller that reads them beside other reads in one
   * TransactionRunner.snapshotParts (a report with its previous period and trend); to be called
   * before that snapshot is taken. The statements that do not judge at `now` (renewals, ended
   * steps) are answered from KeptReads when no write was heard since they were last read; the
   * running steps are always read, so there is always a part. Each part runs what it must read in
   * turn in its part's transaction, with the figures' planner settings put back after them: parts
   * that fall back to running in turn share one transaction. `figures(rows)` makes of the parts'
   * results, in order, what `figures` answers. `stepDurations: false` leaves out the steps' times
   * (StepTotalRow's median, p90 and max), the one figure that sorts the period's step rows, for a
   * period only compared with (an overview's previous one): with no breakdown either, what is
   * left is cheap enough to be one part.
   */
  figuresParts(scope: ComplianceScope, include: readonly FigureBreakdown[], stepDurations = true) {
    const { mine, theirs } = figuresStatements(scope, include, stepDurations);
    const split = stepDurations || include.length ? [mine, theirs] : [[...mine, ...theirs]];
    const answer = (statement: Statement) => () =>
      withSettings(
        this.em,
        statement.settings,
        async () => (await this.em.execute<FiguresRow[]>(statement.text, statement.params))[0],
      );
    const planned = split.map((statements) =>
      statements.map((statement) => ({
        statement,
        ...(statement.judgedAtNow
          ? { kept: undefined, read: answer(statement) }
          : this.kept.plan(statement.text, statement.params, answer(statement))),
      })),
    );
    // What was kept answers now; the parts read the rest, a part with nothing left out.
    const kept: FiguresRow = Object.assign({}, ...planned.flat().map((p) => p.kept ?? {}));
    const parts = planned
      .map((reads) => reads.filter((p) => p.kept === undefined))
      .filter((reads) => reads.length > 0)
      .map((reads) => async () => {
        // The figures' settings for the large reads; the running steps alone plan as they are.
        const settings = reads.some((p) => !p.statement.judgedAtNow) ? FIGURES_SETTINGS : {};
        return withSettings(this.em, settings, async () => {
          const row: FiguresRow = {};
          for (const p of reads) Object.assign(row, await p.read());
          return row;
        });
      });
    return {
      parts,
      figures: (rows: readonly FiguresRow[]) =>
        rawFigures(Object.assign({}, kept, ...rows) as FiguresRow, include),
    };
  }

  private inOneStatement(statements: readonly Statement[]): Promise<FiguresRow> {
    // One statement: the settings of each part hold for all of them. They are put back since the
    // caller's transaction goes on (a savepoint's release keeps SET LOCAL): its next statements,
    // such as a report's ordered and limited reads, plan as they would have.
    return this.em.transactional((em) =>
      withSettings(
        em,
        Object.assign({}, FIGURES_SETTINGS, ...statements.map((s) => s.settings)),
        async () =>
          (
            await em.execute<FiguresRow[]>(
              `SELECT * FROM ${statements.map((s, i) => `(${s.text}) part${i}`).join(', ')}`,
              statements.flatMap((s) => s.params),
            )
          )[0],
      ),
    );
  }
}

/**
 * The figures' statements (figuresSql, runningStepsSql) bound to the scope, in two lists that
 * cost about the same CPU. Shared between the two connections about evenly (serial CPU, a year of
 * 1M step rows: step cells ~0.33 s + renewal counts ~0.13 s against step totals ~0.28 s + lead
 * times ~0.18 s; without breakdowns, renewal counts and lead times ~0.12 s against step totals).
 * The running steps' statement is small (a few hundred rows of 1M).
 */
function figuresStatements(
  scope: ComplianceScope,
  include: readonly FigureBreakdown[],
  stepDurations = true,
) {
  const measure = scope.measure ?? 'measured';
  const sql = figuresSql(measure, new Set(include), stepDurations);
  const values = {
    tz: scope.timeZone,
    from: scope.from,
    before: scope.before,
    agency: scope.agency ?? null,
    version: scope.sopVersion ?? null,
    now: scope.now,
  };
  const steps = STEP_SETTINGS[measure];
  const statements = (texts: readonly (readonly [string | null, PlannerSettings, boolean?])[]) =>
    texts.flatMap(([text, settings, judgedAtNow = false]): Statement[] => {
      if (text === null) return [];
      const [bound, params] = bind(text, values);
      return [{ text: bound, params, settings, judgedAtNow }];
    });
  const grouped = sql.stepGroups !== null;
  return {
    mine: statements([
      [sql.stepGroups, steps],
      [sql.renewalCounts, {}],
      [grouped ? null : sql.leadTimes, {}],
    ]),
    theirs: statements([
      [sql.stepTotals, steps],
      [grouped ? sql.leadTimes : null, {}],
      [sql.worst, steps],
      [runningStepsSql(include.includes('worstCases')), {}, true],
    ]),
  };
}

/**
 * The figures' raw parts from the columns of their statements' rows (FiguresRow): the ended
 * steps' lines and breakdowns with the running steps' added (withRunningSteps).
 */
function rawFigures(row: FiguresRow, include: readonly FigureBreakdown[]) {
  return {
    renewalGroups: withLeadTimes(row.renewal_groups ?? [], row.lead_times ?? []),
    ...withRunningSteps(row, new Set(include)),
  };
}

/**
 * The figures' per-step lines, step breakdowns and worst cases of the ended steps (figuresSql)
 * with the running steps' cells judged at now added (runningStepsSql): each step counts as an instance of its step, in its
 * cells (agency, month, performer role: those the breakdowns asked for have rows), a breach
 * when past its deadline, at risk now, and its time held so far; past its deadline, a worst
 * case the domain measures. The lines and cells the running steps alone have are added.
 */
function withRunningSteps(row: FiguresRow, include: ReadonlySet<FigureBreakdown>) {
  // Copies, by key: the kept answers they come from are frozen.
  const stepTotals = new Map((row.step_totals ?? []).map((t) => [t.step, { ...t }]));
  const stepGroups = new Map(
    (row.step_groups ?? []).map((g) => [groupKey(g), { ...g }] as [string, StepGroupRow]),
  );
  // The grouping sets of the step breakdowns asked for, one per dimension (its flag is 0 there).
  const sets = STEP_GROUP_SETS.filter(([breakdown]) => include.has(breakdown)).map(([, dim]) => dim);
  const held = include.has('heldByPerformer');
  for (const c of row.running_cells ?? []) {
    let line = stepTotals.get(c.step);
    if (!line) {
      line = {
        step: c.step,
        instances: 0,
        ended: 0,
        with_standard: 0,
        within_standard: 0,
        breaches: 0,
        at_risk_now: 0,
      };
      stepTotals.set(c.step, line);
    }
    line.instances += c.instances;
    line.breaches += c.breaches;
    line.at_risk_now += c.at_risk_now;
    for (const dim of sets) {
      const cellOf: StepGroupRow = {
        no_agency: 1,
        no_month: 1,
        no_role: 1,
        agency: null,
        month: null,
        performer_role: null,
        [GROUP_FLAG[dim]]: 0,
        [dim]: c[dim],
        with_standard: 0,
        within_standard: 0,
        breaches: 0,
        held_ms: held ? 0 : null,
      };
      const key = groupKey(cellOf);
      const cell = stepGroups.get(key) ?? stepGroups.set(key, cellOf).get(key)!;
      cell.breaches += c.breaches;
      if (cell.held_ms !== null) cell.held_ms += c.held_ms;
    }
  }
  const runningWorst: WorstCaseRow[] = (row.running_breaches ?? []).map(
    ({ standard_basis, deadline_at, ...breach }) => ({
      ...breach,
      running: { standard_basis, deadline_at },
      ended_at: null,
      overrun_ms: null,
    }),
  );
  return {
    stepTotals: [...stepTotals.values()].sort((a, b) => a.step - b.step),
    stepGroups: [...stepGroups.values()],
    worst: include.has('worstCases') ? [...(row.worst ?? []), ...runningWorst] : [],
  };
}

/** The step breakdowns' grouping sets: the breakdown, and the dimension of StepGroupRow it groups by. */
const STEP_GROUP_SETS = [
  ['agencies', 'agency'],
  ['months', 'month'],
  ['heldByPerformer', 'performer_role'],
] as const;

/** A step breakdown's line by its grouping set and the value grouped by. */
const groupKey = (g: StepGroupRow) =>
  `${g.no_agency}${g.no_month}${g.no_role}\u0000${g.agency}\u0000${g.month}\u0000${g.performer_role}`;

/** The flag of StepGroupRow that is 0 in the grouping set of each step breakdown's dimension. */
const GROUP_FLAG = { agency: 'no_agency', month: 'no_month', performer_role: 'no_role' } as const;

/**
 * A statement, its parameters, the planner settings it alone runs with (STEP_SETTINGS), and
 * whether its answer depends on the moment judged at (then never kept).
 */
interface Statement {
  readonly text: string;
  readonly params: unknown[];
  readonly settings: PlannerSettings;
  readonly judgedAtNow: boolean;
}

/** The renewal groups' counts with each group's lead-time median and p90 (null: none completed). */
function withLeadTimes(
  groups: readonly Omit<RenewalGroupRow, 'lead_median_ms' | 'lead_p90_ms'>[],
  leadTimes: readonly LeadTimeRow[],
): RenewalGroupRow[] {
  return groups.map((g) => {
    const lead = leadTimes.find(
      (l) =>
        l.by_all_agencies === g.by_all_agencies &&
        l.by_all_months === g.by_all_months &&
        l.agency === g.agency &&
        l.month === g.month,
    );
    return { ...g, lead_median_ms: lead?.lead_median_ms ?? null, lead_p90_ms: lead?.lead_p90_ms ?? null };
  });
}

/** One renewal group's lead-time percentiles (figuresSql's leadTimes). */
interface LeadTimeRow {
  by_all_agencies: number;
  by_all_months: number;
  agency: string | null;
  month: string | null;
  lead_median_ms: number | null;
  lead_p90_ms: number | null;
}

/** The columns of the figures' statements (figuresSql), each from one of them. */
export interface FiguresRow {
  renewal_groups?: Omit<RenewalGroupRow, 'lead_median_ms' | 'lead_p90_ms'>[] | null;
  lead_times?: LeadTimeRow[] | null;
  step_totals?: StepTotalRow[] | null;
  step_groups?: StepGroupRow[] | null;
  worst?: WorstCaseRow[] | null;
  running_cells?: RunningCellRow[] | null;
  running_breaches?: RunningBreachRow[] | null;
}

/**
 * The planner settings of a transaction computing figures; they end with it, or are put back
 * when the figures run inside a caller's transaction (inOneStatement). The default cost of
 * passing a row from a parallel worker keeps the planner from scanning the steps in parallel
 * (measured ~15%). Compiling the statements with JIT cost more than it saved (0.3-1.3 s of 1M
 * step rows, EXPLAIN ANALYZE). FIGURES_WORK_MEM keeps each step's percentile sort (already in
 * order from the index) in memory and the cells' aggregation hashed. As recalculated, the
 * elapsed times are coalesce(recalc_elapsed_ms, sla_elapsed_ms), which no index holds: the
 * planner still walked step_instance_step_elapsed_index for its step order, one heap visit per
 * step row (5.9 s against 1.5 s as measured, 1M step rows, auto_explain); with plain index scans
 * off it scans and sorts, and a short period still reads its slice through a bitmap scan. The
 * covering indexes the figures read are walked in order over pages the server has cached: at the
 * default random_page_cost (4, for disks that seek) the planner preferred scanning the whole heap,
 * which cost the step cells ~0.1 s more CPU of 1M rows and the renewals' counts ~0.08 s of 250,000.
 */
const FIGURES_SETTINGS: PlannerSettings = {
  parallel_tuple_cost: '0.01',
  jit: 'off',
  work_mem: FIGURES_WORK_MEM,
  random_page_cost: '1.1',
};

/**
 * Settings of the statements over the steps only (step totals, step breakdowns, worst cases), by
 * measure: as recalculated, no plain index scans (see FIGURES_SETTINGS). The renewals' statements
 * keep their index-only scans.
 */
const STEP_SETTINGS: Readonly<Record<SlaMeasure, PlannerSettings>> = {
  measured: {},
  recalculated: { enable_indexscan: 'off' },
};

/** Planner settings by name, as PostgreSQL's set_config takes them. */
type PlannerSettings = Readonly<Record<string, string>>;

/**
 * `work` with `settings` in force in `em`'s transaction, then the values they replaced put back,
 * so that the transaction's next statements plan as they would have. No settings: `work` alone.
 */
export async function withSettings<T>(
  em: EntityManager,
  settings: PlannerSettings,
  work: () => Promise<T>,
): Promise<T> {
  if (!Object.keys(settings).length) return work();
  const before = await changeSettings(em, settings);
  const result = await work();
  await changeSettings(em, before);
  return result;
}

/**
 * Sets `settings` for the rest of the transaction and answers the values they replace, read
 * first (the materialised CTE), so that `changeSettings(em, before)` puts them back.
 */
async function changeSettings(em: EntityManager, settings: PlannerSettings): Promise<PlannerSettings> {
  const [{ before }] = await em.execute<{ before: PlannerSettings }[]>(
    `WITH wanted AS (SELECT key, value FROM json_each_text(?::json)),
          before AS MATERIALIZED (SELECT json_object_agg(key, current_setting(key)) AS before FROM wanted)
     SELECT before, (SELECT count(set_config(key, value, true)) FROM wanted) FROM before`,
    [JSON.stringify(settings)],
  );
  return before;
}
