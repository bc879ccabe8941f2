import {
  OPEN_RENEWAL_STATUSES,
  RENEWAL_STATUS_LABELS,
  RENEWAL_STATUSES,
  RENEWAL_STEPS,
  type RenewalStatus,
  type RenewalStep,
} from '@mutu/domain';
import type { RenewalView } from '@mutu/renewals';

export interface DemoSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<RenewalStatus, number>>;
  /** Step instances past their standard, ended or still running; null for a step without a standard. */
  readonly breachesByStep: Readonly<Record<RenewalStep, number | null>>;
  /** Each step's standard with its basis as the latest renewal has it ("5 menit jam kerja"); null: none seen. */
  readonly standardByStep: Readonly<Record<RenewalStep, string | null>>;
  /** Renewals that went round again after at least one "Tidak". */
  readonly reworked: number;
  /** Renewals worth opening first: one completed after a "Tidak", one still running. */
  readonly examples: { readonly reworkedCompleted: RenewalView | null; readonly running: RenewalView | null };
}

const isOpen = (status: RenewalStatus) =>
  (OPEN_RENEWAL_STATUSES as readonly RenewalStatus[]).includes(status);

export function summarizeDemo(views: readonly RenewalView[]): DemoSummary {
  const byStatus = Object.fromEntries(RENEWAL_STATUSES.map((s) => [s, 0])) as Record<RenewalStatus, number>;
  const breachesByStep = Object.fromEntries(RENEWAL_STEPS.map((s) => [s, null])) as Record<
    RenewalStep,
    number | null
  >;
  const standardByStep = Object.fromEntries(RENEWAL_STEPS.map((s) => [s, null])) as Record<
    RenewalStep,
    string | null
  >;
  for (const view of views) {
    byStatus[view.status]++;
    for (const { step, standard, sla } of view.timeline) {
      if (standard.duration !== null)
        breachesByStep[step] = (breachesByStep[step] ?? 0) + Number(sla.status === 'breached');
      standardByStep[step] = standard.label;
    }
  }
  return {
    total: views.length,
    byStatus,
    breachesByStep,
    standardByStep,
    reworked: views.filter((v) => v.round > 1).length,
    examples: {
      reworkedCompleted: views.find((v) => v.status === 'completed' && v.round > 1) ?? null,
      running: views.findLast((v) => isOpen(v.status)) ?? null,
    },
  };
}

/** The summary the `demo` command prints, in Indonesian. */
export function demoSummaryText(summary: DemoSummary, apiPort: number): string {
  const { byStatus, breachesByStep, standardByStep, examples } = summary;
  const width = Math.max(...RENEWAL_STATUSES.map((s) => RENEWAL_STATUS_LABELS[s].length));
  const breaches = RENEWAL_STEPS.map((step) =>
    breachesByStep[step] === null
      ? `langkah ${step}: – (tanpa mutu baku)`
      : `langkah ${step} (${standardByStep[step]}): ${breachesByStep[step]}`,
  );
  const look = (view: RenewalView | null, what: (view: RenewalView) => string) =>
    view
      ? [
          `  curl -s -H "Authorization: Bearer $TOKEN" localhost:${apiPort}/renewals/${view.id}   # ${what(view)}`,
        ]
      : [];
  return [
    `${summary.total} permohonan pembaruan tercatat:`,
    ...RENEWAL_STATUSES.map(
      (s) => `  ${RENEWAL_STATUS_LABELS[s].padEnd(width)}  ${String(byStatus[s]).padStart(4)}`,
    ),
    `Langkah yang melewati mutu baku waktu: ${breaches.join(', ')}`,
    `Dikerjakan ulang setelah "Tidak" dari BSrE: ${summary.reworked} permohonan`,
    'Untuk dilihat (API berjalan lewat npm start; TOKEN dari POST /auth/login):',
    ...look(examples.reworkedCompleted, (v) => `selesai pada putaran ${v.round}, setelah "Tidak" dari BSrE`),
    ...look(examples.running, (v) => `masih berjalan: ${RENEWAL_STATUS_LABELS[v.status]}`),
  ].join('\n');
}
