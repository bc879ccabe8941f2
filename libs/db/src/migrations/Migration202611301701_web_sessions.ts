import { Migration } from '@mikro-orm/migrations';

export class Migration202611301701_web_sessions extends Migration {
  override name = 'Migration202611301701_web_sessions';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "web_session" ("id" varchar(64) not null, "user_id" uuid not null, "csrf" varchar(64) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "web_session" add constraint "web_session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on delete cascade;`,
    );
    this.addSql(`create index "web_session_last_seen_at_index" on "web_session" ("last_seen_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "web_session" cascade;`);
  }
}
