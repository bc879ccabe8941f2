/**
 * Typed failures the API maps to HTTP in one place. Messages are Indonesian first: they reach
 * the office's users as they are.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} "${key}" tidak ditemukan`);
  }
}

export interface FieldProblem {
  /** Path of the offending field, e.g. `nip` or `steps[2].time.duration`. */
  readonly field: string;
  /** Short rule name or explanation of what is allowed. */
  readonly message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';
  constructor(
    readonly problems: readonly FieldProblem[],
    summary = 'Data tidak valid',
  ) {
    super(`${summary}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
}
