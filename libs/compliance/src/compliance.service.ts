import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { CalendarService } from '@mutu/calendar';
import {
  AlertsRepository,
  ComplianceExportRepository,
  ComplianceRepository,
  type ComplianceScope,
  ComplianceTrendRepository,
  FIGURE_BREAKDOWNS,
  type FigureBreakdown,
  type FiguresRow,
  type StepExportRow,
  type WorkbookSheetRows,
  LEAD_TIME_BUCKET_DAYS,
  SLA_MEASURES,
  type SlaMeasure,
  TransactionRunner,
  type TrendMonthRow,
  type WorstCaseRow,
} from '@mutu/db';
import {
  isCalendarDate,
  type OfficeCalendar,
  monthOf,
  officeDate,
  officeDayEnd,
  officeMidnight,
  PERFORMER_ROLES,
  storedStepSla,
  type TimeBasis,
  previousPeriod,
  wholeMonth,
  ValidationError,
} from '@mutu/domain';

export interface ComplianceQuery {
  /** Office dates (WIB), inclusive: renewals opened from `from` through `to`. */
  readonly from: string;
  readonly to: string;
  readonly agency?: string;
  readonly sopVersion?: number;
  /** Ended steps as measured when they ended (default) or as last recalculated. */
  readonly measure?: SlaMeasure;
}

export { FIGURE_BREAKDOWNS, type FigureBreakdown };

const WORST_CASES = 10;

const share = (part: number, whole: number) => (whole ? part / whole : null);

/** The trend of the report and the dashboard shows at least this many months, the period's last among them. */
export const TREND_MONTHS = 6;

/** The start of the month `count - 1` months before the month of `date` (office dates). */
function monthsBack(date: string, count: number): string {
  let month = monthOf(date);
  for (let i = 1; i < count; i++) month = previousPeriod(month);
  return month.from;
}

/** Running steps listed on the dashboard as at risk or past their standard now, nearest deadline first. */
const DASHBOARD_AT_RISK_ROWS = 50;

