import type { RenewalListRecord, RenewalRecord, StoredDocument, StoredStep } from '@mutu/db';
import {
  deepFreeze,
  allowedActions,
  type ChecklistItem,
  describeStandard,
  type OfficeCalendar,
  officeInstant,
  renewalSla,
  RENEWAL_STATUS_LABELS,
  type RenewalStatus,
  type FixedDeadline,
  type StepMeasurement,
  storedStepSla,
  type RenewalStep,
  roundChecklist,
  type StepOutcome,
  type StepRecord,
} from '@mutu/domain';

/** A stored step instance as the audit trail records it. */
export function stepRecord(row: StoredStep): StepRecord {
  return {
    step: row.step,
    round: row.round,
    performerRole: row.performerRole,
    actorId: row.actorId ?? null,
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    outcome: row.outcome ?? null,
    standard: {
      duration: row.standardDuration ?? null,
      durationMs: row.standardMs ?? null,
      basis: row.standardBasis,
    },
    deadlineAt: row.deadlineAt?.toISOString() ?? null,
    atRiskAt: row.atRiskAt?.toISOString() ?? null,
    missingItems: row.missingItems ?? null,
    correctionReason: row.correctionReason ?? null,
    recordedFor: row.recordedFor ?? null,
  };
}

/** The deadline and at-risk instant fixed when the step started. */
export function fixedDeadline(row: StoredStep): FixedDeadline {
  return { deadline: row.deadlineAt ?? null, atRiskAt: row.atRiskAt ?? null };
}

/** What was measured when the step ended; null while it runs. */
export function storedMeasurement(row: StoredStep): StepMeasurement | null {
  if (!row.endedAt || !row.slaStatus) return null;
  return {
    status: row.slaStatus,
    elapsedMs: row.slaElapsedMs!,
    standardMs: row.standardMs ?? null,
    overrunMs: row.slaOverrunMs ?? null,
    deadline: row.deadlineAt ?? null,
  };
}

/** The step as the domain reads it, with its fixed deadline and stored measurement. */
export function domainStep(row: StoredStep) {
  return {
    fixed: fixedDeadline(row),
    measurement: storedMeasurement(row),
    step: row.step as RenewalStep,
    round: row.round,
    performerRole: row.performerRole,
    actorId: row.actorId ?? null,
    startedAt: row.startedAt,
    endedAt: row.endedAt ?? null,
    outcome: (row.outcome ?? null) as StepOutcome | null,
    standard: {
      duration: row.standardDuration ?? null,
      durationMs: row.standardMs ?? null,
      basis: row.standardBasis,
    },
  };
}

/** A supporting document as the API shows it; its bytes are fetched from the download route. */
export function documentView(document: StoredDocument, timeZone: string) {
  return {
    id: document.id,
    item: document.item,
    round: document.round,
    name: document.name,
    mediaType: document.mediaType,
    size: document.size,
    sha256: document.sha256,
    uploadedBy: document.uploadedBy,
    uploadedAt: officeInstant(document.uploadedAt, timeZone),
  };
}

export type DocumentView = ReturnType<typeof documentView>;

/** What the checklist of a round is made of: the SOP version's items, the steps and the uploads. */
export interface ChecklistSource<D extends StoredDocument> {
  readonly round: number;
  readonly checklist: readonly ChecklistItem[];
  readonly steps: readonly Pick<StoredStep, 'step' | 'round' | 'missingItems'>[];
  readonly documents: readonly D[];
}

/** The checklist of the renewal's SOP version as it stands in the current round. */
export function checklistOf<D extends StoredDocument>(renewal: ChecklistSource<D>) {
  const sentBack = renewal.steps.find((s) => s.step === 3 && s.round === renewal.round - 1)?.missingItems;
  return roundChecklist(renewal.checklist, renewal.round, sentBack ?? null, renewal.documents);
}

export interface ViewContext {
  readonly now: Date;
  readonly calendar: OfficeCalendar;
  readonly timeZone: string;
  readonly atRiskShare: number;
}

/** What every view of a renewal starts with: which one, where it stands, when it opened and closed. */
function renewalHeader(renewal: RenewalListRecord, timeZone: string) {
  const status = renewal.status as RenewalStatus;
  return {
    id: renewal.id,
    version: renewal.version,
    status,
    statusLabel: RENEWAL_STATUS_LABELS[status],
    round: renewal.round,
    agency: renewal.agency,
    openedAt: officeInstant(renewal.openedAt, timeZone),
    closedAt: renewal.closedAt ? officeInstant(renewal.closedAt, timeZone) : null,
  };
}

