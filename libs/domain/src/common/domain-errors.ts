/**
 * Typed failures the API maps to HTTP in one place. Messages are Indonesian first: they reach
 * the office's users as they are.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  /** What a caller may be told when the fault is the server's; the message unless it holds operator detail. */
  get publicMessage(): string {
    return this.message;
  }
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

/**
 * An action sent for a version of a record that is no longer the current one: someone else
 * changed it since the sender looked (optimistic locking).
 */
export class StaleVersionError extends ConflictError {
  constructor(
    readonly currentVersion: number,
    readonly expectedVersion: number,
  ) {
    super(`Versi permohonan sudah ${currentVersion}, bukan ${expectedVersion}; muat ulang lalu coba lagi`);
  }
}

/** An upload larger than the configured limit; the message names the limit in MB. */
export class PayloadTooLargeError extends DomainError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(
      `Berkas terlalu besar: batasnya ${(limitBytes / 1_048_576).toLocaleString('id-ID', { maximumFractionDigits: 2 })} MB`,
    );
  }
}

/** Content of a type that is not accepted, as judged from its bytes; `detectedType` null = not recognised. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  constructor(
    readonly detectedType: string | null,
    readonly accepted: readonly string[],
  ) {
    super(`Jenis berkas ${detectedType ?? 'tidak dikenali'}: yang diterima hanya ${accepted.join(', ')}`);
  }
}

/** Stored data no longer matches the fingerprint recorded for it: altered or damaged at rest. */
export class IntegrityError extends DomainError {
  readonly code = 'INTEGRITY';
}