/**
 * The compliance figures every output shares (JSON, PDF, Excel), so they cannot disagree:
 * computed once, in PostgreSQL, for the renewals opened in a period.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly compliance: ComplianceRepository,
    private readonly exports: ComplianceExportRepository,
    private readonly trends: ComplianceTrendRepository,
    private readonly calendars: CalendarService,
    private readonly alerts: AlertsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /**
   * The renewals a query selects, and the moment running steps are judged at. A bad query is a
   * ValidationError naming the field: a date that does not exist, `to` before `from`, or a period
   * that has not begun yet (office date, WIB) — its figures could only be empty.
   */
  scope(query: ComplianceQuery): ComplianceScope {
    const { timeZone } = this.config;
    const now = this.clock.now();
    const problems = [
      ...(isCalendarDate(query.from) ? [] : [{ field: 'from', message: 'harus tanggal YYYY-MM-DD' }]),
      ...(isCalendarDate(query.to) ? [] : [{ field: 'to', message: 'harus tanggal YYYY-MM-DD' }]),
    ];
    const today = officeDate(now, timeZone);
    if (!problems.length && query.to < query.from)
      problems.push({ field: 'to', message: 'tidak boleh sebelum from' });
    else if (!problems.length && query.from > today)
      problems.push({ field: 'from', message: `periode belum dimulai (hari ini ${today})` });
    if (query.measure !== undefined && !SLA_MEASURES.includes(query.measure))
      problems.push({ field: 'measure', message: `harus ${SLA_MEASURES.join(' atau ')}` });
    if (problems.length) throw new ValidationError(problems, 'Periode tidak valid');

    return {
      from: officeMidnight(query.from, timeZone),
      before: officeDayEnd(query.to, timeZone),
      agency: query.agency,
      sopVersion: query.sopVersion,
      now,
      timeZone,
      measure: query.measure ?? 'measured',
    };
  }

  /**
   * The workbook's sheets but the summary, in batches, every sheet's cursor declared and its
   * first batch asked for at once (ComplianceExportRepository.sheets; call inside a
   * transaction, which the cursors live as long as). In the steps and breaches, a running
   * breach's overrun is measured by the domain as the figures' worst cases are: in the
   * standard's basis from the deadline fixed at its start; ended steps' overruns are the stored ones.
   */
  async workbookRows(scope: ComplianceScope, batchSize: number): Promise<WorkbookSheetRows> {
    const calendar = await this.calendars.calendar();
    const rows = await this.exports.sheets(scope, batchSize);
    return {
      ...rows,
      steps: withRunningOverruns(rows.steps, scope.now, calendar),
      breaches: withRunningOverruns(rows.breaches, scope.now, calendar),
    };
  }

  /**
   * The first `limit` step rows of the workbook (the PDF's breach list, `breachesOnly`), measured
   * as workbookRows measures them, read without sorting the whole period.
   */
  async firstStepRows(scope: ComplianceScope, limit: number, breachesOnly = false): Promise<StepExportRow[]> {
    const calendar = await this.calendars.calendar();
    const rows = await this.exports.firstSteps(scope, limit, breachesOnly);
    return rows.map((row) => withRunningOverrun(row, scope.now, calendar));
  }

  /**
   * Refuses (ValidationError on `agency`) an agency (OPD) no renewal has ever named, whose report
   * could only be empty: a misspelt OPD must not be filed as "no renewals".
   */
  async assertKnownAgency(query: Pick<ComplianceQuery, 'agency'>): Promise<void> {
    if (query.agency === undefined) return;
    const agency = query.agency;
    if (!(await this.tx.run(() => this.compliance.agencyExists(agency)))) {
      throw new ValidationError(
        [{ field: 'agency', message: `OPD "${agency}" tidak dikenal` }],
        'OPD tidak dikenal',
      );
    }
  }

  /**
   * The scope's figures: the headline (renewals, share within standard, lead time) and one line
   * per SOP step, with the breakdowns in `include` (default: all of them; each costs a grouping
   * or a top ten in the statement, so callers ask only for what they show). `scope` is given by
   * callers that read more of the same scope and must judge at the same moment. Durations in ms.
   * Errors: ValidationError (field `agency`) for an agency never recorded.
   */
  async figures<B extends FigureBreakdown = FigureBreakdown>(
    query: ComplianceQuery,
    scope = this.scope(query),
    include: readonly B[] = FIGURE_BREAKDOWNS as readonly FigureBreakdown[] as readonly B[],
  ): Promise<HeadlineFigures & Pick<FigureBreakdowns, B>> {
    await this.assertKnownAgency(query);
    // A read, not a transaction of this method's: the repository reads the figures at one moment,
    // in the caller's transaction if there is one, else on connections of its own.
    const [raw, calendar] = await this.tx.read(
      async () =>
        [
          await this.compliance.figures(scope, include),
          // Only the worst cases measure running steps, in their standard's basis.
          include.includes('worstCases' as B) ? await this.calendars.calendar() : null,
        ] as const,
    );
    return figuresOf(query, scope, include, raw, calendar);
  }

  /**
   * `figures`' reads, not yet started, as the parts `figures` runs at once (two, by CPU), for a
   * caller that reads them beside others in one TransactionRunner.snapshotParts (overview);
   * the first part also refuses an unknown agency as `figures` does, and reads the calendar when
   * the worst cases are asked for. `figures(results)` makes of the parts' results, in order, what
   * `figures` answers.
   */
  figuresReads<B extends FigureBreakdown>(
    query: ComplianceQuery,
    scope: ComplianceScope,
    include: readonly B[],
  ) {
    const reads = this.partsOf(query, scope, include, true);
    return {
      parts: reads.parts,
      figures: (results: readonly FiguresPart[]) =>
        figuresOf(query, scope, include, reads.raw(results), results[0]?.calendar ?? null),
    };
  }

  /**
   * The reads of the figures a period is compared with (ComparedFigures: the headline and per-step
   * lines without the steps' durations, no breakdown), as one part for
   * TransactionRunner.snapshotParts, as figuresReads gives the figures'.
   */
  comparedReads(query: ComplianceQuery, scope: ComplianceScope) {
    const reads = this.partsOf(query, scope, [], false);
    return {
      parts: reads.parts,
      compared: (results: readonly FiguresPart[]) => comparedOf(query, scope, reads.raw(results)),
    };
  }

  /** The parts of figuresReads and comparedReads, and the raw figures of their results. */
  private partsOf<B extends FigureBreakdown>(
    query: ComplianceQuery,
    scope: ComplianceScope,
    include: readonly B[],
    stepDurations: boolean,
  ) {
    const statements = this.compliance.figuresParts(scope, include, stepDurations);
    const wantsWorst = include.includes('worstCases' as B);
    const parts = statements.parts.map((part, i) => async (): Promise<FiguresPart> => {
      if (i > 0) return { row: await part(), calendar: null };
      await this.assertKnownAgency(query);
      const row = await part();
      return { row, calendar: wantsWorst ? await this.calendars.calendar() : null };
    });
    return { parts, raw: (results: readonly FiguresPart[]) => statements.figures(results.map((r) => r.row)) };
  }

  /**
   * A period's overview with a caller's own read beside it (`beside`), all read at once in one
   * snapshot (TransactionRunner.snapshotParts), the period's figures as two parts (figuresReads):
   * the period's figures, those with the same filters over the period just before
   * (previousPeriod) as one part (comparedReads: headline and steps without the steps' durations,
   * all that is compared with it), the trend (at least TREND_MONTHS, ending with the
   * period's last; only the months the figures do not give are read) and what `beside(scope)`
   * answers, the scope the period's figures were read with.
   * All judged at one moment, `scope.now`; what does not depend on it may be what was kept
   * (ComplianceRepository.figures: as of the last write heard). The compliance report and the
   * head's dashboard both read these, so they cannot disagree. Errors: as `figures`, and whatever
   * `beside` throws.
   */
  async overview<X>(query: ComplianceQuery, beside: (scope: ComplianceScope) => Promise<X>) {
    const scope = this.scope(query);
    const sameFilters = (period: { from: string; to: string }): ComplianceQuery => ({ ...query, ...period });
    const atSameMoment = (other: ComplianceQuery) => ({ ...this.scope(other), now: scope.now });
    const previousQuery = sameFilters(previousPeriod(query));
    const trendFrom = monthsBack(query.to, TREND_MONTHS);
    // The trend's months from the period's first on are the figures' monthly breakdown, and for a
    // calendar month the month before is the previous figures' headline: the same counts as the
    // trend's own read gives (see trend), so only the months before those are read. A period
    // begun mid-month is read whole: the trend's line of its first month counts the whole month.
    const periodMonth = monthOf(query.from);
    const fromFigures = trendFrom >= query.from || periodMonth.from === query.from;
    const fromPrevious = fromFigures && wholeMonth(query) !== null && trendFrom <= previousQuery.from;
    const readTo = fromPrevious
      ? previousPeriod(previousQuery).to
      : fromFigures
        ? previousPeriod(periodMonth).to
        : query.to;
    // Planned before the snapshot is taken: what was kept may answer (KeptReads).
    const current = this.figuresReads(query, scope, FIGURE_BREAKDOWNS);
    const before = this.comparedReads(previousQuery, atSameMoment(previousQuery));
    const months =
      trendFrom <= readTo
        ? this.trends.months(atSameMoment(sameFilters({ from: trendFrom, to: readTo })))
        : null;
    const readsMonths = months !== null && months.kept === undefined;
    const results = await this.tx.snapshotParts<unknown[]>([
      ...current.parts,
      ...before.parts,
      ...(readsMonths ? [() => months.read()] : []),
      () => beside(scope),
    ]);
    // The results in the order of the parts above.
    const theirs = (from: number, count: number) => results.slice(from, from + count) as FiguresPart[];
    const figures = current.figures(theirs(0, current.parts.length));
    const previous = before.compared(theirs(current.parts.length, before.parts.length));
    const readMonths = readsMonths ? (results.at(-2) as TrendMonthRow[]) : (months?.kept ?? []);
    const trend: ComplianceTrendMonth[] = [
      ...trendMonths(readMonths),
      ...(fromPrevious && previous.renewals.opened > 0
        ? [
            {
              month: previousQuery.from.slice(0, 7),
              opened: previous.renewals.opened,
              withinStandardShare: previous.withinStandardShare,
            },
          ]
        : []),
      ...(fromFigures
        ? figures.months.map(({ month, opened, withinStandardShare }) => ({
            month,
            opened,
            withinStandardShare,
          }))
        : []),
    ];
    return { scope, figures, previous, trend, beside: results.at(-1) as X };
  }

  /**
   * A scope's months that opened renewals, oldest first: renewals opened and the share of ended
   * steps within standard, each the same as the month's line of `figures(…, ['months']).months`
   * (counts only: the half year of the trend costs one scan, no per-step percentiles).
   */
  async trend(scope: ComplianceScope) {
    return trendMonths(await this.tx.read(() => this.trends.months(scope).read()));
  }

  /**
   * The head of office's dashboard for a month (YYYY-MM; default: this month in the office's
   * zone): the month's figures beside the previous month's, the trend, agencies worst first
   * (lowest share within standard, then most breaches; agencies with nothing judged last), the
   * month's breaches (worstCases: renewal id, step, overrun in ms) and the running steps at risk
   * or past their standard now, whatever month they were opened in. One read-only snapshot.
   * Errors: ValidationError (field `month`) for anything but a YYYY-MM month.
   */
  async dashboard(month?: string) {
    const chosen = month ?? officeDate(this.clock.now(), this.config.timeZone).slice(0, 7);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(chosen)) {
      throw new ValidationError([{ field: 'month', message: 'harus bulan YYYY-MM' }], 'Bulan tidak valid');
    }
    const {
      figures,
      previous,
      trend,
      beside: atRisk,
    } = await this.overview(monthOf(`${chosen}-01`), (scope) =>
      this.alerts.runningAtRisk(scope.now, DASHBOARD_AT_RISK_ROWS),
    );
    const worstFirst = [...figures.agencies].sort(
      (a, b) =>
        (a.withinStandardShare ?? Infinity) - (b.withinStandardShare ?? Infinity) ||
        b.breaches - a.breaches ||
        a.agency.localeCompare(b.agency, 'id'),
    );
    return {
      month: chosen,
      previousMonth: previous.period.from.slice(0, 7),
      figures,
      previous,
      trend,
      agenciesWorstFirst: worstFirst,
      atRiskNow: atRisk.map((s) => ({
        renewalId: s.renewal_id,
        holder: s.holder_name,
        agency: s.agency,
        step: s.step,
        round: s.round,
        breached: s.breached,
        deadlineAt: new Date(s.deadline_at).toISOString(),
      })),
    };
  }
}

