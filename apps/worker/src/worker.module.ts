import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { WorkerJobsModule } from './worker-jobs.module';

/** The scheduled jobs' process on its own (`npm run start:worker`): no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.logLevel } }),
        // Its jobs read a report's figures once a week or month: nothing worth keeping in process.
        DatabaseModule.forRoot(databaseUrl, config.database, { keep: false }),
        WorkerJobsModule,
      ],
    };
  }
}
