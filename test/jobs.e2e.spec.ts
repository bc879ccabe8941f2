import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { JobsService } from '@mutu/jobs';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const PASSWORD = 'kata-sandi-kadis-01';

describe('scheduled job history over HTTP', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  let kadis: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      now: '2026-12-01T00:00:00Z',
      env: { MUTU_JOBS_CATCHUP_HOURS: '1', MUTU_JOBS_MAX_ATTEMPTS: '2' },
    });
    http = request(ctx.app.getHttpServer());
    await ctx
      .get(AuthService)
      .createUser(
        { username: 'kadis', displayName: 'Kepala Dinas', role: 'KEPALA_DINAS', password: PASSWORD },
        { id: 'cli', role: 'ADMIN' },
      );
    kadis = (await http.post('/auth/login').send({ username: 'kadis', password: PASSWORD })).body.accessToken;

    const jobs = ctx.get(JobsService);
    jobs.register({ name: 'per-jam', cron: '0 * * * *', catchUp: 'each', handler: async () => {} });
    jobs.register({
      name: 'rusak',
      cron: '0 7 1 * *',
      catchUp: 'each',
      handler: async () => {
        throw new Error('Server surat tidak menjawab');
      },
    });
    await jobs.tick();
    ctx.clock.advance(60 * 60_000);
    await jobs.tick();
  });
  afterAll(() => ctx.close());

  const get = (query: string) => http.get(`/jobs${query}`).set('Authorization', `Bearer ${kadis}`);

  it('lists runs newest first with status, times, duration, attempts and error', async () => {
    const { body } = await get('').expect(200);
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 3 });
    expect(body.items).toEqual([
      expect.objectContaining({
        job: 'per-jam',
        scheduledAt: '2026-12-01T01:00:00.000Z',
        status: 'succeeded',
      }),
      expect.objectContaining({
        job: 'per-jam',
        scheduledAt: '2026-12-01T00:00:00.000Z',
        status: 'succeeded',
        attempt: 1,
        error: null,
      }),
      expect.objectContaining({
        job: 'rusak',
        scheduledAt: '2026-12-01T00:00:00.000Z',
        status: 'failed',
        attempt: 2,
        startedAt: '2026-12-01T01:00:00.000Z',
        durationMs: 0,
        error: 'Server surat tidak menjawab',
      }),
    ]);
  });

  it('filters by job and status and pages', async () => {
    expect((await get('?status=failed').expect(200)).body.items.map((r: { job: string }) => r.job)).toEqual([
      'rusak',
    ]);
    const page = (await get('?job=per-jam&pageSize=1&page=2').expect(200)).body;
    expect(page).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(page.items).toEqual([expect.objectContaining({ scheduledAt: '2026-12-01T00:00:00.000Z' })]);
  });

  it('refuses an unknown status, naming the field', async () => {
    const { body } = await get('?status=selesai').expect(400);
    expect(JSON.stringify(body)).toContain('status harus salah satu dari');
  });
});
