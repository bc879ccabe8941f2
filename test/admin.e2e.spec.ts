import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditService } from '@mutu/audit';
import { AuthService } from '@mutu/auth';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const PASSWORD = 'kata-sandi-admin-01';

describe('administration over HTTP', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  let admin: string;

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    http = request(ctx.app.getHttpServer());
    await ctx
      .get(AuthService)
      .createUser(
        { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: PASSWORD },
        { id: 'cli', role: 'ADMIN' },
      );
    admin = (await http.post('/auth/login').send({ username: 'admin', password: PASSWORD })).body.accessToken;
  });
  afterAll(() => ctx.close());

  it('creates, lists and deactivates accounts; a deactivated account stops at once', async () => {
    const created = await http
      .post('/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'bsre.dua', displayName: 'BSrE 2', role: 'BSRE', password: 'kata-sandi-bsre-02' })
      .expect(201);
    expect(created.body).toMatchObject({ username: 'bsre.dua', role: 'BSRE', active: true });
    expect(JSON.stringify(created.body)).not.toContain('kata-sandi');
    const token = (
      await http
        .post('/auth/login')
        .send({ username: 'bsre.dua', password: 'kata-sandi-bsre-02' })
        .expect(200)
    ).body.accessToken;

    const listed = await http.get('/users').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(listed.body.map((u: { username: string }) => u.username)).toEqual(['admin', 'bsre.dua']);

    await http.post('/users/bsre.dua/deactivate').set('Authorization', `Bearer ${admin}`).expect(200);
    await http.get('/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await http.post('/auth/login').send({ username: 'bsre.dua', password: 'kata-sandi-bsre-02' }).expect(401);
    await http.post('/users/admin/deactivate').set('Authorization', `Bearer ${admin}`).expect(409);
    await http.post('/users/tidak-ada/deactivate').set('Authorization', `Bearer ${admin}`).expect(404);

    const bad = await http
      .post('/users')
      .set('Authorization', `Bearer ${admin}`)
      .send({ username: 'X', displayName: 'x', role: 'RAJA', password: 'p' })
      .expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(
      expect.arrayContaining(['username', 'role']),
    );

    const actions = (await ctx.get(AuditService).history('user', 'bsre.dua')).map((e) => [
      e.action,
      e.actorId,
    ]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['user.created', 'admin'],
        ['user.deactivated', 'admin'],
      ]),
    );
  });

  it('loads an SOP revision over HTTP, and names the problems of a bad one', async () => {
    const definition = JSON.parse(
      readFileSync(join(SOP_DEFINITIONS_DIR, 'pembaruan-sertifikat-elektronik.v1.json'), 'utf8'),
    );
    definition.identity.revisedOn = '2027-01-02';
    definition.identity.effectiveOn = '2027-01-02';
    const loaded = await http
      .post('/sops/definitions')
      .set('Authorization', `Bearer ${admin}`)
      .send(definition)
      .expect(201);
    expect(loaded.body).toMatchObject({
      created: true,
      version: { version: 2, loadedBy: 'user:admin', effectiveOn: '2027-01-02' },
    });
    const again = await http
      .post('/sops/definitions')
      .set('Authorization', `Bearer ${admin}`)
      .send(definition)
      .expect(201);
    expect(again.body.created).toBe(false);

    definition.steps[2].branches[0].goto = 9;
    const bad = await http
      .post('/sops/definitions')
      .set('Authorization', `Bearer ${admin}`)
      .send(definition)
      .expect(400);
    expect(bad.body.problems).toEqual([
      { field: 'steps[2].branches[0].goto', message: 'langkah 9 tidak ada' },
    ]);
  });

  it('sets opening hours and a Ramadan period over HTTP, naming the field of a bad one', async () => {
    const auth = { Authorization: `Bearer ${admin}` };
    const usual = (await http.get('/calendar/hours').set(auth).expect(200)).body;
    expect(usual.fri).toEqual({ opens: '07:30', closes: '16:30' });

    const bad = await http
      .put('/calendar/hours')
      .set(auth)
      .send({ ...usual, fri: { opens: '07:30', closes: '25:00' } })
      .expect(400);
    expect(bad.body.problems).toEqual([{ field: 'weekly.fri.closes', message: expect.any(String) }]);
    await http
      .put('/calendar/hours')
      .set(auth)
      .send({ ...usual, fri: { opens: '07:30', closes: '17:00' } })
      .expect(200);
    expect((await http.get('/calendar/hours').set(auth)).body.fri).toEqual({
      opens: '07:30',
      closes: '17:00',
    });

    const ramadan = { opens: '08:00', closes: '15:00' };
    const period = {
      from: '2027-02-08',
      to: '2027-03-09',
      name: 'Ramadan 1448 H',
      hours: { mon: ramadan, tue: ramadan, wed: ramadan, thu: ramadan, fri: ramadan },
    };
    const added = await http.post('/calendar/hours/overrides').set(auth).send(period).expect(201);
    expect(added.body).toEqual({ id: expect.any(String), ...period });
    await http.post('/calendar/hours/overrides').set(auth).send(period).expect(400);
    expect((await http.get('/calendar/hours/overrides').set(auth)).body).toEqual([added.body]);
    await http.delete(`/calendar/hours/overrides/${added.body.id}`).set(auth).expect(204);
    await http.delete(`/calendar/hours/overrides/${added.body.id}`).set(auth).expect(404);
  });
});
