import { Client } from 'pg';
import { RenewalRepository, TransactionRunner } from '@mutu/db';
import { samplePdf } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { canonicalJson, chainHashOf, type Principal, rebuildSteps } from '@mutu/domain';
import { RenewalsModule, RenewalsService, stepRecord } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { AuditModule } from './audit.module';
import { AuditService } from './audit.service';

const MIN = 60_000;
const verifier: Principal = {
  id: 'verifikator.dinkes',
  role: 'VERIFIKATOR',
  holderNip: null,
  agencies: ['Dinas Kesehatan'],
};
const bsre: Principal = { id: 'bsre.operator', role: 'BSRE', holderNip: null, agencies: [] };

describe('the audit trail on PostgreSQL', () => {
  let ctx: TestContext;
  let audit: AuditService;
  let renewalId: string;
  let sql: Client;
  /** Sequence number of the renewal's n-th event (the seeded SOP's event comes first). */
  let seq: (n: number) => number;

  /** Runs SQL as a superuser with triggers off, as an intruder with full access would. */
  const tamper = async (statement: string) => {
    await sql.query('SET session_replication_role = replica');
    await sql.query(statement);
    await sql.query('SET session_replication_role = DEFAULT');
  };

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, AuditModule],
      now: '2026-11-23T02:00:00Z',
    });
    audit = ctx.get(AuditService);
    const renewals = ctx.get(RenewalsService);
    let r = await renewals.open(
      {
        nip: '198701012010011001',
        name: 'Siti',
        email: 'siti@merantikab.go.id',
        agency: 'Dinas Kesehatan',
        certificateSerial: 'A-1',
        currentExpiry: '2026-12-31',
      },
      verifier,
    );
    const act = async (command: Parameters<RenewalsService['act']>[2], who: Principal, minutes: number) => {
      ctx.clock.advance(minutes * MIN);
      r = await renewals.act(r.id, r.version, command, who);
    };
    const upload = async (items: string[]) => {
      for (const item of items) {
        const bytes = samplePdf([item, `putaran ${r.round}`]);
        await ctx.get(DocumentsService).upload(r.id, { item, bytes, fileName: `${item}.pdf` }, verifier);
      }
    };
    await upload(['surat-rekomendasi', 'ktp', 'sk-jabatan']);
    await act({ action: 'documents_ready' }, verifier, 3);
    await act({ action: 'submitted_to_ams', amsReference: 'AMS-1', passphraseSet: true }, verifier, 6);
    await act({ action: 'verification_incomplete', missingItems: ['ktp'] }, bsre, 60);
    await upload(['ktp']);
    await act({ action: 'documents_ready' }, verifier, 2);
    ctx.clock.advance(10 * MIN);
    r = await renewals.correct(
      r.id,
      r.version,
      { action: 'submitted_to_ams', amsReference: 'AMS-2', passphraseSet: true },
      { occurredAt: new Date(ctx.clock.now().getTime() - 8 * MIN), reason: 'Dicatat dari formulir kertas' },
      verifier,
    );
    await act({ action: 'verification_complete' }, bsre, 30);
    await act(
      { action: 'holder_informed', channel: 'EMAIL', validFrom: '2026-11-24', validUntil: '2028-11-24' },
      verifier,
      24 * 60,
    );
    renewalId = r.id;
    await audit.checkpoint();
    const first = (await audit.history('renewal', renewalId))[0].seq;
    seq = (n) => first + n - 1;
    sql = new Client({ connectionString: ctx.database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await ctx.close();
  });

  it('records every change of the renewal, in order, with actor and role', async () => {
    const history = await audit.history('renewal', renewalId);
    expect(history.map((e) => [e.seq - seq(1) + 1, e.action, e.actorId, e.actorRole])).toEqual([
      [1, 'renewal.opened', 'verifikator.dinkes', 'VERIFIKATOR'],
      [2, 'document.uploaded', 'verifikator.dinkes', 'VERIFIKATOR'],
      [3, 'document.uploaded', 'verifikator.dinkes', 'VERIFIKATOR'],
      [4, 'document.uploaded', 'verifikator.dinkes', 'VERIFIKATOR'],
      [5, 'renewal.documents_ready', 'verifikator.dinkes', 'VERIFIKATOR'],
      [6, 'renewal.submitted_to_ams', 'verifikator.dinkes', 'VERIFIKATOR'],
      [7, 'renewal.verification_incomplete', 'bsre.operator', 'BSRE'],
      [8, 'document.uploaded', 'verifikator.dinkes', 'VERIFIKATOR'],
      [9, 'renewal.documents_ready', 'verifikator.dinkes', 'VERIFIKATOR'],
      [10, 'renewal.submitted_to_ams', 'verifikator.dinkes', 'VERIFIKATOR'],
      [11, 'renewal.verification_complete', 'bsre.operator', 'BSRE'],
      [12, 'renewal.holder_informed', 'verifikator.dinkes', 'VERIFIKATOR'],
    ]);
    expect(history[7].after).toMatchObject({ item: 'ktp', round: 2, mediaType: 'application/pdf' });
    expect(history[9].after).toMatchObject({ correction: { reason: 'Dicatat dari formulir kertas' } });
    expect(history[6]).toMatchObject({
      before: { status: 'step3', version: 3 },
      after: { status: 'step1', version: 4, round: 2 },
    });
  });

  it("rebuilds the renewal's timeline from the audit trail alone, equal to the stored one", async () => {
    const stored = await ctx.get(TransactionRunner).read(async () => {
      const renewal = await ctx.get(RenewalRepository).findWithSteps(renewalId);
      return renewal!.steps.getItems().map(stepRecord);
    });
    expect(stored).toHaveLength(7);
    expect(rebuildSteps(await audit.history('renewal', renewalId))).toEqual(stored);
  });

  it('verifies the intact chain', async () => {
    expect(await audit.verify()).toMatchObject({
      ok: true,
      checkedEvents: seq(12),
      lastSeq: seq(12),
      brokenAt: null,
    });
    const [sopEvent] = (await audit.search({ entityType: 'sop' }, 1, 10)).items;
    expect(sopEvent).toMatchObject({
      action: 'sop.version_loaded',
      actorId: 'system:seed',
      after: { version: 1 },
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit tables', async () => {
    await expect(
      sql.query(`UPDATE audit_event SET canonical = replace(canonical, 'dinkes', 'x') WHERE seq = ${seq(1)}`),
    ).rejects.toThrow(/hanya dapat ditambah/);
    await expect(sql.query(`DELETE FROM audit_event WHERE seq = ${seq(12)}`)).rejects.toThrow(
      /hanya dapat ditambah/,
    );
    await expect(sql.query('TRUNCATE audit_event')).rejects.toThrow(/hanya dapat ditambah/);
    await expect(sql.query('DELETE FROM audit_checkpoint')).rejects.toThrow(/hanya dapat ditambah/);
  });

  /** The stored event at `at`, and a way to put it back as it was. */
  const stored = async (at: number) => {
    const { rows } = await sql.query<{ canonical: string; hash: string }>(
      `SELECT canonical, hash FROM audit_event WHERE seq = ${at}`,
    );
    const { canonical, hash } = rows[0];
    return {
      content: JSON.parse(canonical) as Record<string, unknown>,
      restore: () =>
        tamper(`UPDATE audit_event SET canonical = $$${canonical}$$, hash = '${hash}' WHERE seq = ${at}`),
    };
  };

  it('shows what was hashed: an edited event is shown edited and named by the verification', async () => {
    const at = seq(7);
    const { restore } = await stored(at);
    await tamper(
      `UPDATE audit_event SET canonical = replace(canonical, '"missingItems":["ktp"]', '"missingItems":[]') WHERE seq = ${at}`,
    );
    const shown = (await audit.history('renewal', renewalId)).find((e) => e.seq === at);
    expect(shown?.after).toMatchObject({ command: { missingItems: [] } });
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at, reason: 'modified' });
    await restore();
    expect((await audit.verify()).ok).toBe(true);
  });

  it.each([
    ['occurredAt', '2026-11-23T02:00:00.000Z'],
    ['actorId', 'someone-else'],
    ['actorRole', 'ADMIN'],
    ['action', 'renewal.cancelled'],
    ['entityType', 'user'],
    ['entityId', 'another-renewal'],
    ['before', null],
    ['after', { status: 'completed' }],
    ['requestId', 'req-forged'],
    ['clientIp', '10.9.9.9'],
  ])('names an event whose %s was rewritten in canonical form, re-hashed or not', async (field, value) => {
    const at = seq(6);
    const { content, restore } = await stored(at);
    const { rows } = await sql.query<{ prev_hash: string }>(
      `SELECT prev_hash FROM audit_event WHERE seq = ${at}`,
    );
    const forged = canonicalJson({ ...content, [field]: value });
    await tamper(`UPDATE audit_event SET canonical = $$${forged}$$ WHERE seq = ${at}`);
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at, reason: 'modified' });
    // Re-hashed to fit: it no longer links to the event after it.
    await tamper(
      `UPDATE audit_event SET hash = '${chainHashOf(rows[0].prev_hash, forged)}' WHERE seq = ${at}`,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at + 1, reason: 'relinked' });
    await restore();
    expect((await audit.verify()).ok).toBe(true);
  });

  it("names an event given another event's number, re-hashed to fit", async () => {
    const at = seq(8);
    const { content, restore } = await stored(at);
    const { rows } = await sql.query<{ prev_hash: string }>(
      `SELECT prev_hash FROM audit_event WHERE seq = ${at}`,
    );
    const forged = canonicalJson({ ...content, seq: at + 100 });
    await tamper(
      `UPDATE audit_event SET canonical = $$${forged}$$, hash = '${chainHashOf(rows[0].prev_hash, forged)}' WHERE seq = ${at}`,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at, reason: 'modified' });
    await restore();
    expect((await audit.verify()).ok).toBe(true);
  });

  it('names the sequence number of a deleted event', async () => {
    const at = seq(9);
    await tamper(
      `CREATE TABLE saved AS SELECT * FROM audit_event WHERE seq = ${at}; DELETE FROM audit_event WHERE seq = ${at}`,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at, reason: 'missing' });
    await tamper('INSERT INTO audit_event SELECT * FROM saved; DROP TABLE saved');
    expect((await audit.verify()).ok).toBe(true);
  });

  it('names the first of two reordered events', async () => {
    const [a, b] = [seq(10), seq(11)];
    const swap = `UPDATE audit_event SET seq = -1 WHERE seq = ${a};
      UPDATE audit_event SET seq = ${a} WHERE seq = ${b};
      UPDATE audit_event SET seq = ${b} WHERE seq = -1`;
    await tamper(swap);
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: a });
    await tamper(swap);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('names a truncated tail from the signed checkpoint', async () => {
    const at = seq(11);
    await tamper(
      `CREATE TABLE saved AS SELECT * FROM audit_event WHERE seq >= ${at}; DELETE FROM audit_event WHERE seq >= ${at}`,
    );
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: at, reason: 'truncated' });
    await tamper('INSERT INTO audit_event SELECT * FROM saved; DROP TABLE saved');
    expect((await audit.verify()).ok).toBe(true);
  });
});
