import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChangeFeed, KeptReads, TransactionRunner } from '@mutu/db';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { APPLICATION, VERIFIER } from '../../../test/support/renewal-fixtures';
import { ComplianceModule } from './compliance.module';
import { ComplianceService } from './compliance.service';

/** Polls `read` until `done` holds of its answer (a notification travels asynchronously). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const until = Date.now() + 5_000; ;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The test clock's office date (WIB): 2026-11-24, 10:00. */
const TODAY = { from: '2026-11-24', to: '2026-11-24' };

/**
 * The compliance figures' reads that do not depend on the moment judged at (renewal counts, lead
 * times, ended steps, the trend) kept in process (KeptReads) until a write to the renewals is
 * heard; the running steps read and judged at every call's now. Writes made with
 * `session_replication_role = replica` fire no trigger, so they show whether an answer was kept.
 */
describe('Compliance figures kept in process, on PostgreSQL', () => {
  let ctx: TestContext;
  let compliance: ComplianceService;
  let other: Client;

  /** A write from another connection that tells nobody. */
  const unheard = async (sql: string, params: unknown[] = []) => {
    await other.query('SET session_replication_role = replica');
    await other.query(sql, params);
    await other.query('SET session_replication_role = DEFAULT');
  };
  /** Listening, and this process's own writes heard (their notifications arrive after the write returned). */
  const listening = async () => {
    const on = await eventually(async () => ctx.get(ChangeFeed).listening(), Boolean);
    await new Promise((r) => setTimeout(r, 500));
    return on;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [SopsModule, RenewalsModule, ComplianceModule] });
    compliance = ctx.get(ComplianceService);
    other = new Client({ connectionString: ctx.database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await ctx.close();
  });

  it('keeps a period’s counts until another connection writes, judging its running steps at each call’s now', async () => {
    const { id } = await ctx.get(RenewalsService).open(APPLICATION, VERIFIER);
    expect(await listening()).toBe(true);
    const first = await compliance.figures(TODAY);
    expect(first.renewals).toMatchObject({ opened: 1, running: 1, reworkRate: 0 });
    expect(first.steps[0]).toMatchObject({ step: 1, instances: 1, breaches: 0, atRiskNow: 0 });

    await unheard('UPDATE renewal SET round = 2 WHERE id = $1', [id]);
    // Kept: the renewal counts are the same answer, while the running step 1 (5 minutes) is
    // judged at now: at risk after 4 minutes, past its standard after 5.
    ctx.clock.advance(4.5 * 60_000);
    const atRisk = await compliance.figures(TODAY);
    expect(atRisk.renewals.reworkRate).toBe(0);
    expect(atRisk.steps[0]).toMatchObject({ instances: 1, breaches: 0, atRiskNow: 1 });
    ctx.clock.advance(60_000);
    const late = await compliance.figures(TODAY);
    expect(late.steps[0]).toMatchObject({ instances: 1, breaches: 1, atRiskNow: 0 });
    expect(late.worstCases).toEqual([expect.objectContaining({ renewalId: id, step: 1, overrunMs: 30_000 })]);
    expect(late.heldByPerformer.find((h) => h.role === 'VERIFIKATOR')?.heldMs).toBe(5.5 * 60_000);

    // Heard: the same write, told this time, and the counts are read again.
    await other.query('UPDATE renewal SET round = 2 WHERE id = $1', [id]);
    const heard = await eventually(
      () => compliance.figures(TODAY),
      (f) => f.renewals.reworkRate === 1,
    );
    expect(heard.renewals.reworkRate).toBe(1);

    // The trend's months are kept as well, until a write is heard.
    const scope = compliance.scope(TODAY);
    expect(await compliance.trend(scope)).toEqual([
      { month: '2026-11', opened: 1, withinStandardShare: null },
    ]);
    await unheard("UPDATE renewal SET opened_at = opened_at + interval '40 days' WHERE id = $1", [id]);
    expect(await compliance.trend(scope)).toHaveLength(1);
    await other.query('UPDATE renewal SET round = round WHERE id = $1', [id]);
    expect(
      await eventually(
        () => compliance.trend(scope),
        (months) => months.length === 0,
      ),
    ).toEqual([]);
  });

  it('reads through a caller’s transaction, its own writes included, whatever is kept', async () => {
    const { id } = await ctx
      .get(RenewalsService)
      .open({ ...APPLICATION, certificateSerial: 'BSRE-KEPT-FIGURES' }, VERIFIER);
    await listening();
    const before = await compliance.figures(TODAY);
    const inside = await ctx
      .get(TransactionRunner)
      .run(async () => {
        await ctx.get(EntityManager).execute('UPDATE renewal SET round = 3 WHERE id = ?', [id]);
        const figures = await compliance.figures(TODAY);
        throw Object.assign(new Error('rolled back'), { figures });
      })
      .catch((error: { figures: typeof before }) => error.figures);
    expect(inside.renewals.averageRounds).toBeGreaterThan(before.renewals.averageRounds!);
    expect(await compliance.figures(TODAY)).toEqual({ ...before, judgedAt: expect.any(String) });
  });

  it('keeps nothing a read planned before a heard write answers, and keeps what one planned after it does', async () => {
    const kept = ctx.get(KeptReads);
    const plan = (sql: string, answer: unknown) => kept.plan(sql, [], async () => answer);
    await listening();
    await plan('probe', 'kept').read();
    expect(plan('probe', 'read again').kept).toBe('kept');

    const planned = plan('SELECT count(*) FROM renewal', 2);
    await other.query('UPDATE renewal SET round = round');
    // Heard once the probe is gone: every answer goes on any write.
    await eventually(
      async () => plan('probe', 'read again').kept,
      (answer) => answer === undefined,
    );
    expect(await planned.read()).toBe(2);
    expect(plan('SELECT count(*) FROM renewal', 3).kept).toBeUndefined();

    expect(await plan('SELECT count(*) FROM renewal', 3).read()).toBe(3);
    expect(plan('SELECT count(*) FROM renewal', 4).kept).toBe(3);
  });
});
