import { Migration } from '@mikro-orm/migrations';

/**
 * Time held by each ended step and each closed renewal's lead time, stored as ms when the step
 * ends / the renewal closes (RenewalRepository.recordTransition, by the domain's stepHeldMs and
 * renewalLeadTimeMs), so the compliance figures sum and order numbers read from indexes instead
 * of subtracting and adding intervals over every row of a period. Rows recorded before are filled
 * here with the same rule: calendar time, end minus start, never negative.
 *
 * The indexes: a period's steps in opening order also carry who held each and for how long (the
 * figures' per-agency, per-month and per-performer cells become an index-only scan); a period's
 * renewals in opening order carry what their counts read; completed renewals by (agency, lead
 * time) give each agency's lead times in order, so the median's sort finds them sorted.
 */
export class Migration20261130260001_figures_stored_times extends Migration {
  override name = 'Migration20261130260001_figures_stored_times';

  override up(): void | Promise<void> {
    this.addSql(`alter table "step_instance" add "held_ms" bigint null;`);
    this.addSql(`alter table "renewal" add "lead_ms" bigint null;`);
    this.addSql(
      `update "step_instance" set "held_ms" = greatest(0, round(extract(epoch from "ended_at" - "started_at") * 1000))::bigint where "ended_at" is not null;`,
    );
    this.addSql(
      `update "renewal" set "lead_ms" = greatest(0, round(extract(epoch from "closed_at" - "opened_at") * 1000))::bigint where "closed_at" is not null;`,
    );
    this.addSql(`drop index "step_instance_renewal_opened_at_index";`);
    this.addSql(
      `create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "ended_at", "deadline_at", "sla_status", "performer_role", "started_at", "held_ms");`,
    );
    this.addSql(
      `create index "renewal_opened_at_counts_index" on "renewal" ("opened_at") include ("agency_id", "sop_version_id", "status", "round", "lead_ms");`,
    );
    this.addSql(
      `create index "renewal_completed_lead_index" on "renewal" ("agency_id", "lead_ms") include ("opened_at", "sop_version_id") where "status" = 'completed';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "renewal_completed_lead_index";`);
    this.addSql(`drop index "renewal_opened_at_counts_index";`);
    this.addSql(`drop index "step_instance_renewal_opened_at_index";`);
    this.addSql(
      `create index "step_instance_renewal_opened_at_index" on "step_instance" ("renewal_opened_at") include ("agency_id", "sop_version_id", "ended_at", "deadline_at", "sla_status");`,
    );
    this.addSql(`alter table "renewal" drop column "lead_ms";`);
    this.addSql(`alter table "step_instance" drop column "held_ms";`);
  }
}
