export * from './notifications.module';
export * from './notifications.service';
export * from './mail-render';
export * from './page-links';
