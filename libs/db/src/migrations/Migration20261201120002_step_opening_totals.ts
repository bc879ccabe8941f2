import { Migration } from '@mikro-orm/migrations';

/**
 * A period's per-step lines (the figures' step totals, the previous period's step counts beside a
 * report or the dashboard) read each step's number, stored elapsed time and at-risk moment; for a
 * month they are read by the steps' index by opening, which did not carry them: one heap visit per
 * step row. Carried now, those reads are index-only (a month of ~17k step rows of the bench's 200k,
 * serial: step totals 12.7 -> 7.5 ms, the previous month's counts 12.6 -> 7.8 ms; the figures'
 * cells, reading the same index, unchanged at ~9.5 ms). The trend no longer reads this index
 * (Migration20261201120001_trend_judged_steps), so its width costs the trend nothing.
 */
export class Migration20261201120002_step_opening_totals extends Migration {
  override name = 'Migration20261201120002_step_opening_totals';

  override up(): void | Promise<void> {
    this.addSql(`drop index "step_instance_renewal_opened_at_index";`);
    this.addSql(
      `create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "ended_at", "deadline_at", "sla_status", "performer_role", "started_at", "held_ms", "step", "sla_elapsed_ms", "at_risk_at");`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "step_instance_renewal_opened_at_index";`);
    this.addSql(
      `create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "ended_at", "deadline_at", "sla_status", "performer_role", "started_at", "held_ms");`,
    );
  }
}
