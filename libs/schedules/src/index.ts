export * from './schedules.module';
export * from './schedules.service';
