/** Performers (PELAKSANA) as named in the SOP's swimlanes. */
export const PERFORMER_ROLES = ['PENGGUNA', 'VERIFIKATOR', 'BSRE'] as const;
export type PerformerRole = (typeof PERFORMER_ROLES)[number];

/**
 * The SOP does not say whether "7 Hari" is calendar or working days, so each step's
 * standard names its basis explicitly: calendar (24 h a day), working (24 h of each working day)
 * or office_hours (jam kerja: the opening hours of each working day).
 */
export const TIME_BASES = ['calendar', 'working', 'office_hours'] as const;
export type TimeBasis = (typeof TIME_BASES)[number];

/** A step's time standard (MUTU BAKU · WAKTU). `durationMs` null means the SOP sets none ("-"). */
export interface StepStandard {
  /** ISO-8601 duration as written in the definition, e.g. "PT5M", "P7D"; null when none. */
  readonly duration: string | null;
  readonly durationMs: number | null;
  readonly basis: TimeBasis;
}

export interface DecisionBranch {
  /** The label on the flowchart arrow, e.g. "Ya" / "Tidak". */
  readonly label: string;
  /** What the branch means in the workflow. */
  readonly outcome: 'complete' | 'incomplete';
  /** Step number the branch leads to. */
  readonly goto: number;
}

export interface SopStepDefinition {
  readonly number: number;
  readonly activity: string;
  readonly performers: readonly PerformerRole[];
  readonly needs: readonly string[];
  readonly standard: StepStandard;
  /** The WAKTU cell as printed in the SOP document, e.g. "5 Menit", "7 Hari", "-". */
  readonly timeLabel: string;
  readonly output: string;
  readonly note: string | null;
  /** Present on decision steps (diamond); absent on activities. */
  readonly branches: readonly DecisionBranch[] | null;
}

export interface SopSignatory {
  readonly name: string;
  readonly title: string;
  readonly nip: string;
}

export interface SopIdentity {
  readonly number: string;
  readonly name: string;
  readonly government: string;
  readonly year: number;
  readonly unitName: string;
  readonly unitAddress: string;
  /** Calendar dates as YYYY-MM-DD (office dates, WIB). */
  readonly madeOn: string;
  readonly revisedOn: string | null;
  readonly effectiveOn: string;
  readonly approvedBy: string;
  readonly signatory: SopSignatory;
  readonly legalBasis: readonly string[];
  readonly qualifications: readonly string[];
  readonly relatedSops: readonly string[];
  readonly equipment: readonly string[];
  readonly warnings: readonly string[];
  readonly records: readonly string[];
}

/** One supporting document (dokumen pendukung) the procedure asks for. */
export interface ChecklistItem {
  /** Stable slug naming the item in uploads and in BSrE's "Tidak" verdicts. */
  readonly code: string;
  readonly label: string;
  /** Needed before step 1 of the first round can end; optional items are uploaded when at hand. */
  readonly required: boolean;
}

/** One version of an SOP: identity block + procedure, as loaded from a definition file. */
export interface SopDefinition {
  /** Stable slug of the SOP across versions, used in URLs. */
  readonly code: string;
  readonly identity: SopIdentity;
  readonly steps: readonly SopStepDefinition[];
  /**
   * The supporting documents, when the version lists them. Absent rather than empty otherwise,
   * so a definition without one keeps the SHA-256 it was loaded under.
   */
  readonly checklist?: readonly ChecklistItem[];
}
