import { breachCount, type ComparedFigures } from '@mutu/compliance';
import { type ReportFormatter, SHARE_EPSILON } from './compliance-report.format';
import { COMPLIANCE_REPORT_LABELS } from './compliance-report.labels';

type Figures = Pick<ComparedFigures, 'period' | 'renewals' | 'steps'>;

/**
 * What changed since the previous period, in a few sentences written from the figures alone:
 * renewals opened, each step's share within its standard (in points), breaches and the step with
 * most of them, and the median lead time.
 */
export function complianceNarrative(
  current: Figures,
  previous: Figures,
  format: ReportFormatter,
  stepLabel: (step: number) => string,
): string[] {
  const { narrative: n } = COMPLIANCE_REPORT_LABELS[format.lang];
  if (current.renewals.opened === 0) return [n.noRenewals];
  const before = n.previousPeriod(format.period(previous.period.from, previous.period.to));
  const sentences: string[] = [];

  const [was, is] = [previous.renewals.opened, current.renewals.opened];
  if (was === 0) sentences.push(n.openedNoPrevious(format.count(is), before));
  else if (is === was) sentences.push(n.openedSame(format.count(is), before));
  else
    sentences.push(
      (is > was ? n.openedUp : n.openedDown)(
        format.count(was),
        format.count(is),
        format.relativeChange(was, is),
        before,
      ),
    );

  const shares = current.steps
    .filter((step) => step.withinStandardShare !== null)
    .map((step) => {
      const share = step.withinStandardShare!;
      const earlier = previous.steps.find((p) => p.step === step.step)?.withinStandardShare ?? null;
      const label = stepLabel(step.step);
      if (earlier === null) return n.shareNew(label, format.percent(share));
      const difference = share - earlier;
      const change =
        Math.abs(difference) < SHARE_EPSILON
          ? n.pointsSame
          : (difference > 0 ? n.pointsUp : n.pointsDown)(format.points(difference));
      return n.shareChange(label, format.percent(share), change);
    });
  if (shares.length) sentences.push(`${n.sharesIntro} ${shares.join('; ')}.`);

  const total = breachCount(current);
  if (total === 0) sentences.push(n.noBreaches);
  else {
    sentences.push(n.breachesChange(format.count(total), format.count(breachCount(previous))));
    const worst = current.steps.reduce((a, b) => (b.breaches > a.breaches ? b : a));
    sentences.push(n.worstStep(stepLabel(worst.step), format.count(worst.breaches)));
  }

  const [medianBefore, medianNow] = [previous.renewals.leadTime.medianMs, current.renewals.leadTime.medianMs];
  if (medianNow !== null) {
    const [now, then] = [
      format.duration(medianNow),
      medianBefore === null ? null : format.duration(medianBefore),
    ];
    if (then === null) sentences.push(n.leadTimeNew(now));
    else if (now === then) sentences.push(n.leadTimeSame(now));
    else sentences.push(n.leadTimeChange(now, then, medianNow < medianBefore!));
  }
  return sentences;
}
