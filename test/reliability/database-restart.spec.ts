import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROJECT_ROOT } from '@mutu/config';
import { EmbeddedPostgresServer, withDatabase } from '@mutu/db';
import { builtAppEnvironment, exited, startBuiltApi } from '../support/built-app';
import { verifierToken } from '../support/crash-fixtures';
import { freePort } from '../support/free-port';
import {
  applicationOf,
  byStatus,
  openRenewalsUnderLoad,
  renewalsFound,
  terminateBackends,
} from '../support/outage-load';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the built API while its PostgreSQL is restarted and its backends terminated under load', () => {
  const dir = mkdtempSync(join(PROJECT_ROOT, '.data', 'restart-pg-'));
  let postgres: EmbeddedPostgresServer;
  let url: string;
  let adminUrl: string;

  beforeAll(async () => {
    postgres = new EmbeddedPostgresServer({ dir: join(dir, 'cluster'), port: await freePort() });
    adminUrl = await postgres.start();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE mutu');
    await admin.end();
    url = withDatabase(adminUrl, 'mutu');
  });
  afterAll(async () => {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After during each outage, never 500, recovers alone, loses nothing, stops at once', async () => {
    const { env, base, dataDir } = await builtAppEnvironment('restart-', {
      DATABASE_URL: url,
      MUTU_RUN_WORKER: 'false',
      MUTU_DB_ACQUIRE_TIMEOUT_MS: '2000',
      MUTU_DB_CONNECT_TIMEOUT_MS: '2000',
    });
    const api = await startBuiltApi(env, base);
    try {
      const token = await verifierToken(env, base, 'verifikator');
      const load = openRenewalsUnderLoad(base, token, 12);
      const outageAnswers: number[] = [];
      let terminated = 0;
      for (let restart = 0; restart < 3; restart++) {
        await sleep(2_000);
        for (let round = 0; round < 4; round++) {
          terminated += await terminateBackends(adminUrl, 'mutu');
          await sleep(200);
        }
        await postgres.stop();
        // While it is down: quick 503s with Retry-After, /health included.
        const started = Date.now();
        const health = await fetch(`${base}/health`);
        const post = await fetch(`${base}/renewals`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(applicationOf(9_000_000 + restart)),
        });
        outageAnswers.push(health.status, post.status);
        expect(post.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(Date.now() - started).toBeLessThan(15_000);
        await sleep(3_000);
        await postgres.start();
      }
      await sleep(3_000);
      await load.stop();

      const after = openRenewalsUnderLoad(base, token, 12, { firstNumber: 5_000_000 });
      await sleep(3_000);
      await after.stop();
      expect((await fetch(`${base}/health`)).status).toBe(200);

      const acknowledged = [...load.acknowledged, ...after.acknowledged];
      const found = await renewalsFound(url, acknowledged);
      process.stdout.write(
        `PostgreSQL restarted 3× and ${terminated} backends terminated under load: answers ` +
          `${JSON.stringify(byStatus(load.answers))}, during outages ${JSON.stringify(outageAnswers)}, ` +
          `after ${JSON.stringify(byStatus(after.answers))}; acknowledged ${acknowledged.length}, found ${found}\n`,
      );
      expect(outageAnswers.every((s) => s === 503)).toBe(true);
      expect(load.answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
      expect(after.answers.length).toBeGreaterThan(0);
      expect(after.answers.every((a) => a.status === 201)).toBe(true);
      expect(found).toBe(acknowledged.length);
    } finally {
      api.child.kill('SIGTERM');
    }
    // Promptly, with one signal, even after the outages.
    const stopping = Date.now();
    expect(await exited(api.child)).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(15_000);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
