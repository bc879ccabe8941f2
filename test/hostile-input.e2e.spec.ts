import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

/** The samples of issue 11 part 4, one per kind; the fuzz test finds the rest of each kind. */
describe('bad input of every kind is a 4xx naming the field', () => {
  let ctx: TestContext;
  let token: string;
  let kadis: string;
  const http = () => request(ctx.app.getHttpServer());
  const fields = (body: { problems?: { field: string }[] }) => body.problems?.map((p) => p.field);

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    const auth = ctx.get(AuthService);
    const admin = { id: 'test', role: 'ADMIN' };
    const password = 'kata-sandi-uji-0001';
    await auth.createUser(
      { username: 'verif', displayName: 'V', role: 'VERIFIKATOR', password, agencies: ['Dinas Kesehatan'] },
      admin,
    );
    await auth.createUser({ username: 'kadis', displayName: 'K', role: 'KEPALA_DINAS', password }, admin);
    token = (await http().post('/auth/login').send({ username: 'verif', password })).body.accessToken;
    kadis = (await http().post('/auth/login').send({ username: 'kadis', password })).body.accessToken;
  });
  afterAll(() => ctx.close());

  const renewal = {
    nip: '199001012022211001',
    name: 'Siti Rahma',
    email: 'siti@merantikab.example',
    agency: 'Dinas Kesehatan',
    certificateSerial: 'BSRE-2025-1',
    currentExpiry: '2026-12-31',
  };

  it('refuses U+0000 in a path, a login and a body field', async () => {
    expect(fields((await http().get('/sops/%00').expect(400)).body)).toEqual(['code']);
    expect(
      fields(
        (await http().post('/auth/login').send({ username: 'a\u0000b', password: 'x' }).expect(400)).body,
      ),
    ).toEqual(['username']);
    const lone = await http()
      .post('/renewals')
      .auth(token, { type: 'bearer' })
      .send({ ...renewal, email: '\uD800' });
    expect([lone.status, fields(lone.body)]).toEqual([400, ['email']]); // a lone surrogate: URIError, 500 before
    const holder = { ...renewal, name: 'Siti\u0000Rahma' };
    expect(
      fields((await http().post('/renewals').auth(token, { type: 'bearer' }).send(holder).expect(400)).body),
    ).toEqual(['name']);
  });

  it('bounds numbers to what the database holds', async () => {
    const page = await http()
      .get('/renewals?page=100000000000000000000')
      .auth(token, { type: 'bearer' })
      .expect(400);
    expect(fields(page.body)).toEqual(['page']);
    const version = await http().get('/sops/pembaruan-sertifikat-elektronik?version=2147483648').expect(400);
    expect(fields(version.body)).toEqual(['version']);
  });

  it('refuses impossible dates by one rule everywhere', async () => {
    for (const query of ['openedFrom=2026-13-01', 'openedTo=2026-02-30']) {
      const answer = await http().get(`/renewals?${query}`).auth(token, { type: 'bearer' }).expect(400);
      expect(fields(answer.body)).toEqual([query.split('=')[0]]);
    }
    const opened = await http()
      .post('/renewals')
      .auth(token, { type: 'bearer' })
      .send({ ...renewal, currentExpiry: '2026-02-30' });
    expect([opened.status, fields(opened.body)]).toEqual([400, ['currentExpiry']]);
  });

  it('refuses JSON nested 2,000 deep, and a malformed body without quoting it', async () => {
    const deep = '{"a":'.repeat(2_000) + '1' + '}'.repeat(2_000);
    const answer = await http()
      .post('/renewals')
      .auth(token, { type: 'bearer' })
      .set('content-type', 'application/json')
      .send(deep);
    expect([answer.status, fields(answer.body)]).toEqual([400, ['body']]);
    const malformed = await http()
      .post('/auth/login')
      .set('content-type', 'application/json')
      .send('{"username":"kadis","password":"rahasia-sekali-123",');
    expect([malformed.status, fields(malformed.body)]).toEqual([400, ['body']]);
    expect(malformed.text).not.toContain('rahasia-sekali-123');
  });

  it.each([
    ['199013452015011001', 'tanggal lahir'],
    ['199001012015017001', 'jenis kelamin'],
    ['199001012015010000', 'nomor urut'],
    ['000000000000000000', 'tanggal lahir'],
  ])('refuses the NIP %s, naming its %s', async (nip, part) => {
    const answer = await http()
      .post('/renewals')
      .auth(token, { type: 'bearer' })
      .send({ ...renewal, nip })
      .expect(400);
    expect(answer.body.problems).toEqual([{ field: 'nip', message: expect.stringContaining(part) }]);
  });

  it('accepts the PPPK form of the NIP', async () => {
    await http().post('/renewals').auth(token, { type: 'bearer' }).send(renewal).expect(201);
  });

  it('refuses a report of a period not begun or of an unknown agency', async () => {
    const post = (body: object) =>
      http()
        .post('/reports')
        .auth(kadis, { type: 'bearer' })
        .send({ kind: 'compliance', format: 'xlsx', ...body });
    const future = await post({ from: '2027-05-01', to: '2027-05-31' });
    expect([future.status, fields(future.body)]).toEqual([400, ['from']]);
    const unknown = await post({ from: '2026-11-01', to: '2026-11-30', agency: 'Dinas Xyz' });
    expect([unknown.status, fields(unknown.body)]).toEqual([400, ['agency']]);
    const archive = await http().get('/reports').auth(kadis, { type: 'bearer' }).expect(200);
    expect(archive.body.total).toBe(0);
  });
});
