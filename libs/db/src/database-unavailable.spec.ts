import { Client, Pool } from 'pg';
import { freePort } from '../../../test/support/free-port';
import { isDatabaseUnavailable } from './database-unavailable';

const url = () => process.env.MUTU_TEST_ADMIN_URL!;

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('isDatabaseUnavailable, on errors raised by a real PostgreSQL and pg', () => {
  it('recognises a refused connection, a terminated backend, a statement timeout and a pool that has no connection in time', async () => {
    const closed = new URL(url());
    closed.port = String(await freePort());
    const refused = new Client({ connectionString: closed.toString(), connectionTimeoutMillis: 2000 });
    expect(isDatabaseUnavailable(await failureOf(() => refused.connect()))).toBe(true);

    const victim = new Client({ connectionString: url() });
    victim.on('error', () => undefined);
    await victim.connect();
    const admin = new Client({ connectionString: url() });
    await admin.connect();
    try {
      const sleeping = failureOf(() => victim.query('SELECT pg_sleep(30)'));
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('SELECT pg_terminate_backend($1)', [
        (victim as unknown as { processID: number }).processID,
      ]);
      expect(isDatabaseUnavailable(await sleeping)).toBe(true);

      await admin.query(`SET statement_timeout = 50`);
      expect(isDatabaseUnavailable(await failureOf(() => admin.query('SELECT pg_sleep(1)')))).toBe(true);
      await admin.query(`RESET statement_timeout`);

      // Input faults stay what they are: not an outage.
      expect(isDatabaseUnavailable(await failureOf(() => admin.query('SELEC 1')))).toBe(false);
      expect(isDatabaseUnavailable(await failureOf(() => admin.query(`SELECT 'x'::int`)))).toBe(false);
    } finally {
      await admin.end();
      await victim.end().catch(() => undefined);
    }

    const pool = new Pool({ connectionString: url(), max: 1, connectionTimeoutMillis: 100 });
    const held = await pool.connect();
    try {
      expect(isDatabaseUnavailable(await failureOf(() => pool.connect()))).toBe(true);
    } finally {
      held.release();
      await pool.end();
    }
  });
});
