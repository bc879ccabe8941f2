import { Migration } from '@mikro-orm/migrations';

/** Whose verdict a step was closed with when someone else recorded it (a verifier relaying BSrE). */
export class Migration202611301702_verdict_relayed extends Migration {
  override name = 'Migration202611301702_verdict_relayed';

  override up(): void | Promise<void> {
    this.addSql(`alter table "step_instance" add column "recorded_for" varchar(16) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "step_instance" drop column "recorded_for";`);
  }
}
