import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock, ConfigModule, loadConfig, type MutuConfig, SettableClock } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';

import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestContext {
  readonly app: INestApplication;
  readonly clock: SettableClock;
  readonly database: TestDatabase;
  readonly config: MutuConfig;
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * Boots the given modules (or a whole root module) on a database of the test file's own, with
 * a clock the test controls. `root` receives the config and database URL, as the apps do.
 */
export async function createTestContext(options: {
  imports?: Array<Type | DynamicModule>;
  root?: (config: MutuConfig, databaseUrl: string) => DynamicModule;
  now?: string;
  configure?: (app: INestApplication) => INestApplication;
  env?: Record<string, string>;
}): Promise<TestContext> {
  const database = await createTestDatabase();
  // Documents of a test file stay apart from other files' (and from .data): tests alter them.
  const documentsDir = mkdtempSync(join(tmpdir(), 'mutu-test-documents-'));
  const reportsDir = mkdtempSync(join(tmpdir(), 'mutu-test-reports-'));
  const outboxDir = mkdtempSync(join(tmpdir(), 'mutu-test-outbox-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    MUTU_DOCUMENTS_DIR: documentsDir,
    MUTU_REPORTS_DIR: reportsDir,
    MUTU_OUTBOX_DIR: outboxDir,
    ...options.env,
    DATABASE_URL: database.url,
  });
  const clock = new SettableClock(new Date(options.now ?? '2026-11-24T03:00:00Z'));
  const imports = options.root
    ? [options.root(config, database.url)]
    : [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(database.url, config.database),
        ...(options.imports ?? []),
      ];
  const moduleRef = await Test.createTestingModule({ imports })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  options.configure?.(app);
  await app.init();
  return {
    app,
    clock,
    database,
    config,
    get: (type) => app.get(type),
    close: async () => {
      await app.close();
      await database.drop();
      rmSync(documentsDir, { recursive: true, force: true });
      rmSync(reportsDir, { recursive: true, force: true });
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
