import { ConflictError, type DomainError, ValidationError } from '@mutu/domain';

/**
 * PostgreSQL's verdict on a value a client sent (SQLSTATE class 22, data exception: a number
 * out of range, an invalid date, text PostgreSQL cannot store; class 23, integrity constraint:
 * a duplicate, a missing reference), as the client's error: 409 for a duplicate, else a 400
 * naming the column when PostgreSQL names one. Null for every other error. Input checks should
 * catch these first; this keeps one that slips through from being a 500.
 */
export function databaseInputError(error: unknown): DomainError | null {
  if (!(error instanceof Error)) return null;
  const { code, column } = error as Error & { code?: unknown; column?: unknown };
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return null;
  if (code === '23505' || code === '23P01') {
    return new ConflictError('Data yang sama sudah tercatat');
  }
  const field = typeof column === 'string' && column ? column : 'request';
  return new ValidationError(
    [{ field, message: code.startsWith('22') ? 'nilai tidak dapat disimpan' : 'melanggar aturan data' }],
    'Permintaan tidak valid',
  );
}
