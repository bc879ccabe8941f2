import { RENEWAL_SOP_CODE } from '@mutu/renewals';
import type { SopsService } from '@mutu/sops';

/**
 * Every version of the renewal SOP, newest first, the one in force today (WIB) marked, with
 * links to its document (the public HTML and PDF the API serves).
 */
export async function sopVersionRows(sops: SopsService) {
  const [versions, inForce] = await Promise.all([
    sops.listVersions(RENEWAL_SOP_CODE),
    sops.get(RENEWAL_SOP_CODE),
  ]);
  const document = `/sops/${RENEWAL_SOP_CODE}/document`;
  return [...versions]
    .sort((a, b) => b.version - a.version)
    .map((v) => ({
      version: v.version,
      number: v.number,
      name: v.name,
      effectiveOn: v.effectiveOn,
      loadedBy: v.loadedBy,
      source: v.source,
      inForce: v.version === inForce.version,
      html: `${document}.html?version=${v.version}`,
      pdf: `${document}.pdf?version=${v.version}`,
    }));
}