type RawFigures = Awaited<ReturnType<ComplianceRepository['figures']>>;

/** The trend's months from their rows: renewals opened, and the share of judged steps within standard. */
function trendMonths(rows: readonly TrendMonthRow[]) {
  return rows.map((m) => ({
    month: m.month,
    opened: m.opened,
    withinStandardShare: share(m.within_standard, m.judged),
  }));
}

/**
 * The figures (ComplianceService.figures) of `query` judged at `scope.now`, from their statements'
 * raw rows; `calendar` measures running worst cases (null when they are not asked for).
 */
function figuresOf<B extends FigureBreakdown>(
  query: ComplianceQuery,
  scope: ComplianceScope,
  include: readonly B[],
  raw: RawFigures,
  calendar: OfficeCalendar | null,
): HeadlineFigures & Pick<FigureBreakdowns, B> {
  const compared = comparedOf(query, scope, raw);
  const headline: HeadlineFigures = {
    ...compared,
    steps: compared.steps.map((line, i) => {
      const s = raw.stepTotals[i];
      return {
        ...line,
        durationMs: { median: s.median_ms ?? null, p90: s.p90_ms ?? null, max: s.max_ms ?? null },
      };
    }),
  };
  const parts = breakdowns(raw, scope.now, calendar);
  return {
    ...headline,
    ...Object.fromEntries(include.map((part) => [part, parts[part]()])),
  } as HeadlineFigures & Pick<FigureBreakdowns, B>;
}

