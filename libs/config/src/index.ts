export * from './config.module';
export * from './mutu-config';
export * from './project-paths';
export * from './clock';
export * from './process-lifecycle';
export * from './persistent-secret';
export * from './durable-file';
