import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  atRiskNowSql,
  breachedSql,
  elapsedMsSql,
  endedStatusSql,
  overrunMsSql,
  type SlaMeasure,
} from './step-sla.sql';
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

// Built from the constant above only, never from input. `lead` is an interval (days, then time).
const LEAD_BUCKETS_SQL = `ARRAY[${LEAD_TIME_BUCKET_DAYS.map((lower, i) => {
  const upper = LEAD_TIME_BUCKET_DAYS[i + 1];
  const below = upper === undefined ? '' : ` AND lead < interval '${upper} days'`;
  return `count(*) FILTER (WHERE status = 'completed' AND lead >= interval '${lower} days'${below})::int`;
}).join(', ')}]`;

/**
 * The parts of the figures beyond the headline and the per-step lines, each computed only when a
 * caller asks for it (issue 14): their names are the keys of the figures' JSON they fill.
 */
export const FIGURE_BREAKDOWNS = ['agencies', 'months', 'heldByPerformer', 'worstCases'] as const;
export type FigureBreakdown = (typeof FIGURE_BREAKDOWNS)[number];

/** One SOP step over the whole scope: counts and the time its ended instances took (stored, ms). */
export interface StepTotalRow {
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
  held_ms: number;
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
 * The figures as three statements, only the parts asked for (`include`): the renewals (the
 * headline as one group, and a grouping set per asked breakdown), the steps (one line per SOP
 * step and the step breakdowns) and the worst cases. They share no rows, so they can run on
 * connections of their own at once (ComplianceRepository.figures); each gives one row whose
 * columns are the figures' raw parts. The steps are selected from `step_instance` alone through
 * the scope copied onto each step, so no figure joins a million step rows to their renewals: the
 * per-step line is one pass over an index in (step, elapsed) order, the step breakdowns one
 * parallel hash pass over the finest cells they need. Names, month labels and
 * milliseconds are made for the few aggregated rows at the end. Measured in
 * test/bench/side-by-side.bench.ts.
 */
function figuresSql(measure: SlaMeasure, include: ReadonlySet<FigureBreakdown>): FiguresSql {
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
  const breached = breachedSql('', '$now', 'measured');
  const monthStarts = months ? `${MONTH_STARTS},` : '';
  const steps = `
  -- Not materialised: each figure below scans the steps in parallel workers where PostgreSQL can.
  steps AS NOT MATERIALIZED (
    SELECT s.renewal_id, s.step, s.round, s.performer_role, s.started_at, s.ended_at, s.deadline_at,
           s.at_risk_at, s.standard_ms, s.standard_basis, s.agency_id,
           ${endedStatusSql('s.', measure)} AS sla_status, ${elapsedMsSql('s.', measure)} AS elapsed_ms,
           ${overrunMsSql('s.', measure)} AS overrun_ms, ${monthNo('s.renewal_opened_at')} AS month_no
      FROM step_instance s
     WHERE ${scopeOn('s', 'renewal_opened_at')}
  )`;
  return {
    renewals: `
  WITH ${monthStarts}
  scoped AS (
    SELECT r.status, r.round, r.agency_id, ${monthNo('r.opened_at')} AS month_no, r.closed_at - r.opened_at AS lead
      FROM renewal r
     WHERE ${scopeOn('r', 'opened_at')}
  ),
  renewal_groups AS (
    SELECT ${agencyOf.flag} AS by_all_agencies, ${monthOf.flag} AS by_all_months,
           ${agencyOf.value} AS agency_id, ${monthOf.value} AS month_no,
           count(*)::int AS opened,
           count(*) FILTER (WHERE status = 'completed')::int AS completed,
           count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
           count(*) FILTER (WHERE status NOT IN ('completed', 'cancelled'))::int AS running,
           count(*) FILTER (WHERE round > 1)::int AS reworked,
           avg(round)::float8 AS average_rounds,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY lead) FILTER (WHERE status = 'completed') AS lead_median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY lead) FILTER (WHERE status = 'completed') AS lead_p90,
           ${LEAD_BUCKETS_SQL} AS lead_buckets
      FROM scoped GROUP BY GROUPING SETS (${['()', ...renewalDims.map((d) => `(${d})`)].join(', ')})
  )
  SELECT (SELECT json_agg(json_build_object(
              'by_all_agencies', g.by_all_agencies, 'by_all_months', g.by_all_months, 'agency', a.name,
              'month', ${months ? monthLabel('g.month_no') : 'NULL'},
              'opened', g.opened, 'completed', g.completed, 'cancelled', g.cancelled, 'running', g.running,
              'reworked', g.reworked, 'average_rounds', g.average_rounds, 'lead_median_ms', ${ms('g.lead_median')},
              'lead_p90_ms', ${ms('g.lead_p90')}, 'lead_buckets', g.lead_buckets))
       FROM renewal_groups g LEFT JOIN agency a ON a.id = g.agency_id) AS renewal_groups`,
    steps: `
  WITH ${monthStarts}${steps},
  -- Time taken in each step's basis, as stored when it ended: never raw timestamp subtraction.
  -- One pass over step_instance_step_elapsed_index, which holds every column read here, in
  -- (step, elapsed) order: neither the grouping nor the percentiles' own sorts reorder anything.
  step_totals AS (
    SELECT step,
           count(*)::int AS instances,
           count(*) FILTER (WHERE ended_at IS NOT NULL)::int AS ended,
           count(*) FILTER (WHERE ended_at IS NOT NULL AND deadline_at IS NOT NULL)::int AS with_standard,
           count(*) FILTER (WHERE sla_status = 'met')::int AS within_standard,
           -- steps.sla_status already holds the chosen measure's status, hence 'measured' here.
           count(*) FILTER (WHERE ${breached})::int AS breaches,
           count(*) FILTER (WHERE ${atRiskNowSql('', '$now')})::int AS at_risk_now,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY elapsed_ms) AS median_ms,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY elapsed_ms) AS p90_ms,
           max(elapsed_ms)::float8 AS max_ms
      FROM steps GROUP BY step
  )${
    stepDims.length
      ? `,
  -- One hash lookup per step row for the finest cells asked for; the breakdowns roll up from them.
  step_cells AS (
    SELECT ${stepDims.join(', ')},
           count(*) FILTER (WHERE ended_at IS NOT NULL AND deadline_at IS NOT NULL) AS with_standard,
           count(*) FILTER (WHERE sla_status = 'met') AS within_standard,
           count(*) FILTER (WHERE ${breached}) AS breaches,
           ${held ? `sum(coalesce(ended_at, $now) - started_at)` : 'NULL::interval'} AS held
      FROM steps GROUP BY ${stepDims.join(', ')}
  ),
  step_groups AS (
    SELECT ${stepAgency.flag} AS no_agency, ${stepMonth.flag} AS no_month, ${stepRole.flag} AS no_role,
           ${stepAgency.value} AS agency_id, ${stepMonth.value} AS month_no, ${stepRole.value} AS performer_role,
           sum(with_standard)::int AS with_standard, sum(within_standard)::int AS within_standard,
           sum(breaches)::int AS breaches, sum(held) AS held
      FROM step_cells GROUP BY GROUPING SETS (${stepDims.map((d) => `(${d})`).join(', ')})
  )`
      : ''
  }
  SELECT (SELECT json_agg(t ORDER BY t.step) FROM step_totals t) AS step_totals,
    ${
      stepDims.length
        ? `(SELECT json_agg(json_build_object(
              'no_agency', g.no_agency, 'no_month', g.no_month, 'no_role', g.no_role, 'agency', a.name,
              'month', ${months ? monthLabel('g.month_no') : 'NULL'},
              'performer_role', g.performer_role, 'with_standard', g.with_standard,
              'within_standard', g.within_standard, 'breaches', g.breaches, 'held_ms', ${ms('g.held')}))
       FROM step_groups g LEFT JOIN agency a ON a.id = g.agency_id)`
        : 'NULL::json'
    } AS step_groups`,
    worst: worst
      ? `
  WITH ${monthStarts}${steps},
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
  SELECT (SELECT json_agg(json_build_object(
              'running', CASE WHEN w.ended_at IS NULL
                              THEN json_build_object('standard_basis', w.standard_basis, 'deadline_at', w.deadline_at) END,
              'renewal_id', w.renewal_id, 'holder_name', who.holder_name, 'agency', who.agency, 'step', w.step,
              'round', w.round, 'started_at', w.started_at, 'ended_at', w.ended_at,
              'standard_ms', w.standard_ms::float8, 'overrun_ms', w.overrun_ms::float8)
              ORDER BY w.overrun_ms DESC NULLS LAST, w.renewal_id, w.step)
       FROM worst w
       -- Looked up for the few rows only, by key: LIMIT keeps the planner from hashing every
       -- renewal of the table when it expects many running breaches (measured 0.16 s of 1M).
       CROSS JOIN LATERAL (SELECT h.name AS holder_name, a.name AS agency
                             FROM renewal r JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
                            WHERE r.id = w.renewal_id LIMIT 1) who) AS worst`
      : null,
  };
}

/** The statements of the figures (figuresSql): worst is null when the worst cases are not asked for. */
interface FiguresSql {
  readonly renewals: string;
  readonly steps: string;
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
  ) {}

