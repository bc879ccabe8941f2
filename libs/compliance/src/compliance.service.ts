import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { ComplianceRepository, TransactionRunner } from '@mutu/db';
import { isCalendarDate, officeMidnight, PERFORMER_ROLES, ValidationError } from '@mutu/domain';

export interface ComplianceQuery {
  /** Office dates (WIB), inclusive: renewals opened from `from` through `to`. */
  readonly from: string;
  readonly to: string;
  readonly agency?: string;
  readonly sopVersion?: number;
}

const share = (part: number, whole: number) => (whole ? part / whole : null);
const DAY_MS = 86_400_000;

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

  async figures(query: ComplianceQuery) {
    const problems = [
      ...(isCalendarDate(query.from) ? [] : [{ field: 'from', message: 'harus tanggal YYYY-MM-DD' }]),
      ...(isCalendarDate(query.to) ? [] : [{ field: 'to', message: 'harus tanggal YYYY-MM-DD' }]),
    ];
    if (!problems.length && query.to < query.from)
      problems.push({ field: 'to', message: 'tidak boleh sebelum from' });
    if (problems.length) throw new ValidationError(problems, 'Periode tidak valid');

    const { timeZone } = this.config;
    const now = this.clock.now();
    const from = officeMidnight(query.from, timeZone);
    const before = new Date(officeMidnight(query.to, timeZone).getTime() + DAY_MS);
    const raw = await this.tx.read(() =>
      this.compliance.figures({
        from,
        before,
        agency: query.agency,
        sopVersion: query.sopVersion,
        now,
        timeZone,
      }),
    );
    const { totals } = raw;
    const heldTotal = raw.held.reduce((sum, h) => sum + h.held_ms, 0);
    return {
      period: { from: query.from, to: query.to, timeZone },
      filters: { agency: query.agency ?? null, sopVersion: query.sopVersion ?? null },
      judgedAt: now.toISOString(),
      renewals: {
        opened: totals.opened,
        completed: totals.completed,
        cancelled: totals.cancelled,
        running: totals.running,
        reworkRate: share(totals.reworked, totals.opened),
        averageRounds: totals.average_rounds,
        leadTime: { medianMs: totals.lead_median_ms, p90Ms: totals.lead_p90_ms },
      },
      steps: raw.steps.map((s) => ({
        step: s.step,
        instances: s.instances,
        ended: s.ended,
        withinStandardShare: share(s.within_standard, s.with_standard),
        breaches: s.breaches,
        atRiskNow: s.at_risk_now,
        durationMs: { median: s.median_ms, p90: s.p90_ms, max: s.max_ms },
      })),
      heldByPerformer: PERFORMER_ROLES.map((role) => {
        const heldMs = raw.held.find((h) => h.performer_role === role)?.held_ms ?? 0;
        return { role, heldMs, share: share(heldMs, heldTotal) };
      }),
      agencies: raw.agencies.map((a) => ({
        agency: a.agency,
        opened: a.opened,
        completed: a.completed,
        withinStandardShare: share(a.steps_within_standard, a.steps_with_standard),
        breaches: a.breaches,
        leadTimeMedianMs: a.lead_median_ms,
      })),
      months: raw.months.map((m) => ({
        month: m.month,
        opened: m.opened,
        completed: m.completed,
        withinStandardShare: share(m.steps_within_standard, m.steps_with_standard),
        leadTimeMedianMs: m.lead_median_ms,
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
