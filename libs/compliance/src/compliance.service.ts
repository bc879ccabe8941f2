import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import {
  AlertsRepository,
  ComplianceExportRepository,
  ComplianceRepository,
  type ComplianceScope,
  LEAD_TIME_BUCKET_DAYS,
  TransactionRunner,
} from '@mutu/db';
import {
  isCalendarDate,
  monthOf,
  officeDate,
  officeDayEnd,
  officeMidnight,
  PERFORMER_ROLES,
  previousPeriod,
  ValidationError,
} from '@mutu/domain';

export interface ComplianceQuery {
  /** Office dates (WIB), inclusive: renewals opened from `from` through `to`. */
  readonly from: string;
  readonly to: string;
  readonly agency?: string;
  readonly sopVersion?: number;
}

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
    private readonly alerts: AlertsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /** The renewals a query selects, and the moment running steps are judged at; a bad query is a ValidationError. */
  scope(query: ComplianceQuery): ComplianceScope {
    const problems = [
      ...(isCalendarDate(query.from) ? [] : [{ field: 'from', message: 'harus tanggal YYYY-MM-DD' }]),
      ...(isCalendarDate(query.to) ? [] : [{ field: 'to', message: 'harus tanggal YYYY-MM-DD' }]),
    ];
    if (!problems.length && query.to < query.from)
      problems.push({ field: 'to', message: 'tidak boleh sebelum from' });
    if (problems.length) throw new ValidationError(problems, 'Periode tidak valid');

    const { timeZone } = this.config;
    return {
      from: officeMidnight(query.from, timeZone),
      before: officeDayEnd(query.to, timeZone),
      agency: query.agency,
      sopVersion: query.sopVersion,
      now: this.clock.now(),
      timeZone,
    };
  }

  /** `scope` is given by callers that read more of the same scope and must judge at the same moment. */
  async figures(query: ComplianceQuery, scope = this.scope(query)) {
    const { timeZone, now } = scope;
    const raw = await this.tx.run(() => this.compliance.figures(scope));
    const whole = raw.renewalGroups.find((g) => g.by_all_agencies && g.by_all_months)!;
    const stepsOf = (key: 'no_step' | 'no_agency' | 'no_month' | 'no_role') =>
      raw.stepGroups.filter((g) => !g[key]);
    const stepsBy = <K extends 'agency' | 'month'>(key: K, value: string) =>
      stepsOf(key === 'agency' ? 'no_agency' : 'no_month').find((g) => g[key] === value);
    const heldTotal = stepsOf('no_role').reduce((sum, h) => sum + h.held_ms, 0);
    const judged = stepsOf('no_step');
    /** One line per agency or month: its renewals and how their steps kept the standards. */
    const breakdown = (key: 'agency' | 'month') =>
      raw.renewalGroups
        .filter((g) => !(key === 'agency' ? g.by_all_agencies : g.by_all_months))
        .sort((a, b) => a[key]!.localeCompare(b[key]!, 'id'))
        .map((g) => {
          const steps = stepsBy(key, g[key]!);
          return {
            key: g[key]!,
            opened: g.opened,
            completed: g.completed,
            withinStandardShare: steps ? share(steps.within_standard, steps.with_standard) : null,
            breaches: steps?.breaches ?? 0,
            leadTimeMedianMs: g.lead_median_ms,
          };
        });
    return {
      period: { from: query.from, to: query.to, timeZone },
      filters: { agency: query.agency ?? null, sopVersion: query.sopVersion ?? null },
      judgedAt: now.toISOString(),
      /** Ended step instances that had a standard and kept it, over all steps; null: none judged. */
      withinStandardShare: share(
        judged.reduce((sum, s) => sum + s.within_standard, 0),
        judged.reduce((sum, s) => sum + s.with_standard, 0),
      ),
      renewals: {
        opened: whole.opened,
        completed: whole.completed,
        cancelled: whole.cancelled,
        running: whole.running,
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
      steps: stepsOf('no_step')
        .sort((a, b) => a.step! - b.step!)
        .map((s) => {
          const durations = raw.durations.find((d) => d.step === s.step);
          return {
            step: s.step!,
            instances: s.instances,
            ended: s.ended,
            withinStandardShare: share(s.within_standard, s.with_standard),
            breaches: s.breaches,
            atRiskNow: s.at_risk_now,
            durationMs: {
              median: durations?.median_ms ?? null,
              p90: durations?.p90_ms ?? null,
              max: durations?.max_ms ?? null,
            },
          };
        }),
      heldByPerformer: PERFORMER_ROLES.map((role) => {
        const heldMs = stepsOf('no_role').find((h) => h.performer_role === role)?.held_ms ?? 0;
        return { role, heldMs, share: share(heldMs, heldTotal) };
      }),
      agencies: breakdown('agency').map(({ key, breaches, ...figures }) => ({
        agency: key,
        ...figures,
        breaches,
      })),
      months: breakdown('month').map(({ key, breaches: _breaches, ...figures }) => ({
        month: key,
        ...figures,
      })),
      worstCases: raw.worst.map((w) => ({
        renewalId: w.renewal_id,
        holder: w.holder_name,
        agency: w.agency,
        step: w.step,
        round: w.round,
        startedAt: new Date(w.started_at).toISOString(),
        endedAt: w.ended_at ? new Date(w.ended_at).toISOString() : null,
        standardMs: w.standard_ms,
        overrunMs: w.overrun_ms,
      })),
    };
  }

  /**
   * A period's figures with the same filters over the period just before (previousPeriod) and
   * over the months of the trend (at least TREND_MONTHS, ending with the period's last), all
   * judged at one moment. The compliance report and the head's dashboard both read this, so they
   * cannot disagree; inside the caller's transaction, after freezeSnapshot, it is one snapshot.
   */
  async overview(query: ComplianceQuery) {
    const scope = this.scope(query);
    const sameFilters = (period: { from: string; to: string }): ComplianceQuery => ({ ...query, ...period });
    const atSameMoment = (other: ComplianceQuery) => ({ ...this.scope(other), now: scope.now });
    const previousQuery = sameFilters(previousPeriod(query));
    const trendFrom = monthsBack(query.to, TREND_MONTHS);
    const trendQuery = sameFilters({ from: trendFrom < query.from ? trendFrom : query.from, to: query.to });
    const figures = await this.figures(query, scope);
    const previous = await this.figures(previousQuery, atSameMoment(previousQuery));
    const trend = await this.figures(trendQuery, atSameMoment(trendQuery));
    return { scope, figures, previous, trend: trend.months };
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
    return this.tx.run(async () => {
      await this.exports.freezeSnapshot();
      const { scope, figures, previous, trend } = await this.overview(monthOf(`${chosen}-01`));
      const atRisk = await this.alerts.runningAtRisk(scope.now, DASHBOARD_AT_RISK_ROWS);
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
    });
  }
}

export type ComplianceFigures = Awaited<ReturnType<ComplianceService['figures']>>;
export type ComplianceOverview = Awaited<ReturnType<ComplianceService['overview']>>;
export type ComplianceDashboard = Awaited<ReturnType<ComplianceService['dashboard']>>;

/** Total breaches of the period: each step's, summed (the breach sheet has one row per breach). */
export function breachCount(figures: Pick<ComplianceFigures, 'steps'>): number {
  return figures.steps.reduce((sum, step) => sum + step.breaches, 0);
}
