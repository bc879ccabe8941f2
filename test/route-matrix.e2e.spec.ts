import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { ACTOR_ROLES, type ActorRole } from '@mutu/domain';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

type Access = 'public' | 'any' | readonly ActorRole[];

/**
 * Who may call what. Every route the app registers must be listed here: a new route fails this
 * test until someone decides who may use it.
 */
const MATRIX: Record<string, Access> = {
  'GET /health': 'public',
  'GET /docs': 'public',
  'GET /docs/': 'public',
  'GET /docs-json': 'public',
  'GET /docs-yaml': 'public',
  'GET /docs/index.html': 'public',
  'GET /docs/swagger-ui-init.js': 'public',
  'GET /docs/docs/swagger-ui-init.js': 'public',
  'GET /docs/LICENSE': 'public',
  'GET /sops': 'public',
  'GET /sops/:code': 'public',
  'GET /sops/:code/versions': 'public',
  'GET /sops/:code/document.pdf': 'public',
  'GET /sops/:code/document.html': 'public',
  'POST /auth/login': 'public',
  'GET /auth/me': 'any',
  'POST /auth/tokens': 'any',
  'GET /auth/tokens': 'any',
  'DELETE /auth/tokens/:id': 'any',
  'POST /renewals': ['PENGGUNA', 'VERIFIKATOR'],
  'GET /renewals': 'any',
  'GET /renewals/:id': 'any',
  'POST /renewals/:id/documents-ready': ['PENGGUNA', 'VERIFIKATOR'],
  'POST /renewals/:id/submitted-to-ams': ['PENGGUNA', 'VERIFIKATOR'],
  // VERIFIKATOR only under MUTU_BSRE_VERDICT_BY=VERIFIKATOR: the state machine refuses it otherwise.
  'POST /renewals/:id/verification': ['BSRE', 'VERIFIKATOR'],
  'POST /renewals/:id/holder-informed': ['PENGGUNA', 'VERIFIKATOR'],
  'POST /renewals/:id/cancel': ['PENGGUNA', 'VERIFIKATOR', 'ADMIN'],
  'POST /renewals/:id/corrections': ['PENGGUNA', 'VERIFIKATOR', 'BSRE', 'ADMIN'],
  'POST /renewals/:id/documents': ['PENGGUNA', 'VERIFIKATOR'],
  'GET /renewals/:id/documents': 'any',
  'GET /renewals/:id/documents/:documentId/download': 'any',
  'GET /audit': ['KEPALA_DINAS', 'ADMIN'],
  'GET /audit/verify': ['KEPALA_DINAS', 'ADMIN'],
  'GET /calendar/holidays': 'any',
  'GET /reports/compliance': ['KEPALA_DINAS', 'ADMIN'],
  'POST /reports/compliance/recalculations': ['ADMIN'],
  'POST /reports': ['KEPALA_DINAS', 'ADMIN'],
  'GET /reports': ['KEPALA_DINAS', 'ADMIN'],
  'GET /reports/:id/download': ['KEPALA_DINAS', 'ADMIN'],
  'GET /jobs': ['ADMIN', 'KEPALA_DINAS'],
  'GET /outbox': ['ADMIN', 'KEPALA_DINAS'],
  'POST /outbox/:id/retry': ['ADMIN'],
  'POST /sops/definitions': ['ADMIN'],
  'GET /users': ['ADMIN'],
  'POST /users': ['ADMIN'],
  'POST /users/:username/deactivate': ['ADMIN'],
  'PUT /calendar/holidays/:date': ['ADMIN'],
  'DELETE /calendar/holidays/:date': ['ADMIN'],
  'GET /calendar/hours': 'any',
  'PUT /calendar/hours': ['ADMIN'],
  'GET /calendar/hours/overrides': 'any',
  'POST /calendar/hours/overrides': ['ADMIN'],
  'DELETE /calendar/hours/overrides/:id': ['ADMIN'],
};

/**
 * The pages, with the same rule: every page and form the app registers is listed here. Pages
 * use a session cookie and a form token instead of a bearer token; signed out, a page sends
 * the browser to the sign-in page (303), a role not listed gets 403.
 */
