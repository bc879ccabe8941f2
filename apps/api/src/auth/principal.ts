import type { AuthUser } from '@mutu/auth';
import type { Principal } from '@mutu/domain';

/** Timelines name actors by username: readable in reports and stable across re-imports. */
export function principalOf(user: AuthUser): Principal {
  return { id: user.username, role: user.role, holderNip: user.holderNip, agencies: user.agencies };
}
