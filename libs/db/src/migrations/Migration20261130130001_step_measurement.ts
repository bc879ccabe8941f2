import { Migration } from '@mikro-orm/migrations';

/**
 * Each ended step's SLA measurement, stored once (issue 10), and the latest recalculation beside
 * it. Ended steps recorded before this migration are measured by the domain at the next start
 * (MeasureEndedSteps) or `npm run cli -- sla:measure`: the working basis is the domain's
 * calendar arithmetic, not repeated here in SQL.
 */
export class Migration20261130130001_step_measurement extends Migration {
  override name = 'Migration20261130130001_step_measurement';

  override up(): void | Promise<void> {
    this.addSql(
      `create table "sla_recalculation" ("id" uuid not null, "period_from" date not null, "period_to" date not null, "reason" text not null, "requested_by" text not null, "requested_at" timestamptz not null, "steps" int not null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "step_instance" add "sla_status" varchar(255) null, add "sla_elapsed_ms" bigint null, add "sla_overrun_ms" bigint null, add "measured_at" timestamptz null, add "recalculation_id" uuid null, add "recalc_deadline_at" timestamptz null, add "recalc_status" varchar(255) null, add "recalc_elapsed_ms" bigint null, add "recalc_overrun_ms" bigint null;`,
    );
    this.addSql(
      `alter table "step_instance" add constraint "step_instance_recalculation_id_foreign" foreign key ("recalculation_id") references "sla_recalculation" ("id") on delete set null;`,
    );
    // SLA warnings valid only while their step runs; cancelled at delivery once it has ended.
    this.addSql(`alter table "outbox_message" add "while_step_runs" uuid null;`);
    this.addSql(`alter table "outbox_message" drop constraint "outbox_message_status_check";`);
    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_status_check" check ("status" in ('pending', 'sent', 'failed', 'cancelled'));`,
    );
    // Ended steps still to be measured: few, found at once at start.
    this.addSql(
      `create index "step_instance_unmeasured_index" on "step_instance" ("id") where "ended_at" is not null and "sla_status" is null;`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "outbox_message" drop constraint "outbox_message_status_check";`);
    this.addSql(
      `alter table "outbox_message" add constraint "outbox_message_status_check" check ("status" in ('pending', 'sent', 'failed'));`,
    );
    this.addSql(`alter table "outbox_message" drop column "while_step_runs";`);
    this.addSql(`drop index "step_instance_unmeasured_index";`);
    this.addSql(`alter table "step_instance" drop constraint "step_instance_recalculation_id_foreign";`);
    this.addSql(
      `alter table "step_instance" drop column "sla_status", drop column "sla_elapsed_ms", drop column "sla_overrun_ms", drop column "measured_at", drop column "recalculation_id", drop column "recalc_deadline_at", drop column "recalc_status", drop column "recalc_elapsed_ms", drop column "recalc_overrun_ms";`,
    );
    this.addSql(`drop table "sla_recalculation";`);
  }
}
