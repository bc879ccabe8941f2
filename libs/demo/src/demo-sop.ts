import { join } from 'node:path';
import { SOP_REVISIONS_DIR } from '@mutu/config';
import { wibDate } from '@mutu/domain';
import type { SopsService } from '@mutu/sops';
import type { DemoPlan } from './demo-plan';

/** The shipped revision of the renewal SOP that measures steps 1–2 in office hours (jam kerja). */
export const OFFICE_HOURS_REVISION = join(SOP_REVISIONS_DIR, 'pembaruan-sertifikat-elektronik.v2.json');

/**
 * The demo office adopts the office-hours revision on the day its history begins, as an admin
 * would (`sop:load … --effective-on`), so every demo renewal is measured on it and its figures
 * show breaches in office time, not nights and weekends.
 */
export function adoptOfficeHoursRevision(sops: SopsService, plan: DemoPlan) {
  const firstDay = wibDate(plan.renewals[0].openedAt);
  return sops.loadFile(OFFICE_HOURS_REVISION, 'system:demo', { effectiveOn: firstDay, revisedOn: firstDay });
}
