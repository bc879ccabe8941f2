import type { PerformerRole, StepStandard } from '../sop/sop.types';

/** Who uses the system: the SOP's three lanes plus the head of office (reads only) and admins. */
export const ACTOR_ROLES = ['PENGGUNA', 'VERIFIKATOR', 'BSRE', 'KEPALA_DINAS', 'ADMIN'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/**
 * Steps 1 and 2 are "Pengguna / Verifikator" in the SOP: either may do them, and whoever does
 * them gathers the supporting documents.
 */
export const HOLDER_SIDE_ROLES: readonly ActorRole[] = ['PENGGUNA', 'VERIFIKATOR'];

export interface Actor {
  readonly id: string;
  readonly role: ActorRole;
}

export const RENEWAL_STEPS = [1, 2, 3, 4] as const;
export type RenewalStep = (typeof RENEWAL_STEPS)[number];

export const OPEN_RENEWAL_STATUSES = ['step1', 'step2', 'step3', 'step4'] as const;
export type OpenRenewalStatus = (typeof OPEN_RENEWAL_STATUSES)[number];
export const RENEWAL_STATUSES = [...OPEN_RENEWAL_STATUSES, 'completed', 'cancelled'] as const;
export type RenewalStatus = (typeof RENEWAL_STATUSES)[number];
export type ClosedRenewalStatus = Exclude<RenewalStatus, OpenRenewalStatus>;

export const RENEWAL_ACTIONS = [
  'documents_ready',
  'submitted_to_ams',
  'verification_complete',
  'verification_incomplete',
  'holder_informed',
  'cancel',
] as const;
export type RenewalAction = (typeof RENEWAL_ACTIONS)[number];

/** How a step instance ended; `complete` / `incomplete` are BSrE's Ya / Tidak in step 3. */
export const STEP_OUTCOMES = ['done', 'complete', 'incomplete', 'cancelled'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** Where the holder can see the renewal (the SOP's note on step 4). */
export const NOTIFICATION_CHANNELS = ['AMS', 'EMAIL'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** Each step's standard, taken from the SOP version the renewal runs under. */
export type StepStandards = Readonly<Record<RenewalStep, StepStandard>>;

/** One pass through one step. A "Tidak" in step 3 starts the steps again in the next round. */
export interface StepInstance {
  readonly step: RenewalStep;
  readonly round: number;
  /** The SOP lane the time is attributed to. */
  readonly performerRole: PerformerRole;
  /** Who closed the step; null while it runs. */
  readonly actorId: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly outcome: StepOutcome | null;
  /** Copied from the SOP version in force, so a later revision never rewrites past results. */
  readonly standard: StepStandard;
}

/** What the state machine needs to know about a renewal: its status and the step running now. */
export type RenewalSnapshot =
  | { readonly status: OpenRenewalStatus; readonly openStep: StepInstance }
  | { readonly status: ClosedRenewalStatus; readonly openStep: null };

export type RenewalCommand =
  | { readonly action: 'documents_ready' }
  | {
      readonly action: 'submitted_to_ams';
      readonly amsReference: string;
      /**
       * The holder's statement that a new passphrase was set in AMS. The passphrase itself is the
       * holder's secret and never enters this system.
       */
      readonly passphraseSet: boolean;
    }
  | { readonly action: 'verification_complete' }
  | { readonly action: 'verification_incomplete'; readonly missingItems: readonly string[] }
  | {
      readonly action: 'holder_informed';
      readonly channel: NotificationChannel;
      /** Validity of the renewed certificate, WIB dates YYYY-MM-DD. */
      readonly validFrom: string;
      readonly validUntil: string;
    }
  | { readonly action: 'cancel'; readonly reason: string };

export interface RenewalTransition {
  /** The renewal after the action: its new status and the step instance to open (null when it ends). */
  readonly next: RenewalSnapshot;
  /** The step instance that was running, now closed by the actor at `now`. */
  readonly closed: StepInstance;
  /** The command as it should be recorded: validated, trimmed, known fields only. */
  readonly command: RenewalCommand;
}
