import { ValidationPipe, type ValidationError as ClassValidationError } from '@nestjs/common';
import { type FieldProblem, ValidationError } from '@mutu/domain';

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
 * Bodies and queries are checked against their DTO: unknown fields are refused rather than
 * ignored, and every problem names its field, so bad input is a 400 and never reaches a service.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationError(problemsOf(errors), 'Permintaan tidak valid'),
  });
}
