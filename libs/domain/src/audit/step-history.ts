/** A step instance as the audit trail records it (instants as ISO-8601 strings). */
export interface StepRecord {
  readonly step: number;
  readonly round: number;
  readonly performerRole: string;
  readonly actorId: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly outcome: string | null;
  readonly standard: {
    readonly duration: string | null;
    readonly durationMs: number | null;
    readonly basis: string;
  };
  readonly deadlineAt: string | null;
  readonly atRiskAt: string | null;
  readonly missingItems: readonly string[] | null;
  readonly correctionReason: string | null;
  /** 'BSRE' when a verifier recorded BSrE's verdict as BSrE reported it; absent in older events. */
  readonly recordedFor?: string | null;
}

/** What a renewal event's `after` carries about steps: the one it closed and the one it opened. */
export interface StepChange {
  readonly closedStep?: StepRecord | null;
  readonly openedStep?: StepRecord | null;
}

/**
 * Rebuilds a renewal's step instances from its audit events alone, oldest event first: each
 * event opens a step, closes one, or both; the latest word on a step wins.
 */
export function rebuildSteps(events: readonly { readonly after: unknown }[]): StepRecord[] {
  const steps = new Map<string, StepRecord>();
  for (const { after } of events) {
    const change = (after ?? {}) as StepChange;
    for (const record of [change.closedStep, change.openedStep]) {
      if (record) steps.set(`${record.round}:${record.step}`, record);
    }
  }
  return [...steps.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.step - b.step);
}
