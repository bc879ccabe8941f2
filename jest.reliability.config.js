// The heavy reliability scenarios (database restarts and kill -9 under load, long fuzzing):
// `npm run test:reliability`. Same setup as jest.config.js, its own folder, longer bounds.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testTimeout: 600_000,
  testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
};
