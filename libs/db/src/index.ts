export * from './database.module';
export * from './database-health';
export * from './database-server';
export * from './entities/sop.entity';
export * from './repositories/sop.repository';
export * from './transaction-runner';
export * from './migrate';
export * from './embedded-postgres.server';
export * from './orm-options';
export * from './entities/renewal.entity';
export * from './repositories/renewal.repository';
export * from './entities/user.entity';
export * from './repositories/user.repository';
export * from './repositories/web-session.repository';
export * from './entities/idempotency-record.entity';
export * from './repositories/idempotency.repository';
export * from './entities/audit.entity';
export * from './repositories/audit.repository';
export * from './repositories/holiday.repository';
export * from './repositories/api-token.repository';
export * from './repositories/compliance.repository';
export * from './repositories/compliance-export.repository';
export * from './entities/job-run.entity';
export * from './repositories/job-run.repository';
export * from './entities/report-archive.entity';
export * from './entities/outbox-message.entity';
export * from './repositories/outbox.repository';
export * from './repositories/report-archive.repository';
export * from './repositories/alerts.repository';
<<<<<<< HEAD
export * from './entities/office-hours.entity';
export * from './repositories/office-hours.repository';
=======
export * from './database-unavailable';
export * from './self-releasing.client';
export * from './repositories/login-throttle.repository';
>>>>>>> resil
