import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createTestDatabase } from '../../../test/support/test-database';
import { applyMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import { ormOptions, withDatabase } from './index';

// The lock applyMigrations takes (migrate.ts).
const MIGRATION_LOCK = 0x6d757475;

async function adminQuery(sql: string): Promise<void> {
  const admin = new Client({ connectionString: process.env.MUTU_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

describe('applyMigrations on a real PostgreSQL', () => {
  it('applies every migration to an empty database, in order', async () => {
    const name = `mutu_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = withDatabase(process.env.MUTU_TEST_ADMIN_URL!, name);
    const orm = await MikroORM.init(ormOptions(url));
    try {
      expect(await applyMigrations(orm, url)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await applyMigrations(orm, url)).toEqual([]);
    } finally {
      await orm.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }, 60_000);

  it('with every migration applied, returns at once, not waiting for another process that holds the lock', async () => {
    const database = await createTestDatabase();
    const orm = await MikroORM.init(ormOptions(database.url));
    const other = new Client({ connectionString: database.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      expect(await applyMigrations(orm, database.url)).toEqual([]);
    } finally {
      await other.end();
      await orm.close();
      await database.drop();
    }
  });
});
