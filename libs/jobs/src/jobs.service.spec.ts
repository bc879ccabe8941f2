import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { ConfigModule } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { JobsModule } from './jobs.module';
import { JobsService } from './jobs.service';

const MIN = 60_000;

/** A handler that records the scheduled times it was called for, failing the first `failures` calls. */
function recorder(failures = 0) {
  const calls: string[] = [];
  return {
    calls,
    handler: async (scheduledAt: Date) => {
      calls.push(scheduledAt.toISOString());
      if (calls.length <= failures) throw new Error(`Layanan tidak tersedia (${calls.length})`);
    },
  };
}

describe('JobsService', () => {
  let ctx: TestContext;
  let jobs: JobsService;

  const start = async (now: string, env: Record<string, string> = {}) => {
    ctx = await createTestContext({ imports: [JobsModule], now, env });
    jobs = ctx.get(JobsService);
  };
  afterEach(() => ctx.close());

  it('catches up a monthly run missed while down, once, with the scheduled 07:00 WIB', async () => {
    await start('2026-11-30T10:00:00Z');
    const monthly = recorder();
    jobs.register({ name: 'laporan-bulanan', cron: '0 7 1 * *', catchUp: 'each', handler: monthly.handler });
    await jobs.tick();
    expect(monthly.calls).toEqual([]); // 1 November is beyond the 48-hour look-back

    ctx.clock.set('2026-12-02T05:00:00Z'); // back after being down over 07:00 WIB on the 1st
    await jobs.tick();
    await jobs.tick();
    ctx.clock.advance(10 * MIN);
    await jobs.tick();

    expect(monthly.calls).toEqual(['2026-12-01T00:00:00.000Z']);
    const { items, total } = await jobs.history({ job: 'laporan-bulanan' }, 1, 10);
    expect(total).toBe(1);
    expect(items[0]).toMatchObject({
      scheduledAt: '2026-12-01T00:00:00.000Z',
      scheduledAtWib: '2026-12-01T07:00:00+07:00',
      status: 'succeeded',
      attempt: 1,
      startedAt: '2026-12-02T05:00:00.000Z',
      startedAtWib: '2026-12-02T12:00:00+07:00',
      durationMs: 0,
      error: null,
      nextAttemptAt: null,
    });
  });

  it('runs each scheduled time once however often it ticks', async () => {
    await start('2026-11-24T03:00:00Z', { MUTU_JOBS_CATCHUP_HOURS: '1' });
    const tenMinutes = recorder();
    jobs.register({
      name: 'sepuluh-menit',
      cron: '*/10 * * * *',
      catchUp: 'each',
      handler: tenMinutes.handler,
    });
    for (let minute = 0; minute < 30; minute++) {
      await Promise.all([jobs.tick(), jobs.tick()]);
      await jobs.tick();
      ctx.clock.advance(MIN);
    }
    // The first tick catches up the hour before it (02:10 … 03:00), later ones each time as it comes.
    expect(tenMinutes.calls).toEqual(
      ['02:10', '02:20', '02:30', '02:40', '02:50', '03:00', '03:10', '03:20'].map(
        (t) => `2026-11-24T${t}:00.000Z`,
      ),
    );
    expect((await jobs.history({ job: 'sepuluh-menit', status: 'succeeded' }, 1, 50)).total).toBe(8);
  });

  it('runs each due time exactly once when two instances tick together', async () => {
    await start('2026-11-24T03:00:00Z', { MUTU_JOBS_CATCHUP_HOURS: '2' });
    const other = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(ctx.config, ctx.clock),
        DatabaseModule.forRoot(ctx.database.url),
        JobsModule,
      ],
    }).compile();
    await other.init();
    try {
      const first = recorder();
      const second = recorder();
      jobs.register({ name: 'tiap-menit', cron: '* * * * *', catchUp: 'each', handler: first.handler });
      other
        .get(JobsService)
        .register({ name: 'tiap-menit', cron: '* * * * *', catchUp: 'each', handler: second.handler });

      for (let round = 0; round < 3; round++) {
        await Promise.all([jobs.tick(), other.get(JobsService).tick(), jobs.tick()]);
        ctx.clock.advance(MIN);
      }

      const all = [...first.calls, ...second.calls];
      expect(new Set(all).size).toBe(all.length);
      expect(all).toHaveLength(120 + 2); // two hours of catch-up, then one in each later minute
      expect((await jobs.history({ job: 'tiap-menit' }, 1, 1)).total).toBe(all.length);
    } finally {
      await other.close();
    }
  });

  it('retries a failing run with growing waits, then leaves it failed at the limit', async () => {
    await start('2026-12-01T00:00:00Z', { MUTU_JOBS_MAX_ATTEMPTS: '3' });
    const failing = recorder(Infinity);
    const flaky = recorder(1);
    jobs.register({ name: 'selalu-gagal', cron: '0 7 1 * *', catchUp: 'each', handler: failing.handler });
    jobs.register({ name: 'sekali-gagal', cron: '0 7 1 * *', catchUp: 'each', handler: flaky.handler });
    const run = async (job: string) => (await jobs.history({ job }, 1, 10)).items;

    await jobs.tick();
    expect(await run('selalu-gagal')).toMatchObject([
      {
        status: 'retrying',
        attempt: 1,
        error: 'Layanan tidak tersedia (1)',
        nextAttemptAt: '2026-12-01T00:01:00.000Z',
        nextAttemptAtWib: '2026-12-01T07:01:00+07:00',
      },
    ]);

    ctx.clock.advance(MIN - 1);
    await jobs.tick();
    expect(failing.calls).toHaveLength(1); // not yet

    ctx.clock.advance(1);
    await jobs.tick();
    expect(await run('sekali-gagal')).toMatchObject([{ status: 'succeeded', attempt: 2, error: null }]);
    expect(await run('selalu-gagal')).toMatchObject([
      { status: 'retrying', attempt: 2, nextAttemptAt: '2026-12-01T00:03:00.000Z' },
    ]);

    ctx.clock.advance(2 * MIN);
    await jobs.tick();
    ctx.clock.advance(60 * MIN);
    await jobs.tick();

    expect(failing.calls).toEqual(Array(3).fill('2026-12-01T00:00:00.000Z'));
    expect(flaky.calls).toHaveLength(2);
    expect(await run('selalu-gagal')).toMatchObject([
      { status: 'failed', attempt: 3, error: 'Layanan tidak tersedia (3)', nextAttemptAt: null },
    ]);
    expect((await jobs.history({ status: 'failed' }, 1, 10)).total).toBe(1);
  });

  it('retries a run its process left running when it died, and gives up after the last attempt', async () => {
    await start('2026-12-01T00:00:30Z', { MUTU_JOBS_STALE_MINUTES: '30', MUTU_JOBS_MAX_ATTEMPTS: '2' });
    const report = recorder();
    // The process that claimed these runs died mid-run: the rows stay `running`.
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    await db.query(
      `INSERT INTO job_run (id, job, scheduled_at, status, attempt, started_at) VALUES
         (gen_random_uuid(), 'laporan-bulanan', '2026-12-01T00:00:00Z', 'running', 1, '2026-12-01T00:00:05Z'),
         (gen_random_uuid(), 'digest', '2026-11-30T00:00:00Z', 'running', 2, '2026-11-30T00:00:05Z')`,
    );
    await db.end();
    jobs.register({ name: 'laporan-bulanan', cron: '0 7 1 * *', catchUp: 'each', handler: report.handler });
    jobs.register({ name: 'digest', cron: '0 7 30 11 *', catchUp: 'each', handler: report.handler });

    await jobs.tick();
    expect(report.calls).toEqual([]); // 29 minutes: it may still be at work

    ctx.clock.set('2026-12-01T00:31:00Z');
    await jobs.tick();
    expect(report.calls).toEqual(['2026-12-01T00:00:00.000Z']);
    const runs = (await jobs.history({}, 1, 10)).items;
    expect(runs.find((r) => r.job === 'laporan-bulanan')).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(runs.find((r) => r.job === 'digest')).toMatchObject({
      status: 'failed',
      attempt: 2,
      error: expect.stringContaining('Proses berhenti saat tugas ini berjalan'),
    });
  });
});
