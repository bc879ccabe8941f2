import type { Renewal, RenewalRepository } from '@mutu/db';
import { canSee, isUuidShaped, NotFoundError, type Principal } from '@mutu/domain';

/**
 * The renewal with its steps and documents, or NotFound, also when it exists but lies outside
 * the caller's scope, so that its existence is not given away. Call it inside a transaction;
 * `forUpdate` then locks the row until the transaction ends.
 */
export async function findRenewalInScope(
  renewals: RenewalRepository,
  id: string,
  principal: Principal,
  options: { forUpdate?: boolean } = {},
): Promise<Renewal> {
  const renewal = isUuidShaped(id) ? await renewals.findWithSteps(id, options) : null;
  if (!renewal || !canSee(principal, { holderNip: renewal.holder.nip, agency: renewal.agency.name })) {
    throw new NotFoundError('Permohonan pembaruan', id);
  }
  return renewal;
}
