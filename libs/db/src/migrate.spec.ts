import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createTestDatabase } from '../../../test/support/test-database';
import { applyMigrations } from './migrate';
import { MIGRATIONS } from './migrations';
import { ormOptions } from './index';

// The lock applyMigrations takes (migrate.ts).
const MIGRATION_LOCK = 0x6d757475;

describe('applyMigrations on a real PostgreSQL', () => {
  it('applies every migration to an empty database, in order', async () => {
    const database = await createTestDatabase({ empty: true });
    const orm = await MikroORM.init(ormOptions(database.url));
    try {
      expect(await applyMigrations(orm, database.url)).toEqual(MIGRATIONS.map((m) => m.name));
      expect(await applyMigrations(orm, database.url)).toEqual([]);
    } finally {
      await orm.close();
      await database.drop();
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