/** The headline and per-step counts of `query` judged at `scope.now` (ComparedFigures), from its raw rows. */
function comparedOf(query: ComplianceQuery, scope: ComplianceScope, raw: RawFigures): ComparedFigures {
  const { timeZone, now } = scope;
  const whole = raw.renewalGroups.find((g) => g.by_all_agencies && g.by_all_months)!;
  const steps = raw.stepTotals;
  const sum = (key: 'within_standard' | 'with_standard') => steps.reduce((n, s) => n + s[key], 0);
  const withinStandardShare = share(sum('within_standard'), sum('with_standard'));
  return {
    period: { from: query.from, to: query.to, timeZone },
    filters: { agency: query.agency ?? null, sopVersion: query.sopVersion ?? null },
    judgedAt: now.toISOString(),
    /** Which stored measurement of ended steps these figures read: as measured, or as recalculated. */
    measure: scope.measure ?? 'measured',
    /** Ended step instances that had a standard and kept it, over all steps; null: none judged. */
    withinStandardShare,
    renewals: {
      opened: whole.opened,
      completed: whole.completed,
      cancelled: whole.cancelled,
      running: whole.running,
      /** Of all ended steps with a standard, the share that ended within it: the report's headline. */
      withinStandardShare,
      reworkRate: share(whole.reworked, whole.opened),
      averageRounds: whole.average_rounds,
      leadTime: { medianMs: whole.lead_median_ms, p90Ms: whole.lead_p90_ms },
      /** Completed renewals by lead time: [fromDays, toDays) with toDays null for the last. */
      leadTimeDistribution: LEAD_TIME_BUCKET_DAYS.map((fromDays, i) => ({
        fromDays,
        toDays: LEAD_TIME_BUCKET_DAYS[i + 1] ?? null,
        completed: whole.lead_buckets[i],
      })),
    },
    steps: steps.map((s) => ({
      step: s.step,
      instances: s.instances,
      ended: s.ended,
      withinStandardShare: share(s.within_standard, s.with_standard),
      breaches: s.breaches,
      atRiskNow: s.at_risk_now,
    })),
  };
}

