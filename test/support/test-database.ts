import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '@mutu/db';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** One statement on the test server as its administrator (databases made, altered, dropped). */
export async function adminQuery(sql: string): Promise<void> {
  await admin((c) => c.query(sql));
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.MUTU_TEST_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database of this test file's own, copied from the run's template; `empty`:
 * PostgreSQL's own template instead, no migration applied.
 */
export async function createTestDatabase({ empty = false } = {}): Promise<TestDatabase> {
  const name = `mutu_test_${randomBytes(6).toString('hex')}`;
  const template = empty ? 'template1' : process.env.MUTU_TEST_TEMPLATE;
  if (!template) throw new Error('test/support/global-setup.ts did not run');
  // Copies of one template serialise on it; another copy in progress is retried, not failed.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      break;
    } catch (error) {
      if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const url = withDatabase(process.env.MUTU_TEST_ADMIN_URL!, name);
  return {
    url,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
