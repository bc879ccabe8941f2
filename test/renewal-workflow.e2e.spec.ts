import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { samplePdf } from '@mutu/demo';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const MIN = 60_000;
const REQUIRED = ['surat-rekomendasi', 'ktp', 'sk-jabatan'];
const NIP = '198701012010011001';
const application = {
  nip: NIP,
  name: 'Siti Rahma, S.Kom.',
  email: 'siti.rahma@merantikab.go.id',
  agency: 'Dinas Kesehatan',
  certificateSerial: 'BSRE-2025-000123',
  currentExpiry: '2026-12-31',
};

describe('the renewal workflow over HTTP', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  const token: Record<string, string> = {};
  const as = (who: string) => ({ Authorization: `Bearer ${token[who]}` });
  /** Step 1 needs the round's required documents: a small PDF for each item. */
  const upload = async (id: string, who: string, items: readonly string[], round = 1) => {
    for (const item of items) {
      await http
        .post(`/renewals/${id}/documents`)
        .set(as(who))
        .field('item', item)
        .attach('file', samplePdf([item, `putaran ${round}`]), `${item}.pdf`)
        .expect(201);
    }
  };

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      now: '2026-11-23T02:00:00Z',
    });
    http = request(ctx.app.getHttpServer());
    const auth = ctx.get(AuthService);
    const password = 'kata-sandi-uji-123';
    const cli = { id: 'cli:test', role: 'ADMIN' };
    const accounts = [
      {
        username: 'verifikator.dinkes',
        displayName: 'Andi',
        role: 'VERIFIKATOR',
        agencies: ['Dinas Kesehatan'],
      },
      { username: 'pengguna.siti', displayName: 'Siti', role: 'PENGGUNA', holderNip: NIP },
      { username: 'bsre.operator', displayName: 'Operator BSrE', role: 'BSRE' },
      { username: 'kadis', displayName: 'Kepala Dinas', role: 'KEPALA_DINAS' },
    ] as const;
    for (const account of accounts) await auth.createUser({ ...account, password }, cli);
    for (const username of ['verifikator.dinkes', 'pengguna.siti', 'bsre.operator', 'kadis']) {
      const res = await http.post('/auth/login').send({ username, password }).expect(200);
      token[username.split('.')[0]] = res.body.accessToken;
    }
  });
  afterAll(() => ctx.close());

  it('walks one renewal through an incomplete round to completion, every step timed by the server', async () => {
    const opened = await http.post('/renewals').set(as('verifikator')).send(application).expect(201);
    const id = opened.body.id;
    expect(opened.body).toMatchObject({ status: 'step1', version: 1, openedBy: 'verifikator.dinkes' });

    const step = async (who: string, path: string, body: object, minutes: number) => {
      ctx.clock.advance(minutes * MIN);
      const current = (await http.get(`/renewals/${id}`).set(as(who)).expect(200)).body;
      return (
        await http
          .post(`/renewals/${id}/${path}`)
          .set(as(who))
          .send({ version: current.version, ...body })
          .expect(200)
      ).body;
    };
    await upload(id, 'verifikator', REQUIRED);
    await step('verifikator', 'documents-ready', {}, 3);
    await step('verifikator', 'submitted-to-ams', { amsReference: 'AMS-77', passphraseSet: true }, 7);
    const sentBack = await step(
      'bsre',
      'verification',
      { result: 'incomplete', missingItems: ['surat-rekomendasi'] },
      24 * 60,
    );
    expect(sentBack).toMatchObject({ status: 'step1', round: 2 });
    await upload(id, 'pengguna', ['surat-rekomendasi'], 2);
    await step('pengguna', 'documents-ready', {}, 4);
    await step('pengguna', 'submitted-to-ams', { amsReference: 'AMS-78', passphraseSet: true }, 4);
    await step('bsre', 'verification', { result: 'complete' }, 120);
    const done = await step(
      'pengguna',
      'holder-informed',
      { channel: 'AMS', validFrom: '2026-11-27', validUntil: '2028-11-27' },
      3 * 24 * 60,
    );

    expect(done).toMatchObject({ status: 'completed', round: 2, version: 8, informedChannel: 'AMS' });
    expect(done.passphraseSet.by).toBe('pengguna.siti');
    const t0 = Date.parse('2026-11-23T02:00:00Z');
    const ends = [3, 10, 24 * 60 + 10, 24 * 60 + 14, 24 * 60 + 18, 24 * 60 + 138, 4 * 24 * 60 + 138];
    expect(done.timeline.map((s: any) => [s.round, s.step, s.endedAt.utc, s.sla.status])).toEqual(
      [
        [1, 1, 'met'],
        [1, 2, 'breached'],
        [1, 3, 'no_standard'],
        [2, 1, 'met'],
        [2, 2, 'met'],
        [2, 3, 'no_standard'],
        [2, 4, 'met'],
      ].map(([round, stepNo, status], i) => [
        round,
        stepNo,
        new Date(t0 + ends[i] * MIN).toISOString(),
        status,
      ]),
    );
    expect(done.timeline[0].startedAt).toEqual({
      utc: '2026-11-23T02:00:00.000Z',
      local: '2026-11-23T09:00:00+07:00',
    });
    expect(done.timeline[1].sla).toMatchObject({ standardMs: 5 * MIN, overrunMs: 2 * MIN });
    expect(done.timeline[3].performerRole).toBe('PENGGUNA');
    expect(done.sla).toMatchObject({ rounds: 2, reworkMs: (24 * 60 + 10) * MIN, breachedSteps: 1 });
  });

  it('replays a retried POST with the same Idempotency-Key and acts once; another body with that key is 422', async () => {
    const key = 'buka-siti-sekali';
    const count = async () => (await http.get('/renewals').set(as('kadis')).expect(200)).body.total;
    const before = await count();
    const send = (serial: string) =>
      http
        .post('/renewals')
        .set(as('verifikator'))
        .set('Idempotency-Key', key)
        .send({ ...application, certificateSerial: serial });
    const first = await send('IDEM-1').expect(201);
    const again = await send('IDEM-1').expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await count()).toBe(before + 1);

    const other = await send('IDEM-2').expect(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses any passphrase-like field with 400, never echoing the value', async () => {
    const opened = (await http.post('/renewals').set(as('verifikator')).send(application).expect(201)).body;
    await upload(opened.id, 'verifikator', REQUIRED);
    await http
      .post(`/renewals/${opened.id}/documents-ready`)
      .set(as('verifikator'))
      .send({ version: 1 })
      .expect(200);
    const res = await http
      .post(`/renewals/${opened.id}/submitted-to-ams`)
      .set(as('verifikator'))
      .send({ version: 2, amsReference: 'AMS-1', passphraseSet: true, passphrase: 'RahasiaSekali#2026' })
      .expect(400);
    expect(res.body.problems).toEqual([
      { field: 'passphrase', message: expect.stringContaining('tidak boleh dikirim') },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('RahasiaSekali');
    const nested = await http
      .post('/renewals')
      .set(as('verifikator'))
      .send({ ...application, extra: { newPassphrase: 'x' } })
      .expect(400);
    expect(nested.body.problems[0].field).toBe('extra.newPassphrase');
  });

  it('names the field for bad input and maps every refusal to its status', async () => {
    const bad = await http
      .post('/renewals')
      .set(as('verifikator'))
      .send({ ...application, nip: '1987', email: 'bukan-email', hobby: 'x' })
      .expect(400);
    expect(bad.body.problems).toEqual(
      expect.arrayContaining([
        { field: 'nip', message: 'NIP harus 18 digit angka' },
        { field: 'email', message: 'email tidak valid' },
        { field: 'hobby', message: 'kolom tidak dikenal / unknown field' },
      ]),
    );
    await http.post('/renewals').send(application).expect(401);
    await http.post('/renewals').set('Authorization', 'Bearer palsu').send(application).expect(401);
    await http.post('/renewals').set(as('kadis')).send(application).expect(403);
    await http.get('/renewals/bukan-uuid').set(as('kadis')).expect(400);
    await http.get('/renewals/00000000-0000-4000-8000-000000000000').set(as('kadis')).expect(404);
    await http.get('/renewals?breached=mungkin&pageSize=500').set(as('kadis')).expect(400);

    const r = (await http.post('/renewals').set(as('verifikator')).send(application).expect(201)).body;
    const illegal = await http
      .post(`/renewals/${r.id}/verification`)
      .set(as('bsre'))
      .send({ version: 1, result: 'complete' })
      .expect(409);
    expect(illegal.body).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      status: 'step1',
      allowedActions: ['documents_ready', 'cancel'],
    });
    const stale = await http
      .post(`/renewals/${r.id}/documents-ready`)
      .set(as('verifikator'))
      .send({ version: 5 })
      .expect(409);
    expect(stale.body.code).toBe('CONFLICT');
    await http.post(`/renewals/${r.id}/documents-ready`).set(as('bsre')).send({ version: 1 }).expect(403);
  });

  it('lets exactly one of 20 parallel conflicting requests win; the rest get 409', async () => {
    const r = (await http.post('/renewals').set(as('verifikator')).send(application).expect(201)).body;
    await upload(r.id, 'verifikator', REQUIRED);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http
          .post(`/renewals/${r.id}/${i % 2 ? 'documents-ready' : 'cancel'}`)
          .set(as('verifikator'))
          .send(i % 2 ? { version: 1 } : { version: 1, reason: `batal ${i}` })
          .then((res) => res.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });
});
