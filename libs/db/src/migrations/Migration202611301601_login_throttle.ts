import { Migration } from '@mikro-orm/migrations';

export class Migration202611301601_login_throttle extends Migration {
  override name = 'Migration202611301601_login_throttle';

  override up(): void | Promise<void> {
    // One row per account and address: the sign-ins being evaluated or failed in its current minute.
    this.addSql(
      `create table "login_throttle" ("username" text not null, "client_ip" text not null, "window_started_at" timestamptz not null, "evaluated" int not null, primary key ("username", "client_ip"));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "login_throttle" cascade;`);
  }
}
