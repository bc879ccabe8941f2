import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { PROJECT_ROOT } from '@mutu/config';
import { MIGRATIONS } from './migrations';
import { ormOptions } from './orm-options';

// Any fixed number works; it only has to be the same in every Mutu process.
const MIGRATION_LOCK = 0x6d757475;

/**
 * Applies pending migrations. A session-level advisory lock held on its own connection makes
 * several processes starting together apply them once, one after the other.
 */
export async function applyMigrations(orm: MikroORM, url: string): Promise<string[]> {
  if (await allApplied(orm)) return [];
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await lock.end();
  }
}

/**
 * Whether every migration Mutu ships is recorded as applied: true at nearly every start, where one
 * query then spares the lock's connection and the migrator's own checks (schema lookups, its
 * storage, a transaction: six round trips and ~0.1 s of CPU, paid by every CLI command). False
 * when one is missing or the table is not there yet; applyMigrations then applies them as before.
 */
async function allApplied(orm: MikroORM): Promise<boolean> {
  const { tableName } = orm.config.get('migrations');
  try {
    const rows = await orm.em.getConnection().execute<{ name: string }[]>(`SELECT name FROM ${tableName}`);
    const applied = new Set(rows.map((row) => row.name));
    return MIGRATIONS.every(({ name }) => applied.has(name));
  } catch {
    return false;
  }
}

const MIGRATIONS_DIR = join(PROJECT_ROOT, 'libs', 'db', 'src', 'migrations');

/**
 * Development aid: diffs the entities against a database with every migration applied and
 * writes the difference as a new migration, then relists the folder in migrations/index.ts.
 * Returns the new file's name, or null when the schema already matches.
 */
export async function createMigration(url: string, name?: string): Promise<string | null> {
  const orm = await MikroORM.init(ormOptions(url));
  try {
    await applyMigrations(orm, url);
    const result = await orm.migrator.create(MIGRATIONS_DIR, false, false, name);
    if (!result.diff.up.length) return null;
    await writeMigrationIndex();
    return result.fileName;
  } finally {
    await orm.close();
  }
}

async function writeMigrationIndex(): Promise<void> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^Migration\d+.*\.ts$/.test(f)).sort();
  const names = files.map((f) => f.replace(/\.ts$/, ''));
  const source = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    '/** Every migration, oldest first. Written by `npm run cli -- migration:create`; do not edit by hand. */',
    'export const MIGRATIONS: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ].join('\n');
  await writeFile(join(MIGRATIONS_DIR, 'index.ts'), source);
}
