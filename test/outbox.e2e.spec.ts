import request from 'supertest';
import { AuthService } from '@mutu/auth';
import { TransactionRunner } from '@mutu/db';
import { NotificationsService } from '@mutu/notifications';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { SmtpSink } from './support/smtp-sink';
import { createTestContext, type TestContext } from './support/test-app';
import { RENEWED_MAIL_MODEL } from './support/mail-fixtures';

const PASSWORD = 'kata-sandi-outbox-01';

describe('the outbox over HTTP', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let http: ReturnType<typeof request>;
  const tokens: Record<string, string> = {};
  let failedId: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await createTestContext({
      root: ApiModule.forRoot,
      configure: configureApiApp,
      now: '2026-12-01T00:00:00Z',
      env: { SMTP_URL: sink.url },
    });
    http = request(ctx.app.getHttpServer());
    for (const [username, role] of [
      ['admin', 'ADMIN'],
      ['kadis', 'KEPALA_DINAS'],
    ] as const) {
      await ctx
        .get(AuthService)
        .createUser(
          { username, displayName: username, role, password: PASSWORD },
          { id: 'cli', role: 'ADMIN' },
        );
      tokens[username] = (
        await http.post('/auth/login').send({ username, password: PASSWORD })
      ).body.accessToken;
    }
    const notifications = ctx.get(NotificationsService);
    const queue = (to: string) =>
      ctx.get(TransactionRunner).run(() =>
        notifications.enqueue({
          template: 'certificate-renewed',
          to: [to],
          model: RENEWED_MAIL_MODEL,
        }),
      );
    await queue('siti@merantikab.go.id');
    await notifications.deliverDue();
    sink.refuse(550, 'No such user here');
    ctx.clock.advance(60_000);
    failedId = (await queue('salah-ketik@merantikab.go.id'))!;
    await notifications.deliverDue();
    sink.accept();
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const as = (who: string) => ({
    get: (path: string) => http.get(path).set('Authorization', `Bearer ${tokens[who]}`),
    post: (path: string) => http.post(path).set('Authorization', `Bearer ${tokens[who]}`),
  });

  it('lists messages newest first with status, attempts, error and times in UTC and WIB', async () => {
    const { body } = await as('kadis').get('/outbox').expect(200);
    expect(body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
    expect(body.items).toMatchObject([
      {
        id: failedId,
        to: ['salah-ketik@merantikab.go.id'],
        status: 'failed',
        attempts: 1,
        lastError: expect.stringContaining('550'),
        createdAt: { utc: '2026-12-01T00:01:00.000Z', local: '2026-12-01T07:01:00+07:00' },
        sentAt: null,
      },
      {
        to: ['siti@merantikab.go.id'],
        subject: 'Sertifikat elektronik Anda telah diperbarui — berlaku s.d. 27 November 2028',
        status: 'sent',
        transport: 'smtp',
        sentAt: { utc: '2026-12-01T00:00:00.000Z', local: '2026-12-01T07:00:00+07:00' },
      },
    ]);
    expect(body.items[0]).not.toHaveProperty('html');

    const failed = await as('kadis').get('/outbox?status=failed&pageSize=1').expect(200);
    expect(failed.body).toMatchObject({ total: 1, pageSize: 1, items: [{ id: failedId }] });
    const bad = await as('kadis').get('/outbox?status=terkirim').expect(400);
    expect(JSON.stringify(bad.body)).toContain('status');
  });

  it('lets an admin put a failed message back in the queue, once', async () => {
    await as('kadis').post(`/outbox/${failedId}/retry`).expect(403);
    await as('admin').post('/outbox/bukan-uuid/retry').expect(400);
    await as('admin').post('/outbox/00000000-0000-4000-8000-000000000000/retry').expect(404);

    const { body } = await as('admin').post(`/outbox/${failedId}/retry`).expect(200);
    expect(body).toMatchObject({
      id: failedId,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: { utc: '2026-12-01T00:01:00.000Z', local: '2026-12-01T07:01:00+07:00' },
    });
    await as('admin').post(`/outbox/${failedId}/retry`).expect(409);

    expect(await ctx.get(NotificationsService).deliverDue()).toEqual({
      sent: 1,
      retrying: 0,
      failed: 0,
      cancelled: 0,
    });
    expect(sink.received.map((m) => m.recipients)).toEqual([
      ['siti@merantikab.go.id'],
      ['salah-ketik@merantikab.go.id'],
    ]);
    const audit = await as('admin').get(`/audit?entityId=${failedId}`).expect(200);
    expect(audit.body.items).toMatchObject([{ action: 'outbox.retried', actorId: 'admin' }]);
  });
});
