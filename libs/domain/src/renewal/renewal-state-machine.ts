import { isSecretKey, SECRET_FIELD_MESSAGE } from '../common/secret-fields';
import { assertValidInstant, isCalendarDate } from '../calendar/calendar-date';
import type { PerformerRole } from '../sop/sop.types';
import {
  ForbiddenActionError,
  IllegalTransitionError,
  InvalidCommandError,
  InvalidCommandRule,
} from './renewal.errors';
import {
  Actor,
  ActorRole,
  NOTIFICATION_CHANNELS,
  OpenRenewalStatus,
  RENEWAL_ACTIONS,
  RenewalAction,
  RenewalCommand,
  RenewalSnapshot,
  RenewalStatus,
  RenewalStep,
  RenewalTransition,
  StepInstance,
  StepOutcome,
  StepStandards,
  HOLDER_SIDE_ROLES,
} from './renewal.types';

interface ActionRule {
  readonly from: readonly OpenRenewalStatus[];
  readonly roles: readonly ActorRole[];
  readonly outcome: StepOutcome;
  /** The step the action opens, or the closed status it ends the renewal in. */
  readonly to: RenewalStep | 'completed' | 'cancelled';
}

const RULES: Readonly<Record<RenewalAction, ActionRule>> = {
  documents_ready: { from: ['step1'], roles: HOLDER_SIDE_ROLES, outcome: 'done', to: 2 },
  submitted_to_ams: { from: ['step2'], roles: HOLDER_SIDE_ROLES, outcome: 'done', to: 3 },
  verification_complete: { from: ['step3'], roles: ['BSRE'], outcome: 'complete', to: 4 },
  verification_incomplete: { from: ['step3'], roles: ['BSRE'], outcome: 'incomplete', to: 1 },
  holder_informed: { from: ['step4'], roles: HOLDER_SIDE_ROLES, outcome: 'done', to: 'completed' },
  cancel: {
    from: ['step1', 'step2', 'step3', 'step4'],
    roles: [...HOLDER_SIDE_ROLES, 'ADMIN'],
    outcome: 'cancelled',
    to: 'cancelled',
  },
};

/**
 * Who may record BSrE's verdict (step 3). BSrE works in its own system (AMS); an office without
 * BSrE staff signing in here lets its verifiers relay the verdict (MUTU_BSRE_VERDICT_BY).
 */
export type VerdictRecorder = 'BSRE' | 'VERIFIKATOR';

/** How an office runs the SOP where the SOP leaves a choice; the default is the SOP as written. */
export interface RenewalPolicy {
  readonly bsreVerdictBy: VerdictRecorder;
}

export const DEFAULT_RENEWAL_POLICY: RenewalPolicy = { bsreVerdictBy: 'BSRE' };

const VERDICTS: readonly RenewalAction[] = ['verification_complete', 'verification_incomplete'];

function rolesOf(action: RenewalAction, policy: RenewalPolicy): readonly ActorRole[] {
  const { roles } = RULES[action];
  return VERDICTS.includes(action) && policy.bsreVerdictBy === 'VERIFIKATOR'
    ? [...roles, 'VERIFIKATOR']
    : roles;
}

/**
 * Whose verdict a step-3 outcome recorded by `role` is: BSrE's, relayed by a verifier ("dicatat
 * oleh verifikator atas informasi BSrE"), or null when the actor speaks for themself.
 */
export function recordedOnBehalfOf(action: RenewalAction, role: ActorRole): 'BSRE' | null {
  return VERDICTS.includes(action) && role !== 'BSRE' ? 'BSRE' : null;
}

const STATUS_OF_STEP = { 1: 'step1', 2: 'step2', 3: 'step3', 4: 'step4' } as const satisfies Record<
  RenewalStep,
  OpenRenewalStatus
>;

/** The actions possible in a status, for anyone or, given a role, for that role. */
export function allowedActions(
  status: RenewalStatus,
  role?: ActorRole,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): RenewalAction[] {
  return RENEWAL_ACTIONS.filter((action) => {
    const rule = RULES[action];
    return (
      (rule.from as readonly RenewalStatus[]).includes(status) &&
      (!role || rolesOf(action, policy).includes(role))
    );
  });
}

/**
 * The SOP lane a newly opened step's time belongs to. Steps 1–2 go to whichever of Pengguna or
 * Verifikator moves the renewal there; when BSrE sends it back ("Tidak"), the SOP says the
 * Pengguna is asked to complete the documents.
 */
function laneOf(step: RenewalStep, actorRole: ActorRole): PerformerRole {
  if (step === 3) return 'BSRE';
  if (step === 4) return 'PENGGUNA';
  return actorRole === 'VERIFIKATOR' || actorRole === 'PENGGUNA' ? actorRole : 'PENGGUNA';
}

function startStep(step: RenewalStep, round: number, actor: Actor, now: Date, standards: StepStandards) {
  return {
    status: STATUS_OF_STEP[step],
    openStep: {
      step,
      round,
      performerRole: laneOf(step, actor.role),
      actorId: null,
      startedAt: new Date(assertValidInstant(now, 'now')),
      endedAt: null,
      outcome: null,
      standard: standards[step],
    },
  } satisfies RenewalSnapshot;
}

/** Applying for renewal starts round 1 of step 1 at once, in the applicant's lane. */
export function openRenewal(actor: Actor, now: Date, standards: StepStandards): RenewalSnapshot {
  if (!HOLDER_SIDE_ROLES.includes(actor.role))
    throw new ForbiddenActionError('open_renewal', actor.role, HOLDER_SIDE_ROLES);
  return startStep(1, 1, actor, now, standards);
}

