import { Migration } from '@mikro-orm/migrations';

export class Migration20261124213318_api_tokens extends Migration {
  override name = 'Migration20261124213318_api_tokens';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "api_token" ("id" uuid not null, "user_id" uuid not null, "name" text not null, "prefix" varchar(16) not null, "sha256" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(`alter table "api_token" add constraint "api_token_sha256_unique" unique ("sha256");`);

    this.addSql(
      `alter table "api_token" add constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "api_token" cascade;`);
  }
}
