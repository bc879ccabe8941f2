import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CLI } from './built-app';

/** The embedded cluster's Mutu database, as the built apps reach it. */
export function embeddedDatabaseUrl(env: NodeJS.ProcessEnv): string {
  return `postgres://postgres:mutu@127.0.0.1:${env.MUTU_EMBEDDED_PG_PORT}/mutu`;
}

/** Who `<data dir>/postgres.owner` names as the owner of the embedded cluster. */
export function recordedOwner(dataDir: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(dataDir, 'postgres.owner'), 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
}

/** Creates a verifier of Dinas Kesehatan with the CLI and signs in as them; returns the bearer token. */
export async function verifierToken(env: NodeJS.ProcessEnv, base: string, username: string): Promise<string> {
  const password = 'kata-sandi-uji-123';
  execFileSync(
    process.execPath,
    [
      CLI,
      'user:create',
      username,
      '--role',
      'VERIFIKATOR',
      '--agency',
      'Dinas Kesehatan',
      '--password',
      password,
    ],
    { env },
  );
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in answered ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

/** How many renewals of certificate `serial` the database holds. */
export async function renewalsOfSerial(url: string, serial: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM renewal WHERE certificate_serial = $1',
      [serial],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** Until some backend of `url`'s database waits for a lock (e.g. the audit chain's append lock). */
export async function untilABackendWaitsForALock(url: string, timeoutMs = 30_000): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rowCount } = await client.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rowCount) return;
      if (Date.now() > deadline) throw new Error('no backend came to wait for a lock');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await client.end();
  }
}

/** Certificate serials with more than one renewal: an action done twice. */
export async function duplicatedSerials(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ serial: string }>(
      'SELECT certificate_serial AS serial FROM renewal GROUP BY certificate_serial HAVING count(*) > 1',
    );
    return rows.map((r) => r.serial);
  } finally {
    await client.end();
  }
}
