export * from './reporting.module';
export * from './reporting.service';
export { BrowserNotFoundError } from './chromium.executable';
