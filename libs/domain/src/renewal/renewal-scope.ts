import type { Actor } from './renewal.types';

/** A signed-in actor with what bounds their view: the holder they are, the agencies they verify. */
export interface Principal extends Actor {
  readonly holderNip: string | null;
  readonly agencies: readonly string[];
}

/**
 * Holders see their own renewals, verifiers those of their agencies; BSrE operators, the head
 * of office and admins see all (what each may *do* is the state machine's business).
 */
export function canSee(principal: Principal, renewal: { holderNip: string; agency: string }): boolean {
  switch (principal.role) {
    case 'PENGGUNA':
      return principal.holderNip === renewal.holderNip;
    case 'VERIFIKATOR':
      return principal.agencies.includes(renewal.agency);
    default:
      return true;
  }
}

/** The same rule as a filter for lists: undefined where the role sees everything. */
export function scopeFilter(principal: Principal): { holderNip?: string; agencies?: readonly string[] } {
  if (principal.role === 'PENGGUNA') return { holderNip: principal.holderNip ?? '-' };
  if (principal.role === 'VERIFIKATOR') return { agencies: principal.agencies };
  return {};
}