  /** Whether an agency (OPD) of this name has ever been recorded. */
  async agencyExists(name: string): Promise<boolean> {
    const rows = await this.em.execute<unknown[]>('SELECT 1 FROM agency WHERE name = ? LIMIT 1', [name]);
    return rows.length > 0;
  }

  /**
   * The scope's figures, the breakdowns in `include` among them, all read at one moment. Inside
   * a caller's transaction they are one statement on its connection (its snapshot); otherwise
   * the steps run on one connection while the renewals and the worst cases run on a second
   * that reads the first one's snapshot (TransactionRunner.snapshotParts), so PostgreSQL works
   * on both at once.
   */
  async figures(scope: ComplianceScope, include: readonly FigureBreakdown[]) {
    const measure = scope.measure ?? 'measured';
    const sql = figuresSql(measure, new Set(include));
    const values = {
      tz: scope.timeZone,
      from: scope.from,
      before: scope.before,
      agency: scope.agency ?? null,
      version: scope.sopVersion ?? null,
      now: scope.now,
    };
    const [steps, ...others] = [sql.steps, sql.renewals, sql.worst]
      .filter((text) => text !== null)
      .map((text) => bind(text, values));
    const row = this.em.isInTransaction()
      ? await this.inOneStatement([steps, ...others], measure)
      : (Object.assign(
          {},
          ...(
            await this.tx.snapshotParts([
              (em) => inOrder(em, [steps], measure),
              (em) => inOrder(em, others, measure),
            ])
          ).flat(),
        ) as FiguresRow);
    return {
      renewalGroups: row.renewal_groups ?? [],
      stepTotals: row.step_totals ?? [],
      stepGroups: row.step_groups ?? [],
      worst: row.worst ?? [],
    };
  }

