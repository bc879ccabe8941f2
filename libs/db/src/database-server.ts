import { join } from 'node:path';
import { Client } from 'pg';
import { ClusterOwner, stopOrphan } from './cluster-owner';
import type { MutuConfig } from '@mutu/config';
import { EmbeddedPostgresServer } from './embedded-postgres.server';

export interface DatabaseServer {
  /** Connection URL of Mutu's database. */
  readonly url: string;
  /** Whether this process started the server (and so must stop it last on shutdown). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'mutu';

/**
 * With DATABASE_URL the configured server is used as it is. Without it, an embedded PostgreSQL
 * starts in `<data dir>/postgres` and keeps its data there across restarts.
 */
export async function startDatabaseServer(
  config: Pick<MutuConfig, 'databaseUrl' | 'dataDir' | 'embeddedPgPort'>,
  log: (line: string) => void = () => undefined,
): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const server = new EmbeddedPostgresServer({
    dir: join(config.dataDir, 'postgres'),
    port: config.embeddedPgPort,
    log,
  });
  const owner = new ClusterOwner(config.dataDir);
  if (await answers(server.url)) {
    // Another Mutu process (the API, while the CLI runs) may already serve this cluster: use it
    // as it is, and leave stopping it to its owner.
    // But when its owner died without stopping it (kill -9), nobody ever would: it is shut down
    // (fast: open transactions roll back, committed data stays) and started again as ours.
    if (owner.alive() || !(await stopOrphan(join(config.dataDir, 'postgres')))) {
      return {
        url: withDatabase(server.url, EMBEDDED_DATABASE),
        embedded: false,
        stop: async () => undefined,
      };
    }
    log('PostgreSQL tertanam yang ditinggal pemiliknya dihentikan; dijalankan ulang oleh proses ini');
  }
  const adminUrl = await server.start();
  owner.claim();
  const stop = async () => {
    await server.stop();
    owner.release();
  };
  try {
    await ensureDatabase(adminUrl, EMBEDDED_DATABASE);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: withDatabase(adminUrl, EMBEDDED_DATABASE), embedded: true, stop };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
