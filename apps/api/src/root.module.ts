import { type DynamicModule, Module } from '@nestjs/common';
import type { MutuConfig } from '@mutu/config';
import { WorkerJobsModule } from '../../worker/src/worker-jobs.module';
import { ApiModule } from './api.module';

@Module({})
class ApiWithWorkerModule {}

/**
 * `npm start` is one process: the API and, unless MUTU_RUN_WORKER=false, the worker's scheduled
 * jobs, which then use the API's config, database and logger. ApiModule itself stays HTTP only.
 */
export function rootModule(config: MutuConfig, databaseUrl: string): DynamicModule {
  const api = ApiModule.forRoot(config, databaseUrl);
  return config.runWorker ? { module: ApiWithWorkerModule, imports: [api, WorkerJobsModule] } : api;
}
