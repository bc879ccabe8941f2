import { DomainError, ValidationError } from '../common/domain-errors';
import { ACTOR_ROLE_LABELS, RENEWAL_ACTION_LABELS, RENEWAL_STATUS_LABELS } from './renewal.labels';
import type { ActorRole, RenewalAction, RenewalStatus } from './renewal.types';

const listOf = (actions: readonly RenewalAction[]) =>
  actions.map((action) => `"${RENEWAL_ACTION_LABELS[action]}"`).join(', ');

/** The action does not exist in the renewal's current status (whoever asks). */
export class IllegalTransitionError extends DomainError {
  readonly code = 'ILLEGAL_TRANSITION';

  constructor(
    readonly status: RenewalStatus,
    readonly action: RenewalAction,
    readonly role: ActorRole,
    /** Actions anyone may take in this status. */
    readonly allowedActions: readonly RenewalAction[],
    /** Of those, the ones this actor's role may take. */
    readonly allowedActionsForRole: readonly RenewalAction[],
  ) {
    super(
      `Aksi "${RENEWAL_ACTION_LABELS[action]}" tidak dapat dilakukan pada status "${RENEWAL_STATUS_LABELS[status]}". ` +
        (allowedActionsForRole.length
          ? `Aksi yang dapat Anda lakukan sekarang: ${listOf(allowedActionsForRole)}.`
          : 'Tidak ada aksi yang dapat Anda lakukan sekarang.'),
    );
  }
}

/** The action exists in this status, but the actor's role may not take it. */
export class ForbiddenActionError extends DomainError {
  readonly code = 'FORBIDDEN_ACTION';

  constructor(
    readonly action: RenewalAction | 'open_renewal' | 'upload_document',
    readonly role: ActorRole,
    readonly allowedRoles: readonly ActorRole[],
  ) {
    super(
      `Peran ${ACTOR_ROLE_LABELS[role]} tidak berwenang melakukan "${RENEWAL_ACTION_LABELS[action]}". ` +
        `Yang berwenang: ${allowedRoles.map((r) => ACTOR_ROLE_LABELS[r]).join(', ')}.`,
    );
  }
}

export const INVALID_COMMAND_RULES = [
  'one_of',
  'required',
  'must_be_true',
  'non_empty',
  'date_format',
  'after_valid_from',
  'unknown_field',
  'secret_not_accepted',
  'checklist_code',
] as const;
export type InvalidCommandRule = (typeof INVALID_COMMAND_RULES)[number];

/** A field of the command breaks a rule; `field` and `rule` are for machines, the message for people. */
export class InvalidCommandError extends ValidationError {
  constructor(
    readonly action: string,
    readonly field: string,
    readonly rule: InvalidCommandRule,
    message: string,
  ) {
    super([{ field, message }], 'Perintah tidak valid');
  }
}
