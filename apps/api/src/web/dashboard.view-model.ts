import { breachCount, type ComparedFigures, type ComplianceDashboard } from '@mutu/compliance';
import { PAGE_PATHS } from '@mutu/notifications';
import { ReportFormatter } from '@mutu/reporting';
import type { WebLabels, WebLanguage } from './web-labels';

/**
 * What the head's dashboard shows, formatted as the PDF report formats it (the same
 * ReportFormatter), from ComplianceService.dashboard: one source for page, PDF and Excel.
 */
export function dashboardModel(
  dashboard: ComplianceDashboard,
  language: WebLanguage,
  timeZone: string,
  L: WebLabels,
) {
  const format = new ReportFormatter(language, timeZone);
  const { figures, previous } = dashboard;
  const headline = (f: ComparedFigures) => ({
    withinStandard: format.percent(f.withinStandardShare),
    opened: format.count(f.renewals.opened),
    completed: format.count(f.renewals.completed),
    running: format.count(f.renewals.running),
    breaches: format.count(breachCount(f)),
    leadTimeMedian: format.duration(f.renewals.leadTime.medianMs),
  });
  const previousStep = (step: number) => previous.steps.find((s) => s.step === step);
  return {
    month: dashboard.month,
    monthName: format.monthName(dashboard.month),
    previousMonthName: format.monthName(dashboard.previousMonth),
    current: headline(figures),
    previous: headline(previous),
    steps: figures.steps.map((s) => ({
      step: s.step,
      instances: format.count(s.instances),
      withinStandard: format.percent(s.withinStandardShare),
      previousWithinStandard: format.percent(previousStep(s.step)?.withinStandardShare ?? null),
      breaches: format.count(s.breaches),
      atRiskNow: format.count(s.atRiskNow),
      median: format.duration(s.durationMs.median),
    })),
    agencies: dashboard.agenciesWorstFirst.map((a) => ({
      agency: a.agency,
      opened: format.count(a.opened),
      withinStandard: format.percent(a.withinStandardShare),
      breaches: format.count(a.breaches),
    })),
    trend: dashboard.trend.map((m) => ({
      month: format.monthName(m.month),
      opened: format.count(m.opened),
      withinStandard: format.percent(m.withinStandardShare),
      // A bar as wide as the share: readable without colour or script.
      width: m.withinStandardShare === null ? 0 : Math.round(m.withinStandardShare * 100),
    })),
    breaches: figures.worstCases.map((w) => ({
      href: PAGE_PATHS.renewal(w.renewalId),
      holder: w.holder,
      agency: w.agency,
      step: w.step,
      round: w.round,
      overrun: format.duration(w.overrunMs),
    })),
    atRiskNow: dashboard.atRiskNow.map((s) => ({
      href: PAGE_PATHS.renewal(s.renewalId),
      holder: s.holder,
      agency: s.agency,
      step: s.step,
      state: s.breached ? L.pastStandard : L.atRisk,
      sla: s.breached ? 'breached' : 'at_risk',
      deadline: format.dateTimeOf(s.deadlineAt),
    })),
  };
}
