export * from './templates.module';
export * from './document.templates';
