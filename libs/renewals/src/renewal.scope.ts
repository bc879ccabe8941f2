import type {
  Renewal,
  RenewalRecord,
  RenewalRepository,
  RenewalViewsRepository,
  WithCalendarRevision,
} from '@mutu/db';
import { canSee, isUuidShaped, NotFoundError, type Principal } from '@mutu/domain';

/**
 * `found` when it lies in the caller's scope; NotFound when it is null or outside the scope, so
 * that a renewal's existence is not given away.
 */
function inScope<T>(
  found: T | null,
  scoped: (renewal: T) => { holderNip: string; agency: string },
  id: string,
  principal: Principal,
): T {
  if (!found || !canSee(principal, scoped(found))) throw new NotFoundError('Permohonan pembaruan', id);
  return found;
}

/**
 * The renewal with its steps and documents, or NotFound (see inScope). Call it inside a
 * transaction; `forUpdate` then locks the row until the transaction ends.
 */
export async function findRenewalInScope(
  renewals: RenewalRepository,
  id: string,
  principal: Principal,
  options: { forUpdate?: boolean } = {},
): Promise<Renewal> {
  const renewal = isUuidShaped(id) ? await renewals.findWithSteps(id, options) : null;
  return inScope(renewal, (r) => ({ holderNip: r.holder.nip, agency: r.agency.name }), id, principal);
}

/** The renewal as its view reads it (one statement, calendar revision included), or NotFound (see inScope). */
export async function findRecordInScope(
  views: RenewalViewsRepository,
  id: string,
  principal: Principal,
): Promise<WithCalendarRevision<{ record: RenewalRecord }>> {
  const found = isUuidShaped(id) ? await views.findRecord(id) : null;
  return inScope(
    found,
    ({ record }) => ({ holderNip: record.holder.nip, agency: record.agency }),
    id,
    principal,
  );
}
