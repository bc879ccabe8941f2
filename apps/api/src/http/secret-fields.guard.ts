import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SECRET_FIELD_MESSAGE, secretFieldPaths, ValidationError } from '@mutu/domain';

const ACCEPTS_PASSWORD = 'mutu:accepts-password';

/** The one route that takes a password (sign-in) says so; every other body is checked. */
export const AcceptsPassword = () => SetMetadata(ACCEPTS_PASSWORD, true);

/**
 * Refuses any request body carrying a passphrase-, password- or token-like field before it
 * reaches validation, services, the database or the logs; the value is never echoed.
 */
@Injectable()
export class SecretFieldsGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (
      this.reflector.getAllAndOverride<boolean>(ACCEPTS_PASSWORD, [context.getHandler(), context.getClass()])
    ) {
      return true;
    }
    const { body, query } = context.switchToHttp().getRequest();
    const paths = [...secretFieldPaths(body), ...secretFieldPaths(query)];
    if (paths.length) {
      throw new ValidationError(
        paths.map((field) => ({ field, message: SECRET_FIELD_MESSAGE })),
        'Data rahasia ditolak',
      );
    }
    return true;
  }
}
