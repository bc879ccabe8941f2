// Benchmarks: real database, printed figures, no pass/fail on speed. Not part of `npm test`.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