/** A part of ComplianceService.figuresReads: its statement's row, and the calendar its first part reads. */
interface FiguresPart {
  readonly row: FiguresRow;
  readonly calendar: OfficeCalendar | null;
}

/**
 * The breakdowns of the figures, each made only when asked for (its rows are only there then):
 * per agency and per month (renewals, share within standard, breaches, lead-time median), time
 * held per performer role, and the worst cases.
 */
function breakdowns(raw: RawFigures, now: Date, calendar: OfficeCalendar | null) {
  const groups = (key: 'no_agency' | 'no_month' | 'no_role') => raw.stepGroups.filter((g) => !g[key]);
  /** One line per agency or month: its renewals and how their steps kept the standards. */
  const breakdown = (key: 'agency' | 'month') => {
    const stepGroups = groups(key === 'agency' ? 'no_agency' : 'no_month');
    return raw.renewalGroups
      .filter((g) => !(key === 'agency' ? g.by_all_agencies : g.by_all_months))
      .sort((a, b) => a[key]!.localeCompare(b[key]!, 'id'))
      .map((g) => {
        const steps = stepGroups.find((s) => s[key] === g[key]);
        return {
          key: g[key]!,
          opened: g.opened,
          completed: g.completed,
          withinStandardShare: steps ? share(steps.within_standard, steps.with_standard) : null,
          breaches: steps?.breaches ?? 0,
          leadTimeMedianMs: g.lead_median_ms,
        };
      });
  };
  return {
    agencies: () =>
      breakdown('agency').map(({ key, breaches, ...figures }) => ({ agency: key, ...figures, breaches })),
    months: () =>
      breakdown('month').map(({ key, breaches: _breaches, ...figures }) => ({ month: key, ...figures })),
    heldByPerformer: () => {
      const held = groups('no_role');
      // Asked for, so every group's time held was counted (never null here).
      const heldTotal = held.reduce((sum, h) => sum + (h.held_ms ?? 0), 0);
      return PERFORMER_ROLES.map((role) => {
        const heldMs = held.find((h) => h.performer_role === role)?.held_ms ?? 0;
        return { role, heldMs, share: share(heldMs, heldTotal) };
      });
    },
    // The calendar is read whenever the worst cases are asked for (ComplianceService.figures).
    worstCases: () => worstCases(raw.worst, now, calendar!),
  };
}

/** The breakdowns a caller may ask the figures for, by the key each fills. */
export type FigureBreakdowns = { [K in FigureBreakdown]: ReturnType<ReturnType<typeof breakdowns>[K]> };

/**
 * The worst breaches by overrun in the standard's basis: ended ones as stored, running ones
 * measured now against the deadline fixed at their start (the domain's storedStepSla).
 */
