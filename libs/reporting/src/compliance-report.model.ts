import { createHash } from 'node:crypto';
import {
  breachCount,
  type ComparedFigures,
  type ComplianceFigures,
  type ComplianceTrendMonth,
} from '@mutu/compliance';
import type { StepExportRow } from '@mutu/db';
import {
  canonicalJson,
  describeStandard,
  officeDate,
  type PerformerRole,
  periodSlug,
  type ReportPeriod,
  type TimeBasis,
} from '@mutu/domain';
import type { SopVersionView } from '@mutu/sops';
import { leadTimeDistributionChart, monthlyTrendChart, stepComplianceChart } from './compliance-charts.svg';
import { complianceNarrative } from './compliance-narrative';
import { ReportFormatter, SHARE_EPSILON } from './compliance-report.format';
import { COMPLIANCE_REPORT_LABELS, type ReportLang } from './compliance-report.labels';

/** Page geometry of the compliance report: A4 portrait; header and footer live in the margins. */
export const REPORT_MARGINS_MM = { top: 20, right: 15, bottom: 18, left: 15 } as const;

/** Breaches listed in the PDF; the rest are in the Excel workbook. */
export const REPORT_BREACH_ROWS = 50;

export interface ComplianceReportInput {
  readonly figures: ComplianceFigures;
  /** The same filters over the period just before (see previousPeriod). */
  readonly previous: ComparedFigures;
  /** Months of the trend chart: the period's, or the half year ending with it. */
  readonly trend: readonly ComplianceTrendMonth[];
  readonly sop: SopVersionView;
  /** The first breaches in the order of the Excel sheet, at most REPORT_BREACH_ROWS. */
  readonly breaches: readonly StepExportRow[];
  readonly auditHead: { readonly seq: number; readonly hash: string };
  readonly generatedAt: Date;
  /** Who asked for it, as people read it (see generatedByName). */
  readonly generatedBy: string;
  readonly lang: ReportLang;
  /** The regency's arms as a data: URI for the letterhead; null = a placeholder. */
  readonly letterheadLogo: string | null;
  /** Who acknowledges the report, and where it is dated; null = the SOP's signatory. */
  readonly office: {
    readonly city: string;
    /** The office's target share of steps within standard (0–1). */
    readonly complianceTarget: number;
    readonly headOfOffice: {
      readonly name: string;
      readonly nip: string;
      readonly title: string | null;
    } | null;
  };
}

/** SHA-256 of the canonical JSON of the figures: what the report prints as its data fingerprint. */
export function figuresSha256(figures: ComplianceFigures): string {
  return createHash('sha256').update(canonicalJson(figures)).digest('hex');
}

/** File name of the report, as the archive names it: "laporan-kepatuhan-2026-11.pdf". */
export function complianceReportFileName(
  period: ReportPeriod,
  lang: ReportLang,
  format: 'pdf' | 'xlsx',
): string {
  return `${COMPLIANCE_REPORT_LABELS[lang].fileStem}-${periodSlug(period)}.${format}`;
}

/**
 * Who generated a report, as the report prints it: an account's display name, "otomatis (jadwal
 * bulanan)" for a scheduled job (`system:<job>`), a name given at the command line (`cli:<name>`)
 * as itself. Never the raw actor id.
 */
export function generatedByName(actorId: string, displayName: string | null, lang: ReportLang): string {
  const labels = COMPLIANCE_REPORT_LABELS[lang];
  if (displayName) return displayName;
  const [kind, ...rest] = actorId.split(':');
  const name = rest.join(':');
  if (kind === 'system' && rest.length) return labels.automatic(name);
  if (kind === 'cli' && rest.length) return labels.commandLine(name);
  return actorId;
}

/**
 * The letterhead's government line as a kop surat writes it: the SOP's identity abbreviates
 * ("PEMKAB KEPULAUAN MERANTI"), the letterhead spells it out ("PEMERINTAH KABUPATEN KEPULAUAN MERANTI").
 */
export function letterheadGovernment(government: string): string {
  return government
    .replace(/^PEMKAB\b/, 'PEMERINTAH KABUPATEN')
    .replace(/^PEMKOT\b/, 'PEMERINTAH KOTA')
    .replace(/^PEMPROV\b/, 'PEMERINTAH PROVINSI');
}

/** Agencies lowest share within standard first (none last), then most breaches, then by name. */
function worstFirst<T extends { agency: string; withinStandardShare: number | null; breaches: number }>(
  agencies: readonly T[],
): T[] {
  return [...agencies].sort(
    (a, b) =>
      (a.withinStandardShare ?? Infinity) - (b.withinStandardShare ?? Infinity) ||
      b.breaches - a.breaches ||
      a.agency.localeCompare(b.agency, 'id'),
  );
}

