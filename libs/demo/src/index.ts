export * from './demo-documents';
export * from './demo-plan';
export * from './demo-replay';
export * from './demo-summary';
export * from './demo-accounts';
export * from './demo-sop';
