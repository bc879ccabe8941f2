import { Migration } from '@mikro-orm/migrations';

export class Migration202611302001_audit_canonical extends Migration {
  override name = 'Migration202611302001_audit_canonical';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add "canonical" text null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" drop column "canonical";`);
  }
}
