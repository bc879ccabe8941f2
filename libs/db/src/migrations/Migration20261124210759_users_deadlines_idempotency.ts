import { Migration } from '@mikro-orm/migrations';

export class Migration20261124210759_users_deadlines_idempotency extends Migration {
  override name = 'Migration20261124210759_users_deadlines_idempotency';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "idempotency_record" ("id" uuid not null, "actor_id" text not null, "key" varchar(255) not null, "method" varchar(255) not null, "path" text not null, "request_sha256" varchar(64) not null, "response_status" int null, "response_body" jsonb null, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "idempotency_record" add constraint "idempotency_record_actor_id_key_unique" unique ("actor_id", "key");`,
    );

    this.addSql(
      `create table "app_user" ("id" uuid not null, "username" varchar(255) not null, "display_name" text not null, "role" varchar(255) not null, "password_hash" text not null, "holder_nip" varchar(18) null, "agencies" jsonb not null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(
      `alter table "step_instance" add "deadline_at" timestamptz null, add "at_risk_at" timestamptz null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`alter table "step_instance" drop column "deadline_at", drop column "at_risk_at";`);
  }
}
