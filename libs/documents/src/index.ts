export * from './documents.module';
export * from './documents.service';
