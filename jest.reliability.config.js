// Reliability runs: long fuzzing and crash/outage scenarios against real processes. Not part of
// `npm test`; run with `npm run test:reliability`.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 3_600_000,
  maxWorkers: 1,
};
