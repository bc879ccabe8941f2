import { Migration } from '@mikro-orm/migrations';

/**
 * Renewals in opening order (opened_at, id), the order of every export sheet and of the PDF's
 * breach list: the report's first breaches are read by walking it and stopping at the page's
 * rows, not by sorting the period's steps (ComplianceExportRepository.firstSteps).
 */
export class Migration20261130180001_renewal_opening_order extends Migration {
  override name = 'Migration20261130180001_renewal_opening_order';

  override up(): void | Promise<void> {
    this.addSql(`create index "renewal_opened_at_id_index" on "renewal" ("opened_at", "id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "renewal_opened_at_id_index";`);
  }
}
