import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { type DatabaseLimits, defaultDatabaseLimits } from '@mutu/config';
import { AUDIT_ENTITIES } from './entities/audit.entity';
import { IDEMPOTENCY_ENTITIES } from './entities/idempotency-record.entity';
import { JOB_ENTITIES } from './entities/job-run.entity';
import { OFFICE_HOURS_ENTITIES } from './entities/office-hours.entity';
import { OUTBOX_ENTITIES } from './entities/outbox-message.entity';
import { REPORT_ARCHIVE_ENTITIES } from './entities/report-archive.entity';
import { RENEWAL_ENTITIES } from './entities/renewal.entity';
import { SOP_ENTITIES } from './entities/sop.entity';
import { USER_ENTITIES } from './entities/user.entity';
import { MIGRATIONS } from './migrations';
import { SelfReleasingClient } from './self-releasing.client';

export const ENTITIES = [
  ...SOP_ENTITIES,
  ...RENEWAL_ENTITIES,
  ...USER_ENTITIES,
  ...IDEMPOTENCY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...JOB_ENTITIES,
  ...REPORT_ARCHIVE_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...OFFICE_HOURS_ENTITIES,
];

/**
 * MikroORM options shared by the apps, the CLI and the tests. Entities and migrations are listed
 * explicitly (no folder discovery), so sources, dist/ and Jest resolve the same set. Every wait on
 * the database is bounded by `limits` (see MutuConfig.database), so an outage fails requests fast
 * (503) instead of queueing them for good.
 */
export function ormOptions(url: string, options: { debug?: boolean; limits?: DatabaseLimits } = {}) {
  const limits = options.limits ?? defaultDatabaseLimits();
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities: ENTITIES,
    extensions: [Migrator],
    debug: options.debug ?? false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: limits.poolSize },
    // Merged by @mikro-orm/postgresql into the options of its pg.Pool (and so of each pg.Client).
    driverOptions: {
      Client: SelfReleasingClient,
      connectionTimeoutMillis: limits.acquireTimeoutMs,
      connectTimeoutMs: limits.connectTimeoutMs,
      statement_timeout: limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
      // A server gone silent (network cut) is noticed by TCP instead of waited on.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
  });
}
