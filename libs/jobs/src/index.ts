export * from './jobs.module';
export * from './jobs.service';
