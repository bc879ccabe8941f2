import { Migration } from '@mikro-orm/migrations';

export class Migration20261124221844_jobs extends Migration {
  override name = 'Migration20261124221844_jobs';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "job_run" ("id" uuid not null, "job" varchar(100) not null, "scheduled_at" timestamptz not null, "status" text not null, "attempt" int not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "duration_ms" int null, "error" text null, "next_attempt_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "job_run" add constraint "job_run_job_scheduled_at_unique" unique ("job", "scheduled_at");`,
    );

    this.addSql(
      `alter table "job_run" add constraint "job_run_status_check" check ("status" in ('running', 'succeeded', 'failed', 'retrying'));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "job_run" cascade;`);
  }
}
