import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { createTestContext, type TestContext } from '../../../../test/support/test-app';
import { configureApiApp } from '../api.app';
import { ApiModule } from '../api.module';

describe('GET /reports/compliance', () => {
  let ctx: TestContext;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    const password = 'kata-sandi-kadis-1';
    await ctx.get(AuthService).createUser({ username: 'kadis', displayName: 'Kadis', role: 'KEPALA_DINAS', password }, { id: 't', role: 'ADMIN' });
    token = (await request(ctx.app.getHttpServer()).post('/auth/login').send({ username: 'kadis', password })).body.accessToken;
  });
  afterAll(() => ctx.close());

  it('answers the figures for a period, and 400 naming the field for a bad one', async () => {
    const http = request(ctx.app.getHttpServer());
    const ok = await http.get('/reports/compliance?from=2026-11-01&to=2026-11-30').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.body).toMatchObject({
      period: { from: '2026-11-01', to: '2026-11-30', timeZone: 'Asia/Jakarta' },
      renewals: { opened: 0 },
      heldByPerformer: [{ role: 'PENGGUNA' }, { role: 'VERIFIKATOR' }, { role: 'BSRE' }],
    });
    const bad = await http.get('/reports/compliance?from=2026-11-31&to=x').set('Authorization', `Bearer ${token}`).expect(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['from', 'to']);
    const reversed = await http.get('/reports/compliance?from=2026-11-30&to=2026-11-01').set('Authorization', `Bearer ${token}`).expect(400);
    expect(reversed.body.problems).toEqual([{ field: 'to', message: 'tidak boleh sebelum from' }]);
  });

  it('computes only the breakdowns asked for with include, all by default, and 400 naming include for others', async () => {
    const http = request(ctx.app.getHttpServer());
    const get = (query: string) =>
      http.get(`/reports/compliance?from=2026-11-01&to=2026-11-30${query}`).set('Authorization', `Bearer ${token}`);
    const keys = (body: object) =>
      ['agencies', 'months', 'heldByPerformer', 'worstCases'].filter((k) => k in body);
    expect(keys((await get('').expect(200)).body)).toEqual(['agencies', 'months', 'heldByPerformer', 'worstCases']);
    expect(keys((await get('&include=agencies,worstCases').expect(200)).body)).toEqual(['agencies', 'worstCases']);
    expect(keys((await get('&include=months&include=heldByPerformer').expect(200)).body)).toEqual(['months', 'heldByPerformer']);
    const headline = (await get('&include=').expect(200)).body;
    expect(keys(headline)).toEqual([]);
    expect(headline).toMatchObject({ renewals: { opened: 0 }, steps: [] });
    const bad = await get('&include=agencies,everything').expect(400);
    expect(bad.body.problems).toEqual([{ field: 'include', message: 'include hanya boleh agencies, months, heldByPerformer, worstCases' }]);
  });
});
