import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@mutu/audit';
import { ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job';

/** The scheduled jobs' process: no HTTP. Jobs are added as cron entry points here. */
@Module({})
export class WorkerModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        DatabaseModule.forRoot(databaseUrl),
        ScheduleModule.forRoot(),
        AuditModule,
      ],
      providers: [AuditCheckpointJob],
    };
  }
}
