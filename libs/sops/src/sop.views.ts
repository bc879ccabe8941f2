import type { SopStep, SopVersion } from '@mutu/db';

// Shapes of the SOP views the service returns. The API describes them for its OpenAPI document
// (apps/api/src/sops/sop.responses.ts), so that this library, and the CLI that prints SOPs and
// reports with it, never load @nestjs/swagger.

export interface DecisionBranchView {
  label: string;
  outcome: 'complete' | 'incomplete';
  /** Step number the branch leads to. */
  goto: number;
}

export interface SopStepView {
  number: number;
  activity: string;
  performers: string[];
  /** KELENGKAPAN. */
  needs: string[];
  /** Mutu baku waktu, ISO-8601; null = no standard. */
  duration: string | null;
  basis: string;
  /** WAKTU as printed in the SOP. */
  timeLabel: string;
  output: string;
  note: string | null;
  branches: DecisionBranchView[] | null;
}

export interface ChecklistItemView {
  code: string;
  label: string;
  required: boolean;
}

export interface SignatoryView {
  name: string;
  title: string;
  nip: string;
}

export interface SopVersionView {
  code: string;
  version: number;
  number: string;
  name: string;
  government: string;
  year: number;
  unitName: string;
  unitAddress: string;
  /** WIB date, YYYY-MM-DD. */
  madeOn: string;
  revisedOn: string | null;
  effectiveOn: string;
  approvedBy: string;
  signatory: SignatoryView;
  legalBasis: string[];
  qualifications: string[];
  relatedSops: string[];
  equipment: string[];
  warnings: string[];
  records: string[];
  /** SHA-256 of the definition this version was loaded from. */
  definitionSha256: string;
  source: string;
  loadedBy: string;
  /** ISO-8601 instant. */
  loadedAt: string;
  steps: SopStepView[];
  /** Supporting documents of this version; empty when it lists none. */
  checklist: ChecklistItemView[];
}

export interface SopSummaryView {
  code: string;
  name: string;
  number: string;
  /** The version in force today. */
  currentVersion: number;
  effectiveOn: string;
  versionCount: number;
}

export interface SopLoadResultView {
  /** false when an identical definition was already loaded. */
  created: boolean;
  version: SopVersionView;
}

function stepView(step: SopStep): SopStepView {
  return {
    number: step.number,
    activity: step.activity,
    performers: step.performers,
    needs: step.needs,
    duration: step.duration ?? null,
    basis: step.basis,
    timeLabel: step.timeLabel,
    output: step.output,
    note: step.note ?? null,
    branches: step.branches ?? null,
  };
}

export function sopVersionView(code: string, v: SopVersion): SopVersionView {
  return {
    code,
    version: v.version,
    number: v.number,
    name: v.name,
    government: v.government,
    year: v.year,
    unitName: v.unitName,
    unitAddress: v.unitAddress,
    madeOn: v.madeOn,
    revisedOn: v.revisedOn ?? null,
    effectiveOn: v.effectiveOn,
    approvedBy: v.approvedBy,
    signatory: { name: v.signatoryName, title: v.signatoryTitle, nip: v.signatoryNip },
    legalBasis: v.legalBasis,
    qualifications: v.qualifications,
    relatedSops: v.relatedSops,
    equipment: v.equipment,
    warnings: v.warnings,
    records: v.records,
    definitionSha256: v.definitionSha256,
    source: v.source,
    loadedBy: v.loadedBy,
    loadedAt: v.loadedAt.toISOString(),
    steps: v.steps.getItems().map(stepView),
    checklist: v.checklist.map(({ code, label, required }) => ({ code, label, required })),
  };
}