function worstCases(rows: readonly WorstCaseRow[], now: Date, calendar: OfficeCalendar) {
  return rows
    .map((w) => ({
      renewalId: w.renewal_id,
      holder: w.holder_name,
      agency: w.agency,
      step: w.step,
      round: w.round,
      startedAt: new Date(w.started_at).toISOString(),
      endedAt: w.ended_at ? new Date(w.ended_at).toISOString() : null,
      standardMs: w.standard_ms,
      overrunMs: w.running
        ? runningOverrunMs(
            w.started_at,
            w.standard_ms,
            w.running.standard_basis,
            w.running.deadline_at,
            now,
            calendar,
          )
        : w.overrun_ms!,
    }))
    .sort((a, b) => b.overrunMs - a.overrunMs || a.renewalId.localeCompare(b.renewalId) || a.step - b.step)
    .slice(0, WORST_CASES);
}

/** Batches of step rows with each running breach's overrun measured (withRunningOverrun). */
async function* withRunningOverruns(
  batches: AsyncIterable<StepExportRow[]>,
  now: Date,
  calendar: OfficeCalendar,
): AsyncGenerator<StepExportRow[]> {
  for await (const rows of batches) yield rows.map((row) => withRunningOverrun(row, now, calendar));
}

/** A step row with a running breach's overrun measured now, in its standard's basis (minutes). */
function withRunningOverrun(row: StepExportRow, now: Date, calendar: OfficeCalendar): StepExportRow {
  const running = row.running_breach;
  if (!running) return row;
  const overrunMs = runningOverrunMs(
    running.started_at,
    running.standard_ms,
    running.standard_basis,
    running.deadline_at,
    now,
    calendar,
  );
  return { ...row, overrun_minutes: overrunMs / 60_000 };
}

/** A running step's overrun past the deadline fixed at its start, in its standard's basis (ms). */
function runningOverrunMs(
  startedAt: string | Date,
  standardMs: number,
  basis: string,
  deadlineAt: string | Date,
  now: Date,
  calendar: OfficeCalendar,
): number {
  return storedStepSla(
    {
      startedAt: new Date(startedAt),
      endedAt: null,
      standard: { duration: null, durationMs: standardMs, basis: basis as TimeBasis },
      fixed: { deadline: new Date(deadlineAt), atRiskAt: null },
    },
    now,
    calendar,
  ).overrunMs!;
}

/** The headline and the per-step lines every call of `figures` gives. */
export type HeadlineFigures = {
  readonly period: { from: string; to: string; timeZone: string };
  readonly filters: { agency: string | null; sopVersion: number | null };
  readonly judgedAt: string;
  readonly measure: SlaMeasure;
  readonly withinStandardShare: number | null;
  readonly renewals: {
    opened: number;
    completed: number;
    cancelled: number;
    running: number;
    withinStandardShare: number | null;
    reworkRate: number | null;
    averageRounds: number | null;
    leadTime: { medianMs: number | null; p90Ms: number | null };
    leadTimeDistribution: { fromDays: number; toDays: number | null; completed: number }[];
  };
  readonly steps: {
    step: number;
    instances: number;
    ended: number;
    withinStandardShare: number | null;
    breaches: number;
    atRiskNow: number;
    durationMs: { median: number | null; p90: number | null; max: number | null };
  }[];
};
/**
 * The figures a period is compared with (an overview's previous period): the headline and the
 * per-step lines as `figures` gives them, without the steps' durations.
 */
export type ComparedFigures = Omit<HeadlineFigures, 'steps'> & {
  readonly steps: Omit<HeadlineFigures['steps'][number], 'durationMs'>[];
};
/** Figures with every breakdown, as `figures` gives them by default. */
export type ComplianceFigures = HeadlineFigures & FigureBreakdowns;
export type ComplianceTrendMonth = Awaited<ReturnType<ComplianceService['trend']>>[number];
export type ComplianceDashboard = Awaited<ReturnType<ComplianceService['dashboard']>>;

/** Total breaches of the period: each step's, summed (the breach sheet has one row per breach). */
export function breachCount(figures: Pick<ComparedFigures, 'steps'>): number {
  return figures.steps.reduce((sum, step) => sum + step.breaches, 0);
}
