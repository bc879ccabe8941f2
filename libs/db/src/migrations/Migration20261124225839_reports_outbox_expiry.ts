import { Migration } from '@mikro-orm/migrations';

export class Migration20261124225839_reports_outbox_expiry extends Migration {
  override name = 'Migration20261124225839_reports_outbox_expiry';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "archived_report" ("id" uuid not null, "kind" text not null, "format" text not null, "lang" varchar(2) not null, "period_from" date null, "period_to" date null, "parameters" jsonb not null, "file_name" text not null, "stored_path" text not null, "size" bigint not null, "sha256" varchar(64) not null, "audit_head" varchar(64) null, "generated_by" text not null, "generated_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`create index "archived_report_generated_at_index" on "archived_report" ("generated_at");`);

    this.addSql(
      `create table "outbox_message" ("id" uuid not null, "dedupe_key" text null, "template" varchar(100) not null, "lang" varchar(2) not null, "recipients" jsonb not null, "subject" text not null, "text" text not null, "html" text not null, "attachments" jsonb not null, "status" text not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "transport" varchar(10) null, "delivered_as" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_dedupe_key_unique" unique ("dedupe_key");`,
    );
    this.addSql(
      `create index "outbox_message_status_next_attempt_at_index" on "outbox_message" ("status", "next_attempt_at");`,
    );
    this.addSql(`create index "outbox_message_created_at_index" on "outbox_message" ("created_at");`);

    this.addSql(
      `alter table "holder" add "certificate_serial" text null, add "certificate_expires_on" date null;`,
    );

    this.addSql(
      `alter table "step_instance" add "at_risk_notified_at" timestamptz null, add "breach_notified_at" timestamptz null;`,
    );
    this.addSql(
      `create index "step_instance_running_index" on "step_instance" ("at_risk_at", "deadline_at") where "ended_at" is null;`,
    );

    this.addSql(`alter table "app_user" add "email" text null;`);

    this.addSql(
      `alter table "archived_report" add constraint "archived_report_kind_check" check ("kind" in ('compliance', 'sop-document'));`,
    );
    this.addSql(
      `alter table "archived_report" add constraint "archived_report_format_check" check ("format" in ('pdf', 'xlsx'));`,
    );

    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_status_check" check ("status" in ('pending', 'sent', 'failed'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "archived_report" cascade;`);
    this.addSql(`drop table if exists "outbox_message" cascade;`);

    this.addSql(`alter table "app_user" drop column "email";`);

    this.addSql(
      `alter table "holder" drop column "certificate_serial", drop column "certificate_expires_on";`,
    );

    this.addSql(`drop index "step_instance_running_index";`);
    this.addSql(
      `alter table "step_instance" drop column "at_risk_notified_at", drop column "breach_notified_at";`,
    );
  }
}
