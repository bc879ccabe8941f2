import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124205018_sop } from './Migration20261124205018_sop';
import { Migration20261124210007_renewal } from './Migration20261124210007_renewal';
import { Migration20261124210759_users_deadlines_idempotency } from './Migration20261124210759_users_deadlines_idempotency';
import { Migration20261124212703_audit } from './Migration20261124212703_audit';
import { Migration20261124213318_api_tokens } from './Migration20261124213318_api_tokens';
import { Migration20261124214104_documents } from './Migration20261124214104_documents';
import { Migration20261124221844_jobs } from './Migration20261124221844_jobs';
import { Migration20261124225839_reports_outbox_expiry } from './Migration20261124225839_reports_outbox_expiry';
import { Migration20261124235005_step_scope } from './Migration20261124235005_step_scope';
import { Migration20261130140001_office_hours } from './Migration20261130140001_office_hours';
import { Migration202611301601_login_throttle } from './Migration202611301601_login_throttle';
import { Migration202611301701_web_sessions } from './Migration202611301701_web_sessions';
import { Migration202611301702_verdict_relayed } from './Migration202611301702_verdict_relayed';
import { Migration20261130130001_step_measurement } from './Migration20261130130001_step_measurement';
import { Migration202611301602_idempotency_unanswered } from './Migration202611301602_idempotency_unanswered';
import { Migration202611302001_audit_canonical } from './Migration202611302001_audit_canonical';
import { Migration20261130170001_audit_canonical_only } from './Migration20261130170001_audit_canonical_only';
import { Migration20261130180001_renewal_opening_order } from './Migration20261130180001_renewal_opening_order';
import { Migration20261130230001_change_notifications } from './Migration20261130230001_change_notifications';
import { Migration20261130240001_figures_indexes } from './Migration20261130240001_figures_indexes';
import { Migration20261130250001_step_opening_counts } from './Migration20261130250001_step_opening_counts';
import { Migration20261130250002_renewal_holder } from './Migration20261130250002_renewal_holder';
import { Migration20261130260001_figures_stored_times } from './Migration20261130260001_figures_stored_times';
import { Migration20261201120001_trend_judged_steps } from './Migration20261201120001_trend_judged_steps';
import { Migration20261201120002_step_opening_totals } from './Migration20261201120002_step_opening_totals';
import { Migration20261201180001_running_steps_opening } from './Migration20261201180001_running_steps_opening';
import { Migration20261201180002_figures_changes } from './Migration20261201180002_figures_changes';

/** Every migration, oldest first. Written by `npm run cli -- migration:create`; do not edit by hand. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261124205018_sop', class: Migration20261124205018_sop },
  { name: 'Migration20261124210007_renewal', class: Migration20261124210007_renewal },
  {
    name: 'Migration20261124210759_users_deadlines_idempotency',
    class: Migration20261124210759_users_deadlines_idempotency,
  },
  { name: 'Migration20261124212703_audit', class: Migration20261124212703_audit },
  { name: 'Migration20261124213318_api_tokens', class: Migration20261124213318_api_tokens },
  { name: 'Migration20261124214104_documents', class: Migration20261124214104_documents },
  { name: 'Migration20261124221844_jobs', class: Migration20261124221844_jobs },
  {
    name: 'Migration20261124225839_reports_outbox_expiry',
    class: Migration20261124225839_reports_outbox_expiry,
  },
  { name: 'Migration20261124235005_step_scope', class: Migration20261124235005_step_scope },
  { name: 'Migration20261130140001_office_hours', class: Migration20261130140001_office_hours },
  { name: 'Migration202611301601_login_throttle', class: Migration202611301601_login_throttle },
  { name: 'Migration202611301701_web_sessions', class: Migration202611301701_web_sessions },
  { name: 'Migration202611301702_verdict_relayed', class: Migration202611301702_verdict_relayed },
  { name: 'Migration20261130130001_step_measurement', class: Migration20261130130001_step_measurement },
  {
    name: 'Migration202611301602_idempotency_unanswered',
    class: Migration202611301602_idempotency_unanswered,
  },
  { name: 'Migration202611302001_audit_canonical', class: Migration202611302001_audit_canonical },
  {
    name: 'Migration20261130170001_audit_canonical_only',
    class: Migration20261130170001_audit_canonical_only,
  },
  {
    name: 'Migration20261130180001_renewal_opening_order',
    class: Migration20261130180001_renewal_opening_order,
  },
  {
    name: 'Migration20261130230001_change_notifications',
    class: Migration20261130230001_change_notifications,
  },
  { name: 'Migration20261130240001_figures_indexes', class: Migration20261130240001_figures_indexes },
  {
    name: 'Migration20261130250001_step_opening_counts',
    class: Migration20261130250001_step_opening_counts,
  },
  { name: 'Migration20261130250002_renewal_holder', class: Migration20261130250002_renewal_holder },
  {
    name: 'Migration20261130260001_figures_stored_times',
    class: Migration20261130260001_figures_stored_times,
  },
  { name: 'Migration20261201120001_trend_judged_steps', class: Migration20261201120001_trend_judged_steps },
  {
    name: 'Migration20261201120002_step_opening_totals',
    class: Migration20261201120002_step_opening_totals,
  },
  {
    name: 'Migration20261201180001_running_steps_opening',
    class: Migration20261201180001_running_steps_opening,
  },
  { name: 'Migration20261201180002_figures_changes', class: Migration20261201180002_figures_changes },
];
