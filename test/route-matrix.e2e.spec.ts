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
  'POST /renewals/:id/verification': ['BSRE'],
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

describe('who may call which route', () => {
  let ctx: TestContext;
  const tokens: Partial<Record<ActorRole, string>> = {};

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
    }
  });
  afterAll(() => ctx.close());

  it('lists every registered route, and nothing that is not registered', () => {
    expect(registeredRoutes(ctx).sort()).toEqual(Object.keys(MATRIX).sort());
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
