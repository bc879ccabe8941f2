export * from './renewal.scope';
export * from './renewal.views';
export * from './renewals.module';
export * from './renewals.service';
export * from './sla-measurements.service';