const PAGES: Record<string, Access> = {
  'GET /': 'public',
  'GET /masuk': 'public',
  'POST /masuk': 'public',
  'GET /setup': 'public',
  'POST /setup': 'public',
  'GET /bahasa': 'public',
  'GET /aset/mutu.css': 'public',
  'GET /aset/mutu.js': 'public',
  'POST /keluar': 'any',
  'GET /akun': 'any',
  'POST /akun/kata-sandi': 'any',
  'GET /permohonan': ['PENGGUNA'],
  'GET /permohonan/baru': ['PENGGUNA', 'VERIFIKATOR'],
  'POST /permohonan': ['PENGGUNA', 'VERIFIKATOR'],
  'GET /permohonan/:id': 'any',
  'POST /permohonan/:id/dokumen': ['PENGGUNA', 'VERIFIKATOR'],
  'GET /permohonan/:id/dokumen/:documentId': 'any',
  'POST /permohonan/:id/dokumen-siap': ['PENGGUNA', 'VERIFIKATOR'],
  'POST /permohonan/:id/diajukan': ['PENGGUNA', 'VERIFIKATOR'],
  // VERIFIKATOR only under MUTU_BSRE_VERDICT_BY=VERIFIKATOR, as in the API.
  'POST /permohonan/:id/verifikasi': ['BSRE', 'VERIFIKATOR'],
  'POST /permohonan/:id/diberitahukan': ['PENGGUNA', 'VERIFIKATOR'],
  'POST /permohonan/:id/batal': ['PENGGUNA', 'VERIFIKATOR', 'ADMIN'],
  'GET /antrian': ['VERIFIKATOR'],
  'GET /bsre': ['BSRE'],
  'GET /dasbor': ['KEPALA_DINAS', 'ADMIN'],
  'GET /laporan': ['KEPALA_DINAS', 'ADMIN'],
  'POST /laporan': ['KEPALA_DINAS', 'ADMIN'],
  'GET /laporan/:id/unduh': ['KEPALA_DINAS', 'ADMIN'],
  'GET /dokumen-sop': 'any',
  'GET /admin/pengguna': ['ADMIN'],
  'POST /admin/pengguna': ['ADMIN'],
  'POST /admin/pengguna/:username/nonaktif': ['ADMIN'],
  'POST /admin/pengguna/:username/kata-sandi': ['ADMIN'],
  'GET /admin/kalender': ['ADMIN'],
  'POST /admin/kalender': ['ADMIN'],
  'POST /admin/kalender/:date/hapus': ['ADMIN'],
  'GET /admin/jam-kerja': ['ADMIN'],
  'POST /admin/jam-kerja': ['ADMIN'],
  'POST /admin/jam-kerja/khusus': ['ADMIN'],
  'POST /admin/jam-kerja/khusus/:id/hapus': ['ADMIN'],
  'GET /admin/sop': ['ADMIN'],
  'POST /admin/sop': ['ADMIN'],
  'GET /admin/tugas': ['ADMIN'],
  'GET /admin/surel': ['ADMIN'],
  'POST /admin/surel/:id/kirim-ulang': ['ADMIN'],
};

const PARAMS: Record<string, string> = {
  code: 'pembaruan-sertifikat-elektronik',
  id: '00000000-0000-4000-8000-000000000000',
  documentId: '00000000-0000-4000-8000-000000000001',
  date: '2031-01-02',
  username: 'tidak-ada',
};

/** Every route the HTTP server answers, read from the router Nest registered them in. */
function registeredRoutes(ctx: TestContext): string[] {
  const express = ctx.app.getHttpAdapter().getInstance();
  const stack: { route?: { path: string; methods: Record<string, boolean> } }[] = express.router.stack;
  // Wildcard entries are Nest's middleware mounts, which answer nothing of their own.
  return stack.flatMap(({ route }) =>
    route && !route.path.includes('*')
      ? Object.keys(route.methods).map((m) => `${m.toUpperCase()} ${route.path}`)
      : [],
  );
}

