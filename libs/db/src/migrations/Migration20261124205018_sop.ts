import { Migration } from '@mikro-orm/migrations';

export class Migration20261124205018_sop extends Migration {
  override name = 'Migration20261124205018_sop';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sop" ("id" uuid not null, "code" varchar(255) not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "sop" add constraint "sop_code_unique" unique ("code");`);

    this.addSql(
      `create table "sop_version" ("id" uuid not null, "sop_id" uuid not null, "version" int not null, "number" text not null, "name" text not null, "government" text not null, "year" int not null, "unit_name" text not null, "unit_address" text not null, "made_on" date not null, "revised_on" date null, "effective_on" date not null, "approved_by" text not null, "signatory_name" text not null, "signatory_title" text not null, "signatory_nip" varchar(18) not null, "legal_basis" jsonb not null, "qualifications" jsonb not null, "related_sops" jsonb not null, "equipment" jsonb not null, "warnings" jsonb not null, "records" jsonb not null, "definition_sha256" varchar(64) not null, "source" text not null, "loaded_by" text not null, "loaded_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "sop_version" add constraint "sop_version_sop_id_version_unique" unique ("sop_id", "version");`,
    );
    this.addSql(
      `alter table "sop_version" add constraint "sop_version_sop_id_definition_sha256_unique" unique ("sop_id", "definition_sha256");`,
    );

    this.addSql(
      `create table "sop_step" ("id" uuid not null, "sop_version_id" uuid not null, "number" int not null, "activity" text not null, "performers" jsonb not null, "needs" jsonb not null, "duration" varchar(255) null, "basis" varchar(255) not null, "time_label" text not null, "output" text not null, "note" text null, "branches" jsonb null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "sop_step" add constraint "sop_step_sop_version_id_number_unique" unique ("sop_version_id", "number");`,
    );

    this.addSql(
      `alter table "sop_version" add constraint "sop_version_sop_id_foreign" foreign key ("sop_id") references "sop" ("id");`,
    );

    this.addSql(
      `alter table "sop_step" add constraint "sop_step_sop_version_id_foreign" foreign key ("sop_version_id") references "sop_version" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "sop_version" drop constraint "sop_version_sop_id_foreign";`);
    this.addSql(`alter table "sop_step" drop constraint "sop_step_sop_version_id_foreign";`);

    this.addSql(`drop table if exists "sop" cascade;`);
    this.addSql(`drop table if exists "sop_version" cascade;`);
    this.addSql(`drop table if exists "sop_step" cascade;`);
  }
}
