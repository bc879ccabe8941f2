import { Client } from 'pg';
import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { applicationOf } from './support/outage-load';
import { createTestContext, type TestContext } from './support/test-app';

const PASSWORD = 'kata-sandi-kunci-01';

describe('Idempotency-Key: claim, action and answer in one transaction', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  const token: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${token[who]}` });

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      now: '2026-12-01T00:30:00Z',
      env: { MUTU_RUN_WORKER: 'false' },
    });
    http = request(ctx.app.getHttpServer());
    const auth = ctx.get(AuthService);
    const accounts = [
      { username: 'verifikator', role: 'VERIFIKATOR', agencies: ['Dinas Kesehatan'] },
      { username: 'kadis', role: 'KEPALA_DINAS' },
    ] as const;
    for (const account of accounts) {
      await auth.createUser(
        { ...account, displayName: account.username, password: PASSWORD },
        { id: 'test', role: 'ADMIN' },
      );
      token[account.username] = (
        await http.post('/auth/login').send({ username: account.username, password: PASSWORD }).expect(200)
      ).body.accessToken;
    }
  });
  afterAll(() => ctx.close());

  const renewalsOf = async (serial: string) => {
    const client = new Client({ connectionString: ctx.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM renewal WHERE certificate_serial = $1',
        [serial],
      );
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('runs the action once for concurrent requests with one key; every one gets the same answer', async () => {
    const body = applicationOf(1);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        request(ctx.app.getHttpServer())
          .post('/renewals')
          .set(as('verifikator'))
          .set('Idempotency-Key', 'serentak-1')
          .send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
    expect(await renewalsOf(body.certificateSerial)).toBe(1);
  });

  it('keeps no claim of a request that failed: the same key then acts', async () => {
    const outOfScope = { ...applicationOf(2), agency: 'Dinas Pendidikan' };
    await http
      .post('/renewals')
      .set(as('verifikator'))
      .set('Idempotency-Key', 'gagal-dulu')
      .send(outOfScope)
      .expect(400);
    const fixed = applicationOf(2);
    const first = await http
      .post('/renewals')
      .set(as('verifikator'))
      .set('Idempotency-Key', 'gagal-dulu')
      .send(fixed);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
  });

  it('files one report for two POST /reports with one key, the second replaying the first', async () => {
    const archived = async () => (await http.get('/reports').set(as('kadis')).expect(200)).body.total;
    const before = await archived();
    const post = () =>
      http
        .post('/reports')
        .set(as('kadis'))
        .set('Idempotency-Key', 'laporan-november')
        .send({ kind: 'compliance', format: 'xlsx', from: '2026-11-01', to: '2026-11-30' });
    const first = await post().expect(201);
    const again = await post().expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await archived()).toBe(before + 1);
    await http
      .post('/reports')
      .set(as('kadis'))
      .set('Idempotency-Key', 'laporan-november')
      .send({ kind: 'compliance', format: 'xlsx', from: '2026-10-01', to: '2026-10-31' })
      .expect(422);
  });
});