/** The cookie a response sets, as `name=value`. */
function cookieFrom(response: request.Response, name: string): string {
  const set = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const found = set.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(set)}`);
  return found.split(';')[0];
}

const formToken = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** Signs a browser in through the sign-in form: its session cookie and form token. */
async function signInPage(ctx: TestContext, username: string): Promise<{ cookie: string; csrf: string }> {
  const http = request(ctx.app.getHttpServer());
  const form = await http.get('/masuk');
  const anonymous = cookieFrom(form, 'mutu_form');
  const signedIn = await http
    .post('/masuk')
    .set('Cookie', anonymous)
    .type('form')
    .send({ _csrf: formToken(form.text), username, password: 'kata-sandi-matriks-1' });
  const cookie = cookieFrom(signedIn, 'mutu_sesi');
  const account = await http.get('/akun').set('Cookie', cookie);
  return { cookie, csrf: formToken(account.text) };
}

async function anonymousForm(ctx: TestContext): Promise<{ cookie: string; csrf: string }> {
  const form = await request(ctx.app.getHttpServer()).get('/masuk');
  return { cookie: cookieFrom(form, 'mutu_form'), csrf: formToken(form.text) };
}

describe('who may call which route', () => {
  let ctx: TestContext;
  const tokens: Partial<Record<ActorRole, string>> = {};
  const sessions: Partial<Record<ActorRole, { cookie: string; csrf: string }>> = {};

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    const auth = ctx.get(AuthService);
    const http = request(ctx.app.getHttpServer());
    for (const role of ACTOR_ROLES) {
      const username = `matrix.${role.toLowerCase()}`;
      await auth.createUser(
        {
          username,
          displayName: role,
          role,
          password: 'kata-sandi-matriks-1',
          holderNip: role === 'PENGGUNA' ? '198701012010011001' : null,
          agencies: role === 'VERIFIKATOR' ? ['Dinas Kesehatan'] : [],
        },
        { id: 'test', role: 'ADMIN' },
      );
      tokens[role] = (
        await http.post('/auth/login').send({ username, password: 'kata-sandi-matriks-1' })
      ).body.accessToken;
      sessions[role] = await signInPage(ctx, username);
    }
  });
  afterAll(() => ctx.close());

  it('lists every registered route, and nothing that is not registered', () => {
    expect(registeredRoutes(ctx).sort()).toEqual([...Object.keys(MATRIX), ...Object.keys(PAGES)].sort());
  });

  const pageCases = Object.entries(PAGES).flatMap(([route, access]) =>
    [...ACTOR_ROLES, 'ANONIM' as const].map((who) => [route, who, access] as const),
  );

  it.each(pageCases)('page %s as %s', async (route, who, access) => {
    const [method, pattern] = route.split(' ');
    const path = pattern.replace(/:(\w+)/g, (_, name: string) => PARAMS[name]);
    // Signing out ends a session: that case gets one of its own. Anonymous forms carry the
    // form token of the visitor's cookie.
    const session =
      who === 'ANONIM'
        ? await anonymousForm(ctx)
        : route === 'POST /keluar'
          ? await signInPage(ctx, `matrix.${who.toLowerCase()}`)
          : sessions[who]!;
    let call = request(ctx.app.getHttpServer())[method.toLowerCase() as 'get'](path);
    call = call.set('Cookie', session.cookie);
    const { status, headers } =
      method === 'POST' ? await call.type('form').send({ _csrf: session.csrf }) : await call;

    const toSignIn = status === 303 && String(headers.location).startsWith('/masuk?kembali=');
    if (access === 'public') expect([401, 403]).not.toContain(status);
    else if (who === 'ANONIM') expect(toSignIn).toBe(true);
    else if (access === 'any' || access.includes(who)) {
      expect([401, 403]).not.toContain(status);
      expect(toSignIn).toBe(false);
    } else expect(status).toBe(403);
  });

  const cases = Object.entries(MATRIX).flatMap(([route, access]) =>
    [...ACTOR_ROLES, 'ANONIM' as const].map((who) => [route, who, access] as const),
  );

  it.each(cases)('%s as %s', async (route, who, access) => {
    const [method, pattern] = route.split(' ');
    const path = pattern.replace(/:(\w+)/g, (_, name: string) => PARAMS[name]);
    let call = request(ctx.app.getHttpServer())[method.toLowerCase() as 'get'](path);
    if (who !== 'ANONIM') call = call.set('Authorization', `Bearer ${tokens[who]}`);
    const { status } = await call.send({});

    const allowed = access === 'public' || (who !== 'ANONIM' && (access === 'any' || access.includes(who)));
    if (allowed) expect([401, 403]).not.toContain(status);
    else expect(status).toBe(who === 'ANONIM' ? 401 : 403);
  });
});
