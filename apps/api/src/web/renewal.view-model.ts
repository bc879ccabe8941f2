import {
  durationInWords,
  parseIsoDuration,
  type RenewalAction,
  type RenewalStatus,
  slaClock,
  type StepSlaStatus,
} from '@mutu/domain';
import type { RenewalSummary, RenewalView } from '@mutu/renewals';
import {
  ACTION_NAMES,
  ROLE_NAMES,
  SLA_NAMES,
  STATUS_NAMES,
  WEB_LABELS,
  type WebLanguage,
} from './web-labels';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the office reads it: "24 Nov 2026, 10.30 WIB" (English "24 Nov 2026, 10:30 WIB"). */
export function officeDateTime(utc: string, language: WebLanguage, timeZone: string): string {
  const key = `${language}|${timeZone}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    dateTimeFormats.set(key, format);
  }
  // Intl names Asia/Jakarta "WIB" in Indonesian and "GMT+7" in English; the office says WIB.
  return format.format(new Date(utc)).replace('GMT+7', 'WIB');
}

/** The coloured clock of a running step, or null: see slaClock() in the domain. */
function clockOf(
  sla: { status: StepSlaStatus; remainingMs: number | null; overrunMs: number | null },
  language: WebLanguage,
) {
  const clock = slaClock(sla, language);
  return clock && { ...clock, label: SLA_NAMES[language][clock.state] };
}

/** One row of a renewal list (the holder's own, the verifier's queue, BSrE's). */
export function summaryRow(renewal: RenewalSummary, language: WebLanguage, timeZone: string) {
  return {
    id: renewal.id,
    holderName: renewal.holder.name,
    nip: renewal.holder.nip,
    agency: renewal.agency,
    status: STATUS_NAMES[language][renewal.status],
    round: renewal.round,
    openedAt: officeDateTime(renewal.openedAt.utc, language, timeZone),
    clock: renewal.currentStep ? clockOf(renewal.currentStep.sla, language) : null,
    breachedSteps: renewal.breachedSteps,
  };
}

/** "15 menit", "7 hari (jam kerja)": a step's standard in words; "-" without one (step 3). */
function standardText(standard: { duration: string | null; basis: string }, language: WebLanguage): string {
  if (!standard.duration) return WEB_LABELS[language].none;
  const words = durationInWords(parseIsoDuration(standard.duration), language);
  return standard.basis === 'working' ? `${words} (${WEB_LABELS[language].workingTime})` : words;
}

/** The renewal page: its facts, timeline, checklist and the forms of what `actions` allows. */
export function renewalPage(
  renewal: RenewalView,
  actions: readonly RenewalAction[],
  canUpload: boolean,
  language: WebLanguage,
  timeZone: string,
) {
  const L = WEB_LABELS[language];
  const labelOf = new Map(renewal.checklist.map((item) => [item.code, item.label]));
  const running = renewal.timeline.find((entry) => entry.endedAt === null) ?? null;
  const can = (action: RenewalAction) => actions.includes(action);
  return {
    id: renewal.id,
    version: renewal.version,
    status: STATUS_NAMES[language][renewal.status as RenewalStatus],
    round: renewal.round,
    holder: renewal.holder,
    agency: renewal.agency,
    certificateSerial: renewal.certificateSerial,
    currentExpiry: renewal.currentExpiry,
    sop: `${renewal.sop.number} (${L.version.toLowerCase()} ${renewal.sop.version})`,
    amsReference: renewal.amsReference,
    openedAt: officeDateTime(renewal.openedAt.utc, language, timeZone),
    clock: running ? clockOf(running.sla, language) : null,
    // Oldest first: round by round, step by step.
    timeline: [...renewal.timeline]
      .sort((a, b) => a.round - b.round || a.step - b.step)
      .map((entry) => ({
        step: entry.step,
        stepName: STATUS_NAMES[language][`step${entry.step}` as RenewalStatus],
        round: entry.round,
        performer: ROLE_NAMES[language][entry.performerRole as keyof (typeof ROLE_NAMES)['id']],
        actor: entry.actorId,
        startedAt: officeDateTime(entry.startedAt.utc, language, timeZone),
        endedAt: entry.endedAt ? officeDateTime(entry.endedAt.utc, language, timeZone) : null,
        standard: standardText(entry.standard, language),
        taken: durationInWords(entry.sla.elapsedMs, language),
        slaStatus: entry.sla.status,
        slaLabel: SLA_NAMES[language][entry.sla.status],
        clock: entry.endedAt ? null : clockOf(entry.sla, language),
        outcome:
          entry.outcome === 'complete'
            ? ACTION_NAMES[language].verification_complete
            : entry.outcome === 'incomplete'
              ? ACTION_NAMES[language].verification_incomplete
              : null,
        missingItems: (entry.missingItems ?? []).map((code) => labelOf.get(code) ?? code),
        corrected: entry.corrected?.reason ?? null,
        relayed: entry.recordedFor === 'BSRE',
      })),
    checklist: renewal.checklist.map((item) => ({
      code: item.code,
      label: item.label,
      required: item.required,
      missing: item.required && item.documents.length === 0,
      documents: item.documents.map((document) => ({
        id: document.id,
        name: document.name,
        size: `${Math.max(1, Math.round(document.size / 1024))} KB`,
        uploadedAt: officeDateTime(document.uploadedAt.utc, language, timeZone),
      })),
    })),
    missingCount: renewal.checklist.filter((item) => item.required && item.documents.length === 0).length,
    canUpload,
    actions: {
      any: actions.length > 0,
      documentsReady: can('documents_ready'),
      submittedToAms: can('submitted_to_ams'),
      verification: can('verification_complete'),
      holderInformed: can('holder_informed'),
      cancel: can('cancel'),
    },
  };
}
