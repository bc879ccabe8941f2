import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthUser } from '@mutu/auth';
import type { ActorRole } from '@mutu/domain';

export const PUBLIC_ROUTE = 'mutu:public';
export const ALLOWED_ROLES = 'mutu:roles';

/** Reachable without signing in. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles may call the route; without it any signed-in user may. */
export const Roles = (...roles: ActorRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** The signed-in user of the request. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest().user,
);
