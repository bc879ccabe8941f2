import { Migration } from '@mikro-orm/migrations';

/**
 * The compliance figures' two reads that need order (ComplianceRepository.figures), served by
 * index-only scans instead of sorting a period's step rows: each step's stored elapsed times in
 * order for its median and p90 (with every column the per-step line counts), and the ended
 * breaches by stored overrun for the worst ten. Both carry the scope columns, so a period, agency
 * or SOP version is filtered inside the index. Index-only scans skip the table where the
 * visibility map says all-visible, which (auto)vacuum keeps up to date.
 */
export class Migration20261130240001_figures_indexes extends Migration {
  override name = 'Migration20261130240001_figures_indexes';

  override up(): void | Promise<void> {
    this.addSql(
      `create index "step_instance_step_elapsed_index" on "step_instance" ("step", "sla_elapsed_ms") include ("renewal_opened_at", "agency_id", "sop_version_id", "ended_at", "deadline_at", "at_risk_at", "sla_status");`,
    );
    this.addSql(
      `create index "step_instance_breach_overrun_index" on "step_instance" ("sla_overrun_ms" desc, "renewal_id", "step") include ("renewal_opened_at", "agency_id", "sop_version_id", "round", "started_at", "ended_at", "standard_ms", "standard_basis", "deadline_at") where "sla_status" = 'breached';`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "step_instance_breach_overrun_index";`);
    this.addSql(`drop index "step_instance_step_elapsed_index";`);
  }
}
