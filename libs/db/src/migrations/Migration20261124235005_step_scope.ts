import { Migration } from '@mikro-orm/migrations';

export class Migration20261124235005_step_scope extends Migration {
  override name = 'Migration20261124235005_step_scope';

  override up(): void | Promise<void> {
    // Edited by hand: existing steps take their renewal's values before the columns become required.
    this.addSql(
      `alter table "step_instance" add "renewal_opened_at" timestamptz null, add "agency_id" uuid null, add "sop_version_id" uuid null;`,
    );
    this.addSql(
      `update "step_instance" s set "renewal_opened_at" = r."opened_at", "agency_id" = r."agency_id", "sop_version_id" = r."sop_version_id" from "renewal" r where r."id" = s."renewal_id";`,
    );
    this.addSql(
      `alter table "step_instance" alter column "renewal_opened_at" set not null, alter column "agency_id" set not null, alter column "sop_version_id" set not null;`,
    );
    this.addSql(
      `create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "step_instance_renewal_opened_at_index";`);
    this.addSql(
      `alter table "step_instance" drop column "renewal_opened_at", drop column "agency_id", drop column "sop_version_id";`,
    );
  }
}
