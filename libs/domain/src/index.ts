export * from './common/domain-errors';
export * from './common/canonical-json';
export * from './common/office-date';
export * from './sop/sop.types';
export * from './sop/sop-definition';
export * from './sla/iso-duration';
