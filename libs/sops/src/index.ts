export * from './sop.views';
export * from './sops.module';
export * from './sops.service';
