import { DynamicModule, Global, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM } from '@mikro-orm/postgresql';
import { type DatabaseLimits, defaultDatabaseLimits } from '@mutu/config';
import { ChangeFeed } from './change-feed';
import { DatabaseHealth } from './database-health';
import { KeptReads } from './kept-reads';
import { applyMigrations } from './migrate';
import { ormOptions } from './orm-options';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { ComplianceRepository } from './repositories/compliance.repository';
import { ComplianceExportRepository } from './repositories/compliance-export.repository';
import { ComplianceTrendRepository } from './repositories/compliance-trend.repository';
import { AuditRepository } from './repositories/audit.repository';
import { HolidayRepository } from './repositories/holiday.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { LoginThrottleRepository } from './repositories/login-throttle.repository';
import { JobRunRepository } from './repositories/job-run.repository';
import { CalendarRevisionRepository, OfficeHoursRepository } from './repositories/office-hours.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { ReportArchiveRepository } from './repositories/report-archive.repository';
import { AlertsRepository } from './repositories/alerts.repository';
import { StepMeasurementRepository } from './repositories/step-measurement.repository';
import { RenewalRepository } from './repositories/renewal.repository';
import { RenewalViewsRepository } from './repositories/renewal-views.repository';
import { SopRepository } from './repositories/sop.repository';
import { UserRepository } from './repositories/user.repository';
import { WebSessionRepository } from './repositories/web-session.repository';
import { TransactionRunner } from './transaction-runner';

/** Injection token of the URL the application's database is reached at (for a process it starts, such as the workbook's). */
export const DATABASE_URL = Symbol('DATABASE_URL');
const REPOSITORIES = [
  SopRepository,
  RenewalRepository,
  RenewalViewsRepository,
  UserRepository,
  WebSessionRepository,
  IdempotencyRepository,
  AuditRepository,
  HolidayRepository,
  ApiTokenRepository,
  ComplianceRepository,
  ComplianceExportRepository,
  ComplianceTrendRepository,
  JobRunRepository,
  OutboxRepository,
  ReportArchiveRepository,
  AlertsRepository,
  OfficeHoursRepository,
  CalendarRevisionRepository,
  LoginThrottleRepository,
  StepMeasurementRepository,
];

/** Brings the schema up to date before anything else touches the database; never schema sync. */
@Injectable()
class MigrateOnBoot implements OnModuleInit {
  constructor(
    private readonly orm: MikroORM,
    @Inject(DATABASE_URL) private readonly url: string,
  ) {}

  async onModuleInit(): Promise<void> {
    await applyMigrations(this.orm, this.url);
  }
}

@Global()
@Module({})
export class DatabaseModule {
  /**
   * `limits`: the configured bounded waits (MutuConfig.database); their defaults when omitted.
   * `migrate: false` for a process started by an application that has already brought the schema
   * up to date (the workbook process): it does not check or apply migrations at boot.
   * `keep: false` for a process that serves no repeated reads (the CLI and the workbook process
   * do one job and exit; the worker's jobs run weekly or monthly): it keeps nothing in process,
   * so it opens no connection to hear what changed (ChangeFeed).
   */
  static forRoot(url: string, limits?: DatabaseLimits, { migrate = true, keep = true } = {}): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [MikroOrmModule.forRoot({ ...ormOptions(url, { limits }), registerRequestContext: true })],
      providers: [
        { provide: DATABASE_URL, useValue: url },
        ...(migrate ? [MigrateOnBoot] : []),
        {
          provide: ChangeFeed,
          useFactory: () => new ChangeFeed(url, limits ?? defaultDatabaseLimits(), keep),
        },
        TransactionRunner,
        DatabaseHealth,
        KeptReads,
        ...REPOSITORIES,
      ],
      exports: [DATABASE_URL, TransactionRunner, DatabaseHealth, ChangeFeed, ...REPOSITORIES],
    };
  }
}
