import type { AddressInfo } from 'node:net';
import { AuthService } from '@mutu/auth';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';
import { adminQuery } from './support/test-database';
import {
  applicationOf,
  byStatus,
  openRenewalsUnderLoad,
  renewalsFound,
  terminateBackends,
} from './support/outage-load';

const ADMIN_URL = () => process.env.MUTU_TEST_ADMIN_URL!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the API when its database connections are cut and the database goes away', () => {
  let ctx: TestContext;
  let base: string;
  let token: string;
  let database: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      // A small pool with short bounds, so a leaked connection or an unbounded wait shows at once.
      env: { MUTU_DB_POOL_SIZE: '4', MUTU_DB_ACQUIRE_TIMEOUT_MS: '1500', MUTU_DB_CONNECT_TIMEOUT_MS: '1500' },
    });
    await ctx.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(ctx.app.getHttpServer().address() as AddressInfo).port}`;
    database = new URL(ctx.database.url).pathname.slice(1);
    const password = 'kata-sandi-uji-123';
    await ctx.get(AuthService).createUser(
      {
        username: 'verifikator',
        displayName: 'Andi',
        role: 'VERIFIKATOR',
        agencies: ['Dinas Kesehatan'],
        password,
      },
      { id: 'cli:test', role: 'ADMIN' },
    );
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'verifikator', password }),
    });
    token = ((await login.json()) as { accessToken: string }).accessToken;
  });

  afterAll(async () => {
    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`).catch(() => undefined);
    await ctx.close();
  });

  it('answers 503 with Retry-After while cut off, never 500, recovers by itself and loses no acknowledged write', async () => {
    const load = openRenewalsUnderLoad(base, token, 8);

    // Backends cut under load, mid-transaction, again and again.
    let terminated = 0;
    for (let round = 0; round < 8; round++) {
      await sleep(250);
      terminated += await terminateBackends(ADMIN_URL(), database);
    }

    // The database closed to connections for a while: every answer is a quick 503, /health too.
    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await terminateBackends(ADMIN_URL(), database);
    await sleep(300);
    const started = Date.now();
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    const refused = await fetch(`${base}/renewals`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(applicationOf(1_000_000)),
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    // Bounded: the acquire timeout (1.5 s) and a connection attempt, not a hang.
    expect(Date.now() - started).toBeLessThan(10_000);
    await sleep(1_000);

    await adminQuery(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    await sleep(1_500);
    await load.stop();

    // Back without a restart: /health, and more concurrent writes than the pool has connections.
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const after = openRenewalsUnderLoad(base, token, 8);
    await sleep(1_500);
    await after.stop();

    const answers = [...load.answers, ...after.answers];
    const acknowledged = [...load.acknowledged, ...after.acknowledged];
    const found = await renewalsFound(ctx.database.url, acknowledged);
    process.stdout.write(
      `database outage: ${terminated} backends terminated; answers ${JSON.stringify(byStatus(load.answers))}; ` +
        `after recovery ${JSON.stringify(byStatus(after.answers))}; acknowledged ${acknowledged.length}, found ${found}\n`,
    );
    expect(answers.filter((a) => a.status !== 201 && a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && !/^\d+$/.test(a.retryAfter ?? ''))).toEqual([]);
    expect(load.answers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(after.answers.length).toBeGreaterThan(0);
    expect(after.answers.every((a) => a.status === 201)).toBe(true);
    expect(found).toBe(acknowledged.length);
  });
});
