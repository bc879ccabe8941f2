import { Migration } from '@mikro-orm/migrations';

export class Migration202611302001_audit_canonical extends Migration {
  override name = 'Migration202611302001_audit_canonical';

  // "if not exists": Migration20261130170001_audit_canonical_only adds it too, as file names sort it first.
  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add column if not exists "canonical" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" drop column "canonical";`);
  }
}
