import {
  type ArgumentMetadata,
  ValidationPipe,
  type ValidationError as ClassValidationError,
} from '@nestjs/common';
import {
  type FieldProblem,
  fieldPaths,
  hasUnstorableCharacter,
  UNSTORABLE_CHARACTER_MESSAGE,
  ValidationError,
} from '@mutu/domain';

function problemsOf(errors: ClassValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? 'kolom tidak dikenal / unknown field' : message,
    }));
    return [...own, ...problemsOf(error.children ?? [], field)];
  });
}

/**
 * Bodies, queries and route parameters are checked before anything else sees them: no text may
 * carry U+0000 (PostgreSQL cannot store it), then each is checked against its DTO (a body's
 * top-level nulls dropped first). Unknown fields
 * are refused rather than ignored, and every problem names its field, so bad input is a 400 and
 * never reaches a service.
 */
class MutuValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      // A parameter is named by its own name; a whole body or query by the paths inside it.
      const nul = fieldPaths(value, hasUnstorableCharacter, metadata.data ?? '');
      if (nul.length) {
        throw new ValidationError(
          nul.map((field) => ({ field: field || metadata.type, message: UNSTORABLE_CHARACTER_MESSAGE })),
          'Permintaan tidak valid',
        );
      }
    }
    return super.transform(metadata.type === 'body' ? withoutNullFields(value) : value, metadata);
  }
}

/**
 * A top-level `null` in a body means the field is absent, as @IsOptional already judges it; it is
 * dropped so that services see one kind of absence (undefined, which their defaults fill) and
 * never a null that passed validation. A null where a value is required stays a 400.
 */
function withoutNullFields(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== null));
}

export function createValidationPipe(): ValidationPipe {
  return new MutuValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationError(problemsOf(errors), 'Permintaan tidak valid'),
  });
}
