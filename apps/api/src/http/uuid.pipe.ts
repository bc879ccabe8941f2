import { ParseUUIDPipe } from '@nestjs/common';
import { ValidationError } from '@mutu/domain';

/** A route parameter that must be a UUID; anything else is a 400 naming it. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, message: 'harus UUID' }]) });
