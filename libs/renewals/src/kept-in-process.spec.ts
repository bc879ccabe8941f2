import { Client } from 'pg';
import { AuthModule, AuthService } from '@mutu/auth';
import { CalendarService } from '@mutu/calendar';
import { ChangeFeed, RenewalViewsRepository, TransactionRunner, UserRepository } from '@mutu/db';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { eventually } from '../../../test/support/eventually';
import { APPLICATION, VERIFIER } from '../../../test/support/renewal-fixtures';
import { renewalView } from './renewal.views';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';

/**
 * Renewal views and accounts kept in process (ChangeFeed): what another connection commits (a
 * worker, the CLI, raw SQL) drops them, and nothing is kept while the feed does not listen.
 * Writes made with `session_replication_role = replica` fire no trigger, so they show whether an
 * answer came from what was kept.
 */
describe('What the API keeps in process, on PostgreSQL', () => {
  let ctx: TestContext;
  let renewals: RenewalsService;
  let feed: ChangeFeed;
  let other: Client;

  /** A write from another connection that tells nobody. */
  const unheard = async (sql: string, params: unknown[]) => {
    await other.query('SET session_replication_role = replica');
    await other.query(sql, params);
    await other.query('SET session_replication_role = DEFAULT');
  };
  /**
   * Listening, and this process's own writes heard: their notifications, arriving after the write
   * returned, would drop what the test keeps next.
   */
  const listeningFeed = async () => {
    const on = await eventually(async () => feed.listening(), Boolean);
    await new Promise((r) => setTimeout(r, 500));
    return on;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [SopsModule, RenewalsModule, AuthModule] });
    renewals = ctx.get(RenewalsService);
    feed = ctx.get(ChangeFeed);
    other = new Client({ connectionString: ctx.database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await ctx.close();
  });

  it('keeps a renewal view until another connection changes the renewal, its steps or its holder', async () => {
    const { id } = await renewals.open(APPLICATION, VERIFIER);
    expect(await listeningFeed()).toBe(true);
    await renewals.get(id, VERIFIER);

    await unheard('UPDATE holder SET name = $1', ['Tidak Terdengar']);
    expect((await renewals.get(id, VERIFIER)).holder.name).toBe('Siti Rahma');

    await other.query('UPDATE holder SET name = $1', ['Siti Rahmawati']);
    const renamed = await eventually(
      () => renewals.get(id, VERIFIER),
      (r) => r.holder.name !== 'Siti Rahma',
    );
    expect(renamed.holder.name).toBe('Siti Rahmawati');

    await unheard('UPDATE renewal SET ams_reference = $1 WHERE id = $2', ['AMS-TIDAK', id]);
    await other.query("UPDATE step_instance SET missing_items = '[]'::jsonb WHERE renewal_id = $1", [id]);
    const stepChanged = await eventually(
      () => renewals.get(id, VERIFIER),
      (r) => r.amsReference !== null,
    );
    expect(stepChanged.amsReference).toBe('AMS-TIDAK');
    // The running step is still judged at the clock's now, not at the time it was kept.
    ctx.clock.advance(10 * 60_000);
    expect((await renewals.get(id, VERIFIER)).timeline[0].sla.status).toBe('breached');
  });

  it('judges a kept view at each call’s now: it is the view built afresh from the database', async () => {
    const { config } = ctx;
    /** The view as renewalView builds it from a record read in a transaction of its own (never kept). */
    const afresh = (id: string) =>
      ctx.get(TransactionRunner).snapshot(async () => {
        const { record, calendarRevision } = (await ctx.get(RenewalViewsRepository).findRecord(id))!;
        const calendar = await ctx.get(CalendarService).calendarAt(calendarRevision);
        return renewalView(record, {
          now: ctx.clock.now(),
          calendar,
          timeZone: config.timeZone,
          atRiskShare: config.slaAtRiskShare,
        });
      });
    let r = await renewals.open({ ...APPLICATION, certificateSerial: 'BSRE-KEPT-NOW' }, VERIFIER);
    await listeningFeed();
    const statuses: string[] = [];
    // On track, at risk, then breached: the running step (and the renewal's SLA) move with the clock.
    for (const minutes of [0, 4, 6]) {
      if (minutes) ctx.clock.advance((minutes - (minutes === 6 ? 4 : 0)) * 60_000);
      const kept = await renewals.get(r.id, VERIFIER);
      expect(kept).toEqual(await afresh(r.id));
      expect(Object.isFrozen(kept.timeline[0].sla)).toBe(true);
      statuses.push(kept.timeline[0].sla.status);
    }
    expect(statuses).toEqual(['on_track', 'at_risk', 'breached']);

    r = await renewals.act(r.id, r.version, { action: 'cancel', reason: 'uji' }, VERIFIER);
    expect(r.status).toBe('cancelled');
    await listeningFeed();
    const closed = await renewals.get(r.id, VERIFIER);
    ctx.clock.advance(30 * 86_400_000);
    // A closed renewal does not depend on now: the same view is given again, and it is still right.
    expect(await renewals.get(r.id, VERIFIER)).toBe(closed);
    expect(closed).toEqual(await afresh(r.id));
  });

  it('drops what it kept when this process writes, before the writer is answered', async () => {
    const opened = await renewals.open({ ...APPLICATION, certificateSerial: 'BSRE-KEPT-2' }, VERIFIER);
    await listeningFeed();
    await renewals.get(opened.id, VERIFIER);
    await unheard('UPDATE renewal SET ams_reference = $1 WHERE id = $2', ['AMS-LOKAL', opened.id]);
    await renewals.act(opened.id, opened.version, { action: 'cancel', reason: 'uji' }, VERIFIER);
    const after = await renewals.get(opened.id, VERIFIER);
    expect(after).toMatchObject({ status: 'cancelled', amsReference: 'AMS-LOKAL' });
  });

  it('keeps what it kept when this process commits a transaction that wrote nothing', async () => {
    const opened = await renewals.open({ ...APPLICATION, certificateSerial: 'BSRE-KEPT-3' }, VERIFIER);
    await listeningFeed();
    await renewals.get(opened.id, VERIFIER);
    await unheard('UPDATE renewal SET ams_reference = $1 WHERE id = $2', ['AMS-TETAP', opened.id]);
    await ctx.get(TransactionRunner).run(() => ctx.get(RenewalViewsRepository).findRecord(opened.id));
    expect((await renewals.get(opened.id, VERIFIER)).amsReference).toBeNull();
  });

  it('keeps an account until another connection changes it (a deactivation included)', async () => {
    const users = ctx.get(UserRepository);
    const { id } = await ctx.get(AuthService).createUser(
      {
        username: 'kept-verifier',
        displayName: 'Verifikator',
        role: 'VERIFIKATOR',
        password: 'kata-sandi-yang-panjang-1',
        holderNip: null,
        agencies: ['Dinas Kesehatan'],
        email: null,
      },
      { id: 'admin', role: 'ADMIN' },
    );
    expect(await listeningFeed()).toBe(true);
    expect((await users.findAccount(id))?.active).toBe(true);
    await unheard('UPDATE app_user SET display_name = $1 WHERE id = $2', ['Tidak Terdengar', id]);
    expect((await users.findAccount(id))?.displayName).toBe('Verifikator');

    await other.query('UPDATE app_user SET active = false WHERE id = $1', [id]);
    const deactivated = await eventually(
      () => users.findAccount(id),
      (account) => account?.active === false,
    );
    expect(deactivated).toMatchObject({ active: false, displayName: 'Tidak Terdengar' });
  });

  it('keeps nothing while its connection is down, and listens again', async () => {
    const { id } = await renewals.open({ ...APPLICATION, certificateSerial: 'BSRE-KEPT-4' }, VERIFIER);
    expect(await listeningFeed()).toBe(true);
    await renewals.get(id, VERIFIER);

    await other.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN mutu_change'",
    );
    expect(
      await eventually(
        async () => feed.listening(),
        (on) => !on,
      ),
    ).toBe(false);
    // Unheard, and still seen: nothing was kept, or it was dropped when the connection went.
    await unheard('UPDATE renewal SET ams_reference = $1 WHERE id = $2', ['AMS-PUTUS', id]);
    expect((await renewals.get(id, VERIFIER)).amsReference).toBe('AMS-PUTUS');

    expect(await listeningFeed()).toBe(true);
    await renewals.get(id, VERIFIER);
    await unheard('UPDATE renewal SET ams_reference = $1 WHERE id = $2', ['AMS-KEMBALI', id]);
    expect((await renewals.get(id, VERIFIER)).amsReference).toBe('AMS-PUTUS');
  });
});
