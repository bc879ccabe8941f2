import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import {
  ComplianceRepository,
  type ComplianceScope,
  LEAD_TIME_BUCKET_DAYS,
  TransactionRunner,
} from '@mutu/db';
import { isCalendarDate, officeDayEnd, officeMidnight, PERFORMER_ROLES, ValidationError } from '@mutu/domain';

export interface ComplianceQuery {
  /** Office dates (WIB), inclusive: renewals opened from `from` through `to`. */
  readonly from: string;
  readonly to: string;
  readonly agency?: string;
  readonly sopVersion?: number;
}

const share = (part: number, whole: number) => (whole ? part / whole : null);

/**
 * The compliance figures every output shares (JSON, PDF, Excel), so they cannot disagree:
 * computed once, in PostgreSQL, for the renewals opened in a period.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly compliance: ComplianceRepository,
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
    const byStep = stepsOf('no_step');
    const sum = (key: 'within_standard' | 'with_standard') => byStep.reduce((n, s) => n + s[key], 0);
    return {
      period: { from: query.from, to: query.to, timeZone },
      filters: { agency: query.agency ?? null, sopVersion: query.sopVersion ?? null },
      judgedAt: now.toISOString(),
      renewals: {
        opened: whole.opened,
        completed: whole.completed,
        cancelled: whole.cancelled,
        running: whole.running,
        /** Of all ended steps with a standard, the share that ended within it: the report's headline. */
        withinStandardShare: share(sum('within_standard'), sum('with_standard')),
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
      steps: byStep
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
}

export type ComplianceFigures = Awaited<ReturnType<ComplianceService['figures']>>;

/** Total breaches of the period: each step's, summed (the breach sheet has one row per breach). */
export function breachCount(figures: Pick<ComplianceFigures, 'steps'>): number {
  return figures.steps.reduce((sum, step) => sum + step.breaches, 0);
}
