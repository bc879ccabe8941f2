import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { PROJECT_ROOT } from '../../libs/config/src/project-paths';
import { freePort } from './free-port';

// Jest's module map (and so its @mutu/* aliases) does not apply to global setup; the same
// aliases come from tsconfig.json here, registered before any lib that uses them is loaded.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsconfig-paths').register({ baseUrl: PROJECT_ROOT, paths: { '@mutu/*': ['libs/*/src'] } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadConfig } = require('../../libs/config/src') as typeof import('../../libs/config/src');
const { applyMigrations, EmbeddedPostgresServer, ormOptions, withDatabase } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../libs/db/src') as typeof import('../../libs/db/src');

declare global {
  var mutuTestServer: import('../../libs/db/src').EmbeddedPostgresServer | undefined;
}

/**
 * One PostgreSQL for the whole run: the server named by DATABASE_URL, or else an embedded one in
 * a throw-away folder. A template database is migrated once; each test file then copies it
 * (CREATE DATABASE … TEMPLATE), so files run in parallel on databases of their own.
 */
export default async function globalSetup(): Promise<void> {
  const configured = loadConfig(process.env).databaseUrl;
  let adminUrl = configured;
  if (!adminUrl) {
    mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
    const dir = mkdtempSync(join(PROJECT_ROOT, '.data', 'test-pg-'));
    globalThis.mutuTestServer = new EmbeddedPostgresServer({ dir, port: await freePort(), ephemeral: true });
    adminUrl = await globalThis.mutuTestServer.start();
  }
  const template = `mutu_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, template);
  const orm = await MikroORM.init(ormOptions(templateUrl));
  await applyMigrations(orm, templateUrl);
  await orm.close();

  process.env.MUTU_TEST_ADMIN_URL = adminUrl;
  process.env.MUTU_TEST_TEMPLATE = template;
}