  private inOneStatement(statements: readonly Statement[], measure: SlaMeasure): Promise<FiguresRow> {
    return this.em.transactional(async (em) => {
      const before = await figuresSettings(em, measure);
      const [row] = await em.execute<FiguresRow[]>(
        `SELECT * FROM ${statements.map(([text], i) => `(${text}) part${i}`).join(', ')}`,
        statements.flatMap(([, params]) => params),
      );
      // The caller's transaction goes on (a savepoint's release keeps SET LOCAL): its next
      // statements, such as a report's ordered and limited reads, plan as they would have.
      await changeSettings(em, before);
      return row;
    });
  }
}

/** `statements` one after another in a transaction of the figures' own (its settings end with it). */
async function inOrder(
  em: EntityManager,
  statements: readonly Statement[],
  measure: SlaMeasure,
): Promise<FiguresRow[]> {
  await figuresSettings(em, measure);
  const rows: FiguresRow[] = [];
  for (const [text, params] of statements) rows.push((await em.execute<FiguresRow[]>(text, params))[0]);
  return rows;
}

type Statement = [string, unknown[]];

/** The columns of the figures' statements (figuresSql), each from one of them. */
interface FiguresRow {
  renewal_groups?: RenewalGroupRow[] | null;
  step_totals?: StepTotalRow[] | null;
  step_groups?: StepGroupRow[] | null;
  worst?: WorstCaseRow[] | null;
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
 * off it scans and sorts, and a short period still reads its slice through a bitmap scan.
 */
function figuresSettings(em: EntityManager, measure: SlaMeasure): Promise<PlannerSettings> {
  const settings: PlannerSettings = {
    parallel_tuple_cost: '0.01',
    jit: 'off',
    work_mem: FIGURES_WORK_MEM,
    ...(measure === 'recalculated' ? { enable_indexscan: 'off' } : {}),
  };
  return changeSettings(em, settings);
}

/** Planner settings by name, as PostgreSQL's set_config takes them. */
type PlannerSettings = Readonly<Record<string, string>>;

/**
 * Sets `settings` for the rest of the transaction and answers the values they replace, read
 * first (the materialised CTE), so that `changeSettings(em, before)` puts them back.
 */
export async function changeSettings(em: EntityManager, settings: PlannerSettings): Promise<PlannerSettings> {
  const [{ before }] = await em.execute<{ before: PlannerSettings }[]>(
    `WITH wanted AS (SELECT key, value FROM json_each_text(?::json)),
          before AS MATERIALIZED (SELECT json_object_agg(key, current_setting(key)) AS before FROM wanted)
     SELECT before, (SELECT count(set_config(key, value, true)) FROM wanted) FROM before`,
    [JSON.stringify(settings)],
  );
  return before;
}
