export * from './chromium.executable';
export * from './chromium.process';
export * from './chromium.renderer';
