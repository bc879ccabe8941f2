import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { CalendarService } from '@mutu/calendar';
import {
  ComplianceExportRepository,
  ComplianceRepository,
  type ComplianceScope,
  type StepExportRow,
  LEAD_TIME_BUCKET_DAYS,
  SLA_MEASURES,
  type SlaMeasure,
  TransactionRunner,
  type WorstCaseRow,
} from '@mutu/db';
import {
  isCalendarDate,
  type OfficeCalendar,
  officeDate,
  officeDayEnd,
  officeMidnight,
  PERFORMER_ROLES,
  storedStepSla,
  type TimeBasis,
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

const WORST_CASES = 10;

const share = (part: number, whole: number) => (whole ? part / whole : null);

/**
 * The compliance figures every output shares (JSON, PDF, Excel), so they cannot disagree:
 * computed once, in PostgreSQL, for the renewals opened in a period.
 */
@Injectable()
export class ComplianceService {
  constructor(
    private readonly compliance: ComplianceRepository,
    private readonly exports: ComplianceExportRepository,
    private readonly calendars: CalendarService,
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
   * The step rows of the workbook and of the PDF's breach list, in batches (see
   * ComplianceExportRepository.steps; call inside its transaction), a running breach's overrun
   * measured by the domain as the figures' worst cases are: in the standard's basis from the
   * deadline fixed at its start. Ended steps' overruns are the stored ones.
   */
  async *stepRows(
    scope: ComplianceScope,
    batchSize: number,
    breachesOnly = false,
  ): AsyncGenerator<StepExportRow[]> {
    const calendar = await this.calendars.calendar();
    for await (const rows of this.exports.steps(scope, batchSize, breachesOnly)) {
      yield rows.map((row) => {
        const running = row.running_breach;
        if (!running) return row;
        const overrunMs = runningOverrunMs(
          running.started_at,
          running.standard_ms,
          running.standard_basis,
          running.deadline_at,
          scope.now,
          calendar,
        );
        return { ...row, overrun_minutes: overrunMs / 60_000 };
      });
    }
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

  /** `scope` is given by callers that read more of the same scope and must judge at the same moment. */
  async figures(query: ComplianceQuery, scope = this.scope(query)) {
    await this.assertKnownAgency(query);
    const { timeZone, now } = scope;
    const [raw, calendar] = await this.tx.run(
      async () => [await this.compliance.figures(scope), await this.calendars.calendar()] as const,
    );
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
    return {
      period: { from: query.from, to: query.to, timeZone },
      filters: { agency: query.agency ?? null, sopVersion: query.sopVersion ?? null },
      judgedAt: now.toISOString(),
      /** Which stored measurement of ended steps these figures read: as measured, or as recalculated. */
      measure: scope.measure ?? 'measured',
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
      worstCases: worstCases(raw.worst, now, calendar),
    };
  }
}

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

export type ComplianceFigures = Awaited<ReturnType<ComplianceService['figures']>>;

/** Total breaches of the period: each step's, summed (the breach sheet has one row per breach). */
export function breachCount(figures: Pick<ComplianceFigures, 'steps'>): number {
  return figures.steps.reduce((sum, step) => sum + step.breaches, 0);
}
