import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChangeFeed, ComplianceRepository, type KeptEntries, KeptReads, TransactionRunner } from '@mutu/db';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { eventually } from '../../../test/support/eventually';
import { APPLICATION, VERIFIER } from '../../../test/support/renewal-fixtures';
import { ComplianceModule } from './compliance.module';
import { ComplianceService } from './compliance.service';

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

  /** A renewal of the fixture's holder opened now (step 1 running), by its certificate's serial. */
  const opened = (certificateSerial: string) =>
    ctx.get(RenewalsService).open({ ...APPLICATION, certificateSerial }, VERIFIER);
  /** The figures read in a transaction of their own: never from what is kept. */
  const fresh = () => ctx.get(TransactionRunner).snapshot(() => compliance.figures(TODAY));
  /** A write from another connection that tells nobody. */
  const unheard = async (sql: string, params: unknown[] = []) => {
    await other.query('SET session_replication_role = replica');
    await other.query(sql, params);
    await other.query('SET session_replication_role = DEFAULT');
  };
  /**
   * Every write committed so far heard: a probe kept (an account entry of its own, so the figures
   * stay), then told from another connection after them, is dropped once the notifications before
   * it arrived (they arrive in commit order).
   */
  const heard = async () => {
    await probe.read('probe', async () => 'kept');
    await other.query("SELECT pg_notify('mutu_change', 'account:probe')");
    await eventually(
      async () => probe.get('probe'),
      (answer) => answer === undefined,
    );
  };
  /** Listening, and this process's own writes heard (their notifications arrive after the write returned). */
  const listening = async () => {
    const on = await eventually(async () => ctx.get(ChangeFeed).listening(), Boolean);
    await heard();
    return on;
  };
  let probe: KeptEntries<string>;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [SopsModule, RenewalsModule, ComplianceModule] });
    compliance = ctx.get(ComplianceService);
    probe = ctx.get(ChangeFeed).entries('account', 1);
    other = new Client({ connectionString: ctx.database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await ctx.close();
  });

  it('keeps a period’s counts until another connection writes, judging its running steps at each call’s now', async () => {
    const { id } = await opened(APPLICATION.certificateSerial);
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
    const { id } = await opened('BSRE-KEPT-FIGURES');
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

  it('keeps nothing read in a snapshot older than a heard write: reads are planned before their snapshot', async () => {
    const { id } = await opened('BSRE-KEPT-RACE');
    await listening();
    // As overview and figures do: the figures' reads planned, then their snapshot taken, in which
    // they read. Here another connection's write is heard between the two.
    const planned = ctx.get(ComplianceRepository).figuresParts(compliance.scope(TODAY), []);
    await ctx.get(TransactionRunner).snapshot(async () => {
      const em = ctx.get(EntityManager);
      await em.execute('SELECT 1'); // the snapshot is taken at the first statement
      await other.query('UPDATE renewal SET round = 3 WHERE id = $1', [id]);
      await heard();
      for (const part of planned.parts) await part();
    });
    // The same statements (no breakdown), kept or read afresh: the write is counted.
    const headline = () => compliance.figures(TODAY, undefined, []);
    const afresh = await ctx.get(TransactionRunner).snapshot(headline);
    expect(afresh.renewals.averageRounds).not.toBe(1);
    expect((await headline()).renewals).toEqual(afresh.renewals);
  });

  it('keeps the figures across writes they do not count: a running step’s, a job’s', async () => {
    const { id } = await opened('BSRE-KEPT-RUNNING');
    await listening();
    const before = await compliance.figures(TODAY);
    await unheard('UPDATE renewal SET round = 4 WHERE id = $1', [id]);
    const afterwards = (await fresh()).renewals.averageRounds;
    expect(afterwards).not.toBe(before.renewals.averageRounds);
    // Heard, but about a running step (the SLA watch's claims write these) or no renewal at all.
    await other.query('UPDATE step_instance SET missing_items = missing_items WHERE renewal_id = $1', [id]);
    await ctx
      .get(TransactionRunner)
      .run(() =>
        ctx
          .get(EntityManager)
          .execute(
            "INSERT INTO job_run (id, job, scheduled_at, status, attempt, started_at) VALUES (gen_random_uuid(), 'uji', now(), 'succeeded', 1, now())",
          ),
      );
    await listening();
    expect((await compliance.figures(TODAY)).renewals.averageRounds).toBe(before.renewals.averageRounds);

    // This process's own write to a renewal drops them before it is answered.
    await ctx
      .get(TransactionRunner)
      .run(() => ctx.get(EntityManager).execute('UPDATE renewal SET round = 4 WHERE id = ?', [id]));
    expect((await compliance.figures(TODAY)).renewals.averageRounds).toBe(afterwards);
  });
});
