import { Migration } from '@mikro-orm/migrations';

/**
 * Opening hours (jam kerja) per weekday, dated overrides of them, and the calendar's revision:
 * a counter every calendar write bumps in its transaction, so each process knows when the office
 * calendar it has built is stale.
 */
export class Migration20261130140001_office_hours extends Migration {
  override name = 'Migration20261130140001_office_hours';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "office_opening_hours" ("weekday" varchar(3) not null, "opens" varchar(5) null, "closes" varchar(5) null, primary key ("weekday"),
        constraint "office_opening_hours_weekday_check" check ("weekday" in ('mon', 'tue', 'wed', 'thu', 'fri')),
        constraint "office_opening_hours_both_or_none_check" check (("opens" is null) = ("closes" is null)),
        constraint "office_opening_hours_order_check" check ("opens" < "closes"));`,
    );
    // The usual hours of government offices; admins change them.
    this.addSql(
      `insert into "office_opening_hours" ("weekday", "opens", "closes") values ('mon', '07:30', '16:00'), ('tue', '07:30', '16:00'), ('wed', '07:30', '16:00'), ('thu', '07:30', '16:00'), ('fri', '07:30', '16:30');`,
    );
    // Overlapping periods would leave two sets of hours in force on a day: refused here too.
    this.addSql(
      `create table "office_hours_override" ("id" uuid not null, "from_on" date not null, "to_on" date not null, "name" text not null, "hours" jsonb not null, "created_at" timestamptz not null, primary key ("id"),
        constraint "office_hours_override_order_check" check ("from_on" <= "to_on"),
        constraint "office_hours_override_no_overlap" exclude using gist (daterange("from_on", "to_on", '[]') with &&));`,
    );
    this.addSql(
      `create table "calendar_revision" ("id" int not null default 1, "revision" bigint not null default 0, primary key ("id"), constraint "calendar_revision_single_row_check" check ("id" = 1));`,
    );
    this.addSql(`insert into "calendar_revision" ("id", "revision") values (1, 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "calendar_revision";`);
    this.addSql(`drop table if exists "office_hours_override";`);
    this.addSql(`drop table if exists "office_opening_hours";`);
  }
}
