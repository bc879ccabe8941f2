import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AuditService } from '@mutu/audit';
import { AuthService } from '@mutu/auth';
import { Clock } from '@mutu/config';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

const PASSWORD = 'kata-sandi-benar-1';
const MAX_FAILURES = 5;

describe('sign-in throttling under concurrent attempts', () => {
  let ctx: TestContext;
  /** A second API on the same database, as a second process would be. */
  let other: INestApplication;

  beforeAll(async () => {
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      env: { MUTU_LOGIN_MAX_FAILURES: String(MAX_FAILURES), MUTU_RUN_WORKER: 'false' },
    });
    const moduleRef = await Test.createTestingModule({
      imports: [ApiModule.forRoot(ctx.config, ctx.database.url)],
    })
      .overrideProvider(Clock)
      .useValue(ctx.clock)
      .compile();
    other = configureApiApp(moduleRef.createNestApplication({ logger: false }));
    await other.init();
    const auth = ctx.get(AuthService);
    for (const username of ['kadis', 'admin']) {
      await auth.createUser(
        { username, displayName: username, role: 'ADMIN', password: PASSWORD },
        { id: 'test', role: 'ADMIN' },
      );
    }
  });
  afterAll(async () => {
    await other.close();
    await ctx.close();
  });

  const failuresOf = async (username: string) =>
    (await ctx.get(AuditService).search({ entityType: 'user', entityId: username }, 1, 500)).items.filter(
      (e) => e.action === 'auth.login_failed',
    ).length;

  it.each([
    ['kadis', 20],
    ['admin', 100],
  ])(
    'evaluates exactly MUTU_LOGIN_MAX_FAILURES of %s’s %i wrong passwords sent at once to two API processes; the rest get 429',
    async (username, attempts) => {
      const servers = [ctx.app.getHttpServer(), other.getHttpServer()];
      const answers = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          request(servers[i % 2])
            .post('/auth/login')
            .send({ username, password: `salah-${i}` }),
        ),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES);
      expect(statuses.filter((s) => s === 429)).toHaveLength(attempts - MAX_FAILURES);
      expect(await failuresOf(username)).toBe(MAX_FAILURES);

      // Even the right password waits out the minute; then it works again.
      await request(servers[0]).post('/auth/login').send({ username, password: PASSWORD }).expect(429);
      ctx.clock.advance(61_000);
      await request(servers[1]).post('/auth/login').send({ username, password: PASSWORD }).expect(200);
    },
  );

  it('does not count successful sign-ins against the budget', async () => {
    ctx.clock.advance(61_000);
    const http = request(ctx.app.getHttpServer());
    for (let i = 0; i < MAX_FAILURES + 3; i++) {
      await http.post('/auth/login').send({ username: 'kadis', password: PASSWORD }).expect(200);
    }
    for (let i = 0; i < MAX_FAILURES; i++) {
      await http.post('/auth/login').send({ username: 'kadis', password: 'salah' }).expect(401);
    }
    await http.post('/auth/login').send({ username: 'kadis', password: 'salah' }).expect(429);
  });
});