/** The configured head of office, else the SOP's own signatory (who signed the SOP). */
function approvalSignatory({ office, sop, lang }: ComplianceReportInput) {
  const head = office.headOfOffice;
  const person = head
    ? { name: head.name, nip: head.nip, title: head.title ?? `KEPALA ${sop.unitName}` }
    : sop.signatory;
  return {
    title: person.title,
    name: person.name,
    nip: `${COMPLIANCE_REPORT_LABELS[lang].approval.nip} ${person.nip}`,
  };
}

/** Everything the compliance report's templates place, formatted in the report's language and zone. */
export function complianceReportModel(input: ComplianceReportInput) {
  const { figures, sop, lang } = input;
  const labels = COMPLIANCE_REPORT_LABELS[lang];
  const format = new ReportFormatter(lang, figures.period.timeZone);
  const { renewals } = figures;
  const sopSteps = new Map(sop.steps.map((step) => [step.number, step]));
  // The standard with the basis it is measured on ("5 menit jam kerja"), not the SOP's bare "5 Menit".
  const standardOf = (step: { duration: string | null; basis: string }) =>
    describeStandard({ duration: step.duration, basis: step.basis as TimeBasis }, lang);
  const stepLabel = (number: number) => {
    const step = sopSteps.get(number);
    return step?.duration ? labels.stepWithStandard(number, standardOf(step)) : labels.step(number);
  };
  const chartText = {
    noData: labels.charts.noData,
    formatCount: (n: number) => format.count(n),
    // Axis ticks are round: 0%, 25%, 50%…
    formatPercent: (share: number) => `${format.count(share * 100)}%`,
  };
  const totalBreaches = breachCount(figures);
  const dataSha256 = figuresSha256(figures);
  const target = input.office.complianceTarget;
  const targetLabel = format.wholePercent(target);
  const { previous } = input;
  const previousName = format.period(previous.period.from, previous.period.to);
  const [shareNow, shareBefore] = [renewals.withinStandardShare, previous.renewals.withinStandardShare];
  const difference = shareNow === null || shareBefore === null ? null : shareNow - shareBefore;
  const direction =
    difference === null
      ? null
      : Math.abs(difference) < SHARE_EPSILON
        ? 'same'
        : difference > 0
          ? 'up'
          : 'down';
  const h = labels.headline;

  return {
    lang: labels.htmlLang,
    labels,
    office: {
      government: letterheadGovernment(sop.government),
      unitName: sop.unitName,
      unitAddress: sop.unitAddress,
      logo: input.letterheadLogo,
    },
    headline: {
      share: format.percent(shareNow),
      shareLabel: h.share,
      previous:
        shareBefore === null
          ? h.noPrevious(previousName)
          : h.previous(previousName, format.percent(shareBefore)),
      direction,
      arrow: direction === 'up' ? '▲' : direction === 'down' ? '▼' : '',
      change:
        direction === null
          ? null
          : direction === 'same'
            ? h.same
            : (direction === 'up' ? h.up : h.down)(format.points(difference!)),
      target: h.target(targetLabel),
      targetMet: shareNow !== null && shareNow >= target,
      targetState: shareNow === null ? null : shareNow >= target ? h.meetsTarget : h.belowTarget,
      breaches: format.count(totalBreaches),
      breachesBefore: h.breachesBefore(format.count(breachCount(previous))),
      atRiskNow: format.count(figures.steps.reduce((sum, step) => sum + step.atRiskNow, 0)),
    },
    period: format.period(figures.period.from, figures.period.to),
    periodDates: labels.periodRange(format.date(figures.period.from), format.date(figures.period.to)),
    agency: figures.filters.agency ?? labels.allAgencies,
    sopVersionFilter:
      figures.filters.sopVersion === null ? labels.allSopVersions : String(figures.filters.sopVersion),
    judgedAt: format.dateTimeOf(figures.judgedAt),
    measure: labels.measures[figures.measure],
    generatedAt: format.dateTimeOf(input.generatedAt),
    generatedBy: input.generatedBy,
    summary: [
      { label: labels.opened, value: format.count(renewals.opened), key: 'opened' },
      { label: labels.completed, value: format.count(renewals.completed), key: 'completed' },
      { label: labels.running, value: format.count(renewals.running), key: 'running' },
      { label: labels.cancelled, value: format.count(renewals.cancelled), key: 'cancelled' },
      {
        label: labels.leadTimeMedian,
        value: format.duration(renewals.leadTime.medianMs),
        key: 'lead-median',
      },
      { label: labels.leadTimeP90, value: format.duration(renewals.leadTime.p90Ms), key: 'lead-p90' },
      {
        label: labels.rework,
        value: format.percent(renewals.reworkRate),
        detail:
          renewals.averageRounds === null
            ? null
            : labels.reworkDetail(format.decimal1(renewals.averageRounds)),
        key: 'rework',
      },
    ],
    narrative: complianceNarrative(figures, previous, format, stepLabel),
    charts: {
      steps: stepComplianceChart(
        figures.steps.map((step) => ({
          label: stepLabel(step.step),
          share: step.withinStandardShare,
          valueLabel:
            step.withinStandardShare === null ? labels.noStandard : format.percent(step.withinStandardShare),
        })),
        {
          ...chartText,
          title: labels.charts.stepsTitle,
          standardLine: labels.charts.standardLine,
          target,
          meetsTarget: labels.charts.meetsTarget(targetLabel),
          belowTarget: labels.charts.belowTarget,
        },
      ),
      trend: monthlyTrendChart(
        input.trend.map((month) => ({
          label: format.monthAbbreviation(month.month),
          opened: month.opened,
          share: month.withinStandardShare,
        })),
        {
          ...chartText,
          title: labels.charts.trendTitle,
          opened: labels.charts.trendOpened,
          share: labels.charts.trendShare,
        },
      ),
      leadTime: leadTimeDistributionChart(
        renewals.leadTimeDistribution.map((bucket) => ({
          label: labels.charts.leadTimeBucket(bucket.fromDays, bucket.toDays),
          count: bucket.completed,
        })),
        { ...chartText, title: labels.charts.leadTimeTitle },
      ),
    },
    steps: figures.steps.map((step) => ({
      label: labels.step(step.step),
      standard: sopSteps.get(step.step)?.duration ? standardOf(sopSteps.get(step.step)!) : labels.noStandard,
      instances: format.count(step.instances),
      ended: format.count(step.ended),
      withinStandard: format.percent(step.withinStandardShare),
      breaches: format.count(step.breaches),
      atRiskNow: format.count(step.atRiskNow),
      durationMedian: format.duration(step.durationMs.median),
      durationP90: format.duration(step.durationMs.p90),
    })),
    agenciesHeading: labels.agenciesHeading(targetLabel),
    agencies: worstFirst(figures.agencies).map((agency) => ({
      belowTarget: agency.withinStandardShare !== null && agency.withinStandardShare < target,
      agency: agency.agency,
      opened: format.count(agency.opened),
      completed: format.count(agency.completed),
      withinStandard: format.percent(agency.withinStandardShare),
      breaches: format.count(agency.breaches),
      leadTimeMedian: format.duration(agency.leadTimeMedianMs),
    })),
    performers: figures.heldByPerformer.map((held) => ({
      role: labels.roles[held.role as PerformerRole] ?? held.role,
      held: format.duration(held.heldMs),
      share: format.percent(held.share),
    })),
    breaches: {
      rows: input.breaches.map((row, i) => ({
        number: format.count(i + 1),
        holder: row.holder_name ?? labels.none,
        agency: row.agency ?? labels.none,
        renewal: row.renewal_id.slice(0, 8),
        round: format.count(row.round),
        step: format.count(row.step),
        performer: labels.roles[row.performer_role as PerformerRole] ?? row.performer_role,
        started: format.wallTime(row.started_wall_ms),
        ended: format.wallTime(row.ended_wall_ms),
        standard: row.standard_duration
          ? describeStandard({ duration: row.standard_duration, basis: row.standard_basis }, lang)
          : labels.noStandard,
        duration:
          row.duration_minutes === null ? labels.none : format.duration(row.duration_minutes * 60_000),
        overrun: row.overrun_minutes === null ? labels.none : format.duration(row.overrun_minutes * 60_000),
      })),
      more:
        totalBreaches > input.breaches.length
          ? labels.moreBreaches(format.count(totalBreaches - input.breaches.length))
          : null,
    },
    sop: {
      number: sop.number,
      name: sop.name,
      version: String(sop.version),
      effectiveOn: format.date(sop.effectiveOn),
    },
    integrity: {
      dataSha256,
      auditHead: labels.auditHead(format.count(input.auditHead.seq)),
      auditHash: input.auditHead.hash,
      note: labels.integrityNote,
    },
    approval: {
      dated: `${input.office.city}, ${format.date(officeDate(input.generatedAt, format.timeZone))}`,
      acknowledged: labels.approval.acknowledged,
      ...approvalSignatory(input),
    },
    pageOf: labels.pageOf,
  };
}

export type ComplianceReportModel = ReturnType<typeof complianceReportModel>;
