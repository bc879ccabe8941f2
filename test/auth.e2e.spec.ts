import request from 'supertest';
import { AuditService } from '@mutu/audit';
import { AuthService } from '@mutu/auth';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const PASSWORD = 'kata-sandi-benar-1';

async function contextWithUsers(env: Record<string, string> = {}) {
  const ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp, env });
  const auth = ctx.get(AuthService);
  const by = { id: 'test', role: 'ADMIN' };
  await auth.createUser(
    { username: 'kadis', displayName: 'Kadis', role: 'KEPALA_DINAS', password: PASSWORD },
    by,
  );
  await auth.createUser(
    { username: 'bsre.satu', displayName: 'BSrE 1', role: 'BSRE', password: PASSWORD },
    by,
  );
  await auth.createUser({ username: 'admin', displayName: 'Admin', role: 'ADMIN', password: PASSWORD }, by);
  return ctx;
}

describe('signing in, tokens and HTTP hardening', () => {
  let ctx: TestContext;
  let http: ReturnType<typeof request>;
  const login = (username: string, password = PASSWORD) =>
    http.post('/auth/login').send({ username, password });

  beforeAll(async () => {
    ctx = await contextWithUsers();
    http = request(ctx.app.getHttpServer());
  });
  afterAll(() => ctx.close());

  it('throttles an account after 5 failures a minute from one address, with 429, and audits every attempt', async () => {
    for (let i = 0; i < 5; i++) await login('kadis', 'salah').expect(401);
    const blocked = await login('kadis').expect(429);
    expect(blocked.body.message).toMatch(/Terlalu banyak percobaan/);
    await login('bsre.satu').expect(200); // another account is not affected

    ctx.clock.advance(61_000);
    await login('kadis').expect(200);

    const actions = (
      await ctx.get(AuditService).search({ entityType: 'user', entityId: 'kadis' }, 1, 50)
    ).items.map((e) => e.action);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.login_throttled');
    expect(actions.at(-1)).toBe('auth.login');
  });

  it('issues an integration token shown once, which acts as its owner until revoked', async () => {
    const bsre = (await login('bsre.satu').expect(200)).body.accessToken;
    const issued = await http
      .post('/auth/tokens')
      .set('Authorization', `Bearer ${bsre}`)
      .send({ name: 'Integrasi AMS' })
      .expect(201);
    expect(issued.body.token).toMatch(/^mutu_[\w-]{40,}$/);
    expect(issued.body.prefix).toBe(issued.body.token.slice(0, 12));

    const me = await http.get('/auth/me').set('Authorization', `Bearer ${issued.body.token}`).expect(200);
    expect(me.body).toMatchObject({ username: 'bsre.satu', role: 'BSRE' });
    const listed = await http.get('/auth/tokens').set('Authorization', `Bearer ${bsre}`).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ id: issued.body.id, name: 'Integrasi AMS', revokedAt: null }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(issued.body.token);

    const kadis = (await login('kadis').expect(200)).body.accessToken;
    await http.delete(`/auth/tokens/${issued.body.id}`).set('Authorization', `Bearer ${kadis}`).expect(404);
    await http.delete(`/auth/tokens/${issued.body.id}`).set('Authorization', `Bearer ${bsre}`).expect(200);
    await http.get('/auth/me').set('Authorization', `Bearer ${issued.body.token}`).expect(401);
    await http.get('/auth/me').set('Authorization', 'Bearer mutu_palsu').expect(401);

    const events = await ctx.get(AuditService).history('api_token', issued.body.id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ['token.issued', 'bsre.satu'],
      ['token.revoked', 'bsre.satu'],
    ]);
    expect(JSON.stringify(events)).not.toContain(issued.body.token);
  });

  it('lets an admin revoke anyone’s token', async () => {
    const bsre = (await login('bsre.satu').expect(200)).body.accessToken;
    const admin = (await login('admin').expect(200)).body.accessToken;
    const issued = await http
      .post('/auth/tokens')
      .set('Authorization', `Bearer ${bsre}`)
      .send({ name: 'x' })
      .expect(201);
    await http.delete(`/auth/tokens/${issued.body.id}`).set('Authorization', `Bearer ${admin}`).expect(200);
    await http.get('/auth/me').set('Authorization', `Bearer ${issued.body.token}`).expect(401);
  });

  it('sends helmet security headers and, by default, no CORS permission', async () => {
    const res = await http.get('/health').set('Origin', 'https://elsewhere.example').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the configured browser origins only', async () => {
    const cors = await contextWithUsers({ MUTU_CORS_ORIGINS: 'https://mutu.merantikab.go.id' });
    try {
      const http2 = request(cors.app.getHttpServer());
      const ok = await http2
        .options('/renewals')
        .set('Origin', 'https://mutu.merantikab.go.id')
        .set('Access-Control-Request-Method', 'POST');
      expect(ok.headers['access-control-allow-origin']).toBe('https://mutu.merantikab.go.id');
      const other = await http2.get('/health').set('Origin', 'https://elsewhere.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await cors.close();
    }
  });
});
