import { Migration } from '@mikro-orm/migrations';

export class Migration20261124210007_renewal extends Migration {
  override name = 'Migration20261124210007_renewal';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "agency" ("id" uuid not null, "name" text not null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "agency" add constraint "agency_name_unique" unique ("name");`);

    this.addSql(
      `create table "holder" ("id" uuid not null, "nip" varchar(18) not null, "name" text not null, "email" text not null, "agency_id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "holder" add constraint "holder_nip_unique" unique ("nip");`);

    this.addSql(
      `create table "office_holiday" ("date" date not null, "name" text not null, "kind" varchar(255) not null, primary key ("date"));`,
    );

    this.addSql(
      `create table "renewal" ("id" uuid not null, "holder_id" uuid not null, "agency_id" uuid not null, "sop_version_id" uuid not null, "certificate_serial" text not null, "current_expiry" date not null, "status" varchar(255) not null, "round" int not null, "version" int not null default 1, "opened_at" timestamptz not null, "opened_by" text not null, "closed_at" timestamptz null, "cancel_reason" text null, "ams_reference" text null, "passphrase_set_at" timestamptz null, "passphrase_set_by" text null, "informed_channel" varchar(255) null, "new_valid_from" date null, "new_valid_until" date null, primary key ("id"));`,
    );
    this.addSql(`create index "renewal_status_opened_at_index" on "renewal" ("status", "opened_at");`);
    this.addSql(`create index "renewal_agency_id_opened_at_index" on "renewal" ("agency_id", "opened_at");`);

    this.addSql(
      `create table "step_instance" ("id" uuid not null, "renewal_id" uuid not null, "step" int not null, "round" int not null, "performer_role" varchar(255) not null, "actor_id" text null, "started_at" timestamptz not null, "ended_at" timestamptz null, "outcome" varchar(255) null, "standard_duration" varchar(255) null, "standard_ms" bigint null, "standard_basis" varchar(255) not null, "missing_items" jsonb null, "correction_reason" text null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "step_instance" add constraint "step_instance_renewal_id_round_step_unique" unique ("renewal_id", "round", "step");`,
    );

    this.addSql(
      `alter table "holder" add constraint "holder_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`,
    );

    this.addSql(
      `alter table "renewal" add constraint "renewal_holder_id_foreign" foreign key ("holder_id") references "holder" ("id");`,
    );
    this.addSql(
      `alter table "renewal" add constraint "renewal_agency_id_foreign" foreign key ("agency_id") references "agency" ("id");`,
    );
    this.addSql(
      `alter table "renewal" add constraint "renewal_sop_version_id_foreign" foreign key ("sop_version_id") references "sop_version" ("id");`,
    );

    this.addSql(
      `alter table "step_instance" add constraint "step_instance_renewal_id_foreign" foreign key ("renewal_id") references "renewal" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "holder" drop constraint "holder_agency_id_foreign";`);
    this.addSql(`alter table "renewal" drop constraint "renewal_agency_id_foreign";`);
    this.addSql(`alter table "renewal" drop constraint "renewal_holder_id_foreign";`);
    this.addSql(`alter table "step_instance" drop constraint "step_instance_renewal_id_foreign";`);

    this.addSql(`drop table if exists "agency" cascade;`);
    this.addSql(`drop table if exists "holder" cascade;`);
    this.addSql(`drop table if exists "office_holiday" cascade;`);
    this.addSql(`drop table if exists "renewal" cascade;`);
    this.addSql(`drop table if exists "step_instance" cascade;`);
  }
}
