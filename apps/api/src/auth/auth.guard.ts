import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthService, UnauthenticatedError } from '@mutu/auth';
import type { ActorRole } from '@mutu/domain';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators';

/**
 * Every route needs a bearer token unless it is marked @Public(), so a new route is closed by
 * default; @Roles() narrows it further.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest();
    const [scheme, token] = String(request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token)
      throw new UnauthenticatedError('Butuh token Bearer; masuk lewat POST /auth/login');
    request.user = await this.auth.authenticate(token);

    const roles = this.reflector.getAllAndOverride<ActorRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(request.user.role)) {
      throw new ForbiddenException(
        `Peran ${request.user.role} tidak boleh memakai layanan ini (boleh: ${roles.join(', ')})`,
      );
    }
    return true;
  }
}
