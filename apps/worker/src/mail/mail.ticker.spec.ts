import { readdirSync } from 'node:fs';
import { Module } from '@nestjs/common';
import { TransactionRunner } from '@mutu/db';
import { NotificationsModule, NotificationsService } from '@mutu/notifications';
import { createTestContext, type TestContext } from '../../../../test/support/test-app';
import { MailTicker } from './mail.ticker';
import { RENEWED_MAIL_MODEL } from '../../../../test/support/mail-fixtures';

@Module({ imports: [NotificationsModule], providers: [MailTicker] })
class MailTickerModule {}

describe('MailTicker', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ imports: [MailTickerModule] });
  });
  afterAll(() => ctx.close());

  it('delivers what is queued, one round at a time however often it ticks', async () => {
    const notifications = ctx.get(NotificationsService);
    await ctx.get(TransactionRunner).run(() =>
      notifications.enqueue({
        template: 'certificate-renewed',
        to: ['siti@merantikab.go.id'],
        model: RENEWED_MAIL_MODEL,
      }),
    );
    const ticker = ctx.get(MailTicker);
    const rounds = [ticker.tick(), ticker.tick()];
    expect(rounds[0]).toBe(rounds[1]);
    await Promise.all(rounds);
    expect(readdirSync(ctx.config.mail.outboxDir)).toHaveLength(1);
    expect((await notifications.list({ status: 'sent' }, 1, 10)).total).toBe(1);
  });
});
