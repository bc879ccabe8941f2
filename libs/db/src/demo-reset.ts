import { Client } from 'pg';
import { auditFieldSql } from './repositories/audit-event.sql';

/** What in a database was not made by `demo`: renewals worked by real people, and real accounts. */
export interface RealData {
  readonly renewalEvents: number;
  readonly accounts: number;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Counts the data `demo --reset` would destroy that the demo did not make: renewal events by
 * anyone but the demo's simulated people (`demo:*`), and accounts other than its `demo.*` ones.
 * A database without Mutu's tables yet has none.
 */
export function realData(url: string): Promise<RealData> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ ready: boolean }>(
      `SELECT to_regclass('public.audit_event') IS NOT NULL AND to_regclass('public.app_user') IS NOT NULL AS ready`,
    );
    if (!rows[0].ready) return { renewalEvents: 0, accounts: 0 };
    const { rows: counts } = await client.query<RealData>(
      `SELECT (SELECT count(*) FROM audit_event
                WHERE ${auditFieldSql('entityType')} = 'renewal'
                  AND ${auditFieldSql('actorId')} NOT LIKE 'demo:%')::int AS "renewalEvents",
              (SELECT count(*) FROM app_user WHERE username NOT LIKE 'demo.%')::int AS accounts`,
    );
    return counts[0];
  });
}

/** Drops every table, view and sequence of Mutu (the `public` schema); migrations rebuild it at the next start. */
export function wipeDatabase(url: string): Promise<void> {
  return withClient(url, async (client) => {
    await client.query('DROP SCHEMA public CASCADE');
    await client.query('CREATE SCHEMA public');
  });
}