/**
 * Decides what an actor's command does to a renewal, or why it cannot: the status is checked
 * first (IllegalTransitionError), then the role (ForbiddenActionError), then the command's fields
 * (InvalidCommandError). Pure: the caller persists the result.
 */
export function decide(
  renewal: RenewalSnapshot,
  command: RenewalCommand,
  actor: Actor,
  now: Date,
  standards: StepStandards,
  policy: RenewalPolicy = DEFAULT_RENEWAL_POLICY,
): RenewalTransition {
  const action = command.action;
  if (!RENEWAL_ACTIONS.includes(action)) {
    throw new InvalidCommandError(
      String(action),
      'action',
      'one_of',
      `Aksi harus salah satu dari: ${RENEWAL_ACTIONS.join(', ')}`,
    );
  }
  const rule = RULES[action];
  if (renewal.openStep === null || !rule.from.includes(renewal.status)) {
    throw new IllegalTransitionError(
      renewal.status,
      action,
      actor.role,
      allowedActions(renewal.status),
      allowedActions(renewal.status, actor.role, policy),
    );
  }
  const roles = rolesOf(action, policy);
  if (!roles.includes(actor.role)) throw new ForbiddenActionError(action, actor.role, roles);
  const recorded = validated(command);

  const current = renewal.openStep;
  const closed: StepInstance = {
    ...current,
    actorId: actor.id,
    endedAt: new Date(assertValidInstant(now, 'now')),
    outcome: rule.outcome,
  };
  // A relayed verdict is BSrE's: the next step's lane is as if BSrE had recorded it.
  const speaker: Actor = { ...actor, role: recordedOnBehalfOf(action, actor.role) ?? actor.role };
  const next: RenewalSnapshot =
    typeof rule.to === 'number'
      ? startStep(rule.to, rule.to === 1 ? current.round + 1 : current.round, speaker, now, standards)
      : { status: rule.to, openStep: null };
  return { next, closed, command: recorded };
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  amsReference: 'Nomor referensi AMS',
  passphraseSet: 'Pernyataan bahwa passphrase baru sudah diatur di AMS',
  missingItems: 'Daftar kekurangan berkas',
  channel: 'Saluran pemberitahuan',
  validFrom: 'Tanggal mulai berlaku',
  validUntil: 'Tanggal akhir berlaku',
  reason: 'Alasan pembatalan',
};

const FIELDS_OF: Readonly<Record<RenewalAction, readonly string[]>> = {
  documents_ready: [],
  submitted_to_ams: ['amsReference', 'passphraseSet'],
  verification_complete: [],
  verification_incomplete: ['missingItems'],
  holder_informed: ['channel', 'validFrom', 'validUntil'],
  cancel: ['reason'],
};

function invalid(action: RenewalAction, field: string, rule: InvalidCommandRule, message: string): never {
  throw new InvalidCommandError(action, field, rule, message);
}

function requiredText(action: RenewalAction, field: string, value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  return text || invalid(action, field, 'required', `${FIELD_LABELS[field]} wajib diisi`);
}

function requiredDate(action: RenewalAction, field: string, value: unknown): string {
  return typeof value === 'string' && isCalendarDate(value)
    ? value
    : invalid(action, field, 'date_format', `${FIELD_LABELS[field]} harus tanggal YYYY-MM-DD yang ada`);
}

/** Checks the fields of a command and returns a clean copy holding only what may be recorded. */
function validated(command: RenewalCommand): RenewalCommand {
  const { action } = command;
  for (const key of Object.keys(command)) {
    if (key === 'action' || FIELDS_OF[action].includes(key)) continue;
    if (isSecretKey(key)) invalid(action, key, 'secret_not_accepted', SECRET_FIELD_MESSAGE);
    invalid(action, key, 'unknown_field', `Kolom "${key}" tidak dikenal untuk aksi ini`);
  }

  switch (command.action) {
    case 'documents_ready':
    case 'verification_complete':
      return { action: command.action };
    case 'submitted_to_ams': {
      const amsReference = requiredText(action, 'amsReference', command.amsReference);
      if (command.passphraseSet !== true) {
        invalid(action, 'passphraseSet', 'must_be_true', `${FIELD_LABELS.passphraseSet} wajib dikonfirmasi`);
      }
      return { action: command.action, amsReference, passphraseSet: true };
    }
    case 'verification_incomplete': {
      const items: unknown = command.missingItems;
      if (!Array.isArray(items) || items.length === 0) {
        invalid(
          action,
          'missingItems',
          'non_empty',
          `${FIELD_LABELS.missingItems} minimal berisi satu butir`,
        );
      }
      const missingItems = items.map((item, i) =>
        typeof item === 'string' && item.trim()
          ? item.trim()
          : invalid(action, `missingItems[${i}]`, 'required', `Butir kekurangan ke-${i + 1} wajib diisi`),
      );
      return { action: command.action, missingItems };
    }
    case 'holder_informed': {
      if (!NOTIFICATION_CHANNELS.includes(command.channel)) {
        invalid(
          action,
          'channel',
          'one_of',
          `${FIELD_LABELS.channel} harus salah satu dari: ${NOTIFICATION_CHANNELS.join(', ')}`,
        );
      }
      const validFrom = requiredDate(action, 'validFrom', command.validFrom);
      const validUntil = requiredDate(action, 'validUntil', command.validUntil);
      if (validUntil <= validFrom) {
        invalid(
          action,
          'validUntil',
          'after_valid_from',
          `${FIELD_LABELS.validUntil} harus setelah tanggal mulai berlaku`,
        );
      }
      return { action: command.action, channel: command.channel, validFrom, validUntil };
    }
    case 'cancel':
      return { action: command.action, reason: requiredText(action, 'reason', command.reason) };
  }
}