/** One line of a renewal list: where it stands and how its running step is doing. */
export function renewalSummary(renewal: RenewalListRecord, context: ViewContext) {
  const { now, calendar, timeZone, atRiskShare } = context;
  const running = renewal.steps.find((s) => s.endedAt == null);
  return {
    ...renewalHeader(renewal, timeZone),
    holder: { nip: renewal.holder.nip, name: renewal.holder.name },
    currentStep: running
      ? {
          step: running.step,
          round: running.round,
          sla: storedStepSla(domainStep(running), now, calendar, atRiskShare),
        }
      : null,
    breachedSteps: renewalSla(renewal.steps.map(domainStep), now, calendar).breachedSteps,
  };
}

export type RenewalSummary = ReturnType<typeof renewalSummary>;

/** A renewal with every step instance measured against its standard at `now`. */
export function renewalView(renewal: RenewalRecord, context: ViewContext) {
  const { now, calendar, timeZone, atRiskShare } = context;
  const steps = renewal.steps.map(domainStep);
  const header = renewalHeader(renewal, timeZone);
  return {
    ...header,
    allowedActions: allowedActions(header.status),
    holder: { nip: renewal.holder.nip, name: renewal.holder.name, email: renewal.holder.email },
    certificateSerial: renewal.certificateSerial,
    currentExpiry: renewal.currentExpiry,
    sop: { code: renewal.sop.code, version: renewal.sop.version, number: renewal.sop.number },
    openedBy: renewal.openedBy,
    amsReference: renewal.amsReference ?? null,
    passphraseSet: renewal.passphraseSetAt
      ? { at: officeInstant(renewal.passphraseSetAt, timeZone), by: renewal.passphraseSetBy }
      : null,
    informedChannel: renewal.informedChannel ?? null,
    newValidity: renewal.newValidFrom ? { from: renewal.newValidFrom, until: renewal.newValidUntil } : null,
    cancelReason: renewal.cancelReason ?? null,
    checklist: checklistOf(renewal).map(({ uploads, ...item }) => ({
      ...item,
      documents: uploads.map((document) => documentView(document, timeZone)),
    })),
    sla: renewalSla(steps, now, calendar),
    timeline: renewal.steps.map((row, i) => {
      const step = steps[i];
      return {
        step: step.step,
        round: step.round,
        performerRole: step.performerRole,
        actorId: step.actorId,
        startedAt: officeInstant(step.startedAt, timeZone),
        endedAt: step.endedAt ? officeInstant(step.endedAt, timeZone) : null,
        outcome: step.outcome,
        standard: {
          duration: step.standard.duration,
          basis: step.standard.basis,
          label: describeStandard(step.standard, 'id'),
          labelEn: describeStandard(step.standard, 'en'),
        },
        sla: storedStepSla(step, now, calendar, atRiskShare),
        missingItems: row.missingItems ?? null,
        corrected: row.correctionReason ? { reason: row.correctionReason } : null,
        recordedFor: (row.recordedFor ?? null) as 'BSRE' | null,
      };
    }),
  };
}

export type RenewalView = ReturnType<typeof renewalView>;

/**
 * Renewal views built once per kept record and calendar (RenewalViewsRepository keeps a record's
 * object until a write drops it): only what depends on `now` is judged again on each call, that
 * is the renewal's SLA and its running steps' (an ended step is what was measured when it ended).
 * Building the whole view was an eighth of GET /renewals/:id's CPU (issue 14). A view given out
 * is frozen, since every caller shares it.
 */
export class KeptRenewalViews {
  private readonly kept = new WeakMap<RenewalRecord, { calendar: OfficeCalendar; view: RenewalView }>();

  /** The same as renewalView(record, context). */
  view(record: RenewalRecord, context: ViewContext): RenewalView {
    const kept = this.kept.get(record);
    if (!kept || kept.calendar !== context.calendar) {
      const view = deepFreeze(renewalView(record, context));
      this.kept.set(record, { calendar: context.calendar, view });
      return view;
    }
    if (record.steps.every((s) => s.endedAt != null)) return kept.view;
    const { now, calendar, atRiskShare } = context;
    const steps = record.steps.map(domainStep);
    return deepFreeze({
      ...kept.view,
      sla: renewalSla(steps, now, calendar),
      timeline: kept.view.timeline.map((entry, i) =>
        steps[i].endedAt ? entry : { ...entry, sla: storedStepSla(steps[i], now, calendar, atRiskShare) },
      ),
    });
  }
}
