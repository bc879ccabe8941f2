import { samplePdf } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import {
  ConflictError,
  ForbiddenActionError,
  IllegalTransitionError,
  MissingDocumentsError,
  NotFoundError,
  type Principal,
  ValidationError,
} from '@mutu/domain';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';
import { APPLICATION, BSRE, VERIFIER } from '../../../test/support/renewal-fixtures';

const MIN = 60_000;
const verifier = VERIFIER;
const bsre = BSRE;
const holder: Principal = {
  id: 'pengguna-1',
  role: 'PENGGUNA',
  holderNip: '198701012010011001',
  agencies: [],
};
const otherVerifier: Principal = {
  id: 'verifikator-2',
  role: 'VERIFIKATOR',
  holderNip: null,
  agencies: ['BAPPEDA'],
};
const otherHolder: Principal = {
  id: 'pengguna-2',
  role: 'PENGGUNA',
  holderNip: '199001012015011002',
  agencies: [],
};
const head: Principal = { id: 'kadis', role: 'KEPALA_DINAS', holderNip: null, agencies: [] };
const application = APPLICATION;

const REQUIRED = ['surat-rekomendasi', 'ktp', 'sk-jabatan'];

describe('RenewalsService on PostgreSQL', () => {
  let ctx: TestContext;
  let renewals: RenewalsService;
  let documents: DocumentsService;

  /** Uploads a small PDF for each item, distinct per item and round. */
  const upload = async (id: string, who: Principal, items: readonly string[]) => {
    const { round } = await renewals.get(id, who);
    for (const item of items) {
      await documents.upload(
        id,
        { item, bytes: samplePdf([item, `putaran ${round}`]), fileName: `${item}.pdf` },
        who,
      );
    }
  };

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule],
      now: '2026-11-23T02:00:00Z', // Mon 09:00 WIB
    });
    renewals = ctx.get(RenewalsService);
    documents = ctx.get(DocumentsService);
  });
  afterAll(() => ctx.close());

  it('walks the SOP through a "Tidak" round to completion, timing every step against its standard', async () => {
    let r = await renewals.open(application, verifier);
    expect(r).toMatchObject({
      status: 'step1',
      round: 1,
      version: 1,
      sop: { version: 1 },
      agency: 'Dinas Kesehatan',
    });
    expect(r.openedAt).toEqual({ utc: '2026-11-23T02:00:00.000Z', local: '2026-11-23T09:00:00+07:00' });

    await upload(r.id, verifier, REQUIRED);
    ctx.clock.advance(3 * MIN);
    r = await renewals.act(r.id, r.version, { action: 'documents_ready' }, verifier);
    ctx.clock.advance(7 * MIN); // two minutes over step 2's standard
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'submitted_to_ams', amsReference: 'AMS-77', passphraseSet: true },
      verifier,
    );
    ctx.clock.advance(24 * 60 * MIN);
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'verification_incomplete', missingItems: ['surat-rekomendasi'] },
      bsre,
    );
    expect(r).toMatchObject({ status: 'step1', round: 2 });

    await upload(r.id, holder, ['surat-rekomendasi']);
    ctx.clock.advance(4 * MIN);
    r = await renewals.act(r.id, r.version, { action: 'documents_ready' }, holder);
    ctx.clock.advance(4 * MIN);
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'submitted_to_ams', amsReference: 'AMS-78', passphraseSet: true },
      holder,
    );
    ctx.clock.advance(120 * MIN);
    r = await renewals.act(r.id, r.version, { action: 'verification_complete' }, bsre);
    ctx.clock.advance(3 * 24 * 60 * MIN);
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'holder_informed', channel: 'EMAIL', validFrom: '2026-11-27', validUntil: '2028-11-27' },
      verifier,
    );

    expect(r).toMatchObject({
      status: 'completed',
      version: 8,
      round: 2,
      amsReference: 'AMS-78',
      informedChannel: 'EMAIL',
      newValidity: { from: '2026-11-27', until: '2028-11-27' },
      allowedActions: [],
    });
    expect(r.closedAt?.utc).toBe('2026-11-27T04:18:00.000Z');
    expect(
      r.timeline.map((s) => [s.round, s.step, s.performerRole, s.outcome, s.sla.status, s.sla.elapsedMs]),
    ).toEqual([
      [1, 1, 'VERIFIKATOR', 'done', 'met', 3 * MIN],
      [1, 2, 'VERIFIKATOR', 'done', 'breached', 7 * MIN],
      [1, 3, 'BSRE', 'incomplete', 'no_standard', 24 * 60 * MIN],
      [2, 1, 'PENGGUNA', 'done', 'met', 4 * MIN],
      [2, 2, 'PENGGUNA', 'done', 'met', 4 * MIN],
      [2, 3, 'BSRE', 'complete', 'no_standard', 120 * MIN],
      [2, 4, 'PENGGUNA', 'done', 'met', 3 * 24 * 60 * MIN],
    ]);
    expect(r.timeline[2].missingItems).toEqual(['surat-rekomendasi']);
    expect(r.checklist.map((i) => [i.code, i.required, i.documents.map((d) => d.round)])).toEqual([
      ['surat-rekomendasi', true, [2]],
      ['ktp', false, []],
      ['sk-jabatan', false, []],
      ['formulir-pembaruan', false, []],
    ]);
    expect(r.timeline[1].sla.overrunMs).toBe(2 * MIN);
    expect(r.sla).toMatchObject({ rounds: 2, reworkMs: (3 + 7 + 24 * 60) * MIN, breachedSteps: 1 });

    // Read back from the database in a fresh unit of work: the same record.
    expect(await renewals.get(r.id, verifier)).toEqual(r);
  });

  it('reuses the holder record for the same NIP', async () => {
    const a = await renewals.open({ ...application, certificateSerial: 'S-1' }, verifier);
    const b = await renewals.open(
      { ...application, name: 'Siti Rahma, S.Kom.', certificateSerial: 'S-2' },
      verifier,
    );
    expect(b.holder).toEqual({ ...a.holder, name: 'Siti Rahma, S.Kom.' });
  });

  it('refuses a stale version, a forbidden role and an illegal action, changing nothing', async () => {
    const r = await renewals.open(application, verifier);
    await expect(renewals.act(r.id, 7, { action: 'documents_ready' }, verifier)).rejects.toThrow(
      ConflictError,
    );
    await expect(renewals.act(r.id, 1, { action: 'documents_ready' }, bsre)).rejects.toThrow(
      ForbiddenActionError,
    );
    await expect(renewals.act(r.id, 1, { action: 'verification_complete' }, bsre)).rejects.toThrow(
      IllegalTransitionError,
    );
    await expect(
      renewals.act('00000000-0000-0000-0000-000000000000', 1, { action: 'cancel', reason: 'x' }, verifier),
    ).rejects.toThrow(NotFoundError);
    expect(await renewals.get(r.id, verifier)).toEqual(r);
  });

  it('lets exactly one of 20 racing actions on one renewal win; the others get a conflict', async () => {
    const r = await renewals.open(application, verifier);
    await upload(r.id, verifier, REQUIRED);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? renewals.act(r.id, r.version, { action: 'documents_ready' }, verifier)
          : renewals.act(r.id, r.version, { action: 'cancel', reason: `batal ${i}` }, verifier),
      ),
    );
    const won = results.filter((x) => x.status === 'fulfilled');
    const lost = results.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const loss of lost) expect(loss.reason).toBeInstanceOf(ConflictError);
    const after = await renewals.get(r.id, verifier);
    expect(after.version).toBe(2);
    expect(after.timeline).toHaveLength(after.status === 'cancelled' ? 1 : 2);
  });

  it("answers NotFound outside the caller's scope, and refuses to open outside it", async () => {
    const r = await renewals.open(application, verifier);
    await expect(renewals.get(r.id, otherVerifier)).rejects.toThrow(NotFoundError);
    await expect(renewals.get(r.id, otherHolder)).rejects.toThrow(NotFoundError);
    await expect(renewals.act(r.id, 1, { action: 'documents_ready' }, otherVerifier)).rejects.toThrow(
      NotFoundError,
    );
    expect((await renewals.get(r.id, holder)).id).toBe(r.id);
    expect((await renewals.get(r.id, head)).id).toBe(r.id);
    await expect(
      renewals.open({ ...application, agency: 'Dinas Kesehatan' }, otherVerifier),
    ).rejects.toMatchObject({
      problems: [{ field: 'agency', message: 'di luar wewenang Anda' }],
    });
    await expect(renewals.open(application, otherHolder)).rejects.toThrow(ValidationError);
  });

  it('records a correction at the time it happened, visibly marked, and refuses impossible times', async () => {
    const opened = await renewals.open(application, verifier);
    await upload(opened.id, verifier, REQUIRED);
    ctx.clock.advance(60 * MIN);
    const paperTime = new Date(new Date(opened.openedAt.utc).getTime() + 4 * MIN);
    await expect(
      renewals.correct(
        opened.id,
        1,
        { action: 'documents_ready' },
        { occurredAt: new Date(ctx.clock.now().getTime() + MIN), reason: 'x' },
        verifier,
      ),
    ).rejects.toMatchObject({ problems: [{ field: 'occurredAt', message: 'tidak boleh di masa depan' }] });
    await expect(
      renewals.correct(
        opened.id,
        1,
        { action: 'documents_ready' },
        { occurredAt: new Date(0), reason: ' ' },
        verifier,
      ),
    ).rejects.toMatchObject({ problems: [{ field: 'reason' }, { field: 'occurredAt' }] });

    const r = await renewals.correct(
      opened.id,
      1,
      { action: 'documents_ready' },
      { occurredAt: paperTime, reason: 'Dicatat di formulir kertas saat server mati' },
      verifier,
    );
    expect(r.timeline[0]).toMatchObject({
      endedAt: { utc: paperTime.toISOString() },
      sla: { status: 'met', elapsedMs: 4 * MIN },
      corrected: { reason: 'Dicatat di formulir kertas saat server mati' },
    });
    expect(r.timeline[1]).toMatchObject({
      startedAt: { utc: paperTime.toISOString() },
      corrected: { reason: expect.any(String) },
    });
  });

  it('keeps step 1 open until every required document of the round is uploaded, naming what is missing', async () => {
    const r = await renewals.open(application, verifier);
    expect(r.checklist.map((i) => [i.code, i.required, i.documents])).toEqual([
      ['surat-rekomendasi', true, []],
      ['ktp', true, []],
      ['sk-jabatan', true, []],
      ['formulir-pembaruan', false, []],
    ]);
    await upload(r.id, holder, ['ktp', 'formulir-pembaruan']);
    const refused = renewals.act(r.id, 1, { action: 'documents_ready' }, verifier);
    await expect(refused).rejects.toThrow(MissingDocumentsError);
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({
      round: 1,
      missingItems: [
        { code: 'surat-rekomendasi', label: expect.stringContaining('rekomendasi') },
        { code: 'sk-jabatan', label: expect.stringContaining('SK') },
      ],
    });
    await expect(
      renewals.correct(
        r.id,
        1,
        { action: 'documents_ready' },
        { occurredAt: new Date(r.openedAt.utc), reason: 'dari kertas' },
        verifier,
      ),
    ).rejects.toThrow(MissingDocumentsError);
    expect((await renewals.get(r.id, verifier)).version).toBe(1);

    await upload(r.id, verifier, ['surat-rekomendasi', 'sk-jabatan']);
    expect((await renewals.act(r.id, 1, { action: 'documents_ready' }, verifier)).status).toBe('step2');
  });

  it("takes BSrE's missing items as checklist codes, and asks the next round for exactly those", async () => {
    let r = await renewals.open(application, verifier);
    await upload(r.id, verifier, REQUIRED);
    r = await renewals.act(r.id, 1, { action: 'documents_ready' }, verifier);
    r = await renewals.act(
      r.id,
      2,
      { action: 'submitted_to_ams', amsReference: 'AMS-9', passphraseSet: true },
      verifier,
    );
    await expect(
      renewals.act(
        r.id,
        3,
        { action: 'verification_incomplete', missingItems: ['ktp', 'Surat Rekomendasi'] },
        bsre,
      ),
    ).rejects.toMatchObject({
      problems: [{ field: 'missingItems[1]', message: expect.stringContaining('bukan kode butir') }],
    });
    r = await renewals.act(
      r.id,
      3,
      { action: 'verification_incomplete', missingItems: ['ktp', 'formulir-pembaruan'] },
      bsre,
    );
    expect(r).toMatchObject({ status: 'step1', round: 2 });
    expect(r.checklist.filter((i) => i.required).map((i) => i.code)).toEqual(['ktp', 'formulir-pembaruan']);

    // Round 1's KTP does not count for round 2; the items BSrE did not name are not asked again.
    await upload(r.id, holder, ['ktp']);
    await expect(renewals.act(r.id, 4, { action: 'documents_ready' }, holder)).rejects.toMatchObject({
      round: 2,
      missingItems: [{ code: 'formulir-pembaruan' }],
    });
    await upload(r.id, holder, ['formulir-pembaruan']);
    expect((await renewals.act(r.id, 4, { action: 'documents_ready' }, holder)).status).toBe('step2');
  });

  it('lists renewals within scope with filters and pages, breaches and risk judged in SQL', async () => {
    ctx.clock.set('2026-12-07T02:00:00Z'); // a fresh day for this test's renewals
    const slow = await renewals.open({ ...application, certificateSerial: 'LIST-1' }, verifier);
    const onTime = await renewals.open(
      { ...application, certificateSerial: 'LIST-2', agency: 'BAPPEDA', nip: '199001012015011002' },
      otherVerifier,
    );
    await upload(onTime.id, otherVerifier, REQUIRED);
    ctx.clock.advance(4.5 * MIN); // both running step 1 past 80% of 5 minutes
    await renewals.act(onTime.id, 1, { action: 'documents_ready' }, otherVerifier);

    const query = { page: 1, pageSize: 50, openedFrom: '2026-12-07', openedTo: '2026-12-07' };
    const atRisk = await renewals.list({ ...query, atRiskOnly: true }, head);
    expect(atRisk.items.map((i) => i.id)).toEqual([slow.id]);
    expect(atRisk.items[0].currentStep).toMatchObject({ step: 1, sla: { status: 'at_risk' } });

    ctx.clock.advance(1 * MIN); // slow's step 1 now past its standard
    expect((await renewals.list({ ...query, breachedOnly: true }, head)).items.map((i) => i.id)).toEqual([
      slow.id,
    ]);
    expect((await renewals.list({ ...query, atRiskOnly: true }, head)).total).toBe(0);

    const all = await renewals.list(query, head);
    expect(all.total).toBe(2);
    expect((await renewals.list({ ...query, agency: 'BAPPEDA' }, head)).items.map((i) => i.id)).toEqual([
      onTime.id,
    ]);
    expect((await renewals.list({ ...query, status: 'step2' }, head)).items.map((i) => i.id)).toEqual([
      onTime.id,
    ]);
    expect((await renewals.list(query, otherVerifier)).items.map((i) => i.id)).toEqual([onTime.id]);
    expect(
      (await renewals.list({ ...query, openedFrom: '2026-12-08', openedTo: '2026-12-08' }, head)).total,
    ).toBe(0);

    const firstPage = await renewals.list({ ...query, pageSize: 1 }, head);
    const secondPage = await renewals.list({ ...query, pageSize: 1, page: 2 }, head);
    expect([firstPage.total, firstPage.items.length, secondPage.items.length]).toEqual([2, 1, 1]);
    expect(firstPage.items[0].id).not.toBe(secondPage.items[0].id);
  });
});
