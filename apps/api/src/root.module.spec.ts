import { JobsService } from '@mutu/jobs';
import { MailTicker } from '../../worker/src/mail/mail.ticker';
import { createTestContext } from '../../../test/support/test-app';
import { rootModule } from './root.module';

describe('npm start: the API, with the worker unless MUTU_RUN_WORKER=false', () => {
  it('runs the scheduled jobs and the mail delivery in the API process by default', async () => {
    const ctx = await createTestContext({ root: rootModule });
    try {
      expect(ctx.get(JobsService).registered().sort()).toEqual([
        'audit-checkpoint',
        'expiry-reminders',
        'monthly-report',
        'sla-watch',
        'weekly-digest',
      ]);
      expect(ctx.get(MailTicker)).toBeInstanceOf(MailTicker);
    } finally {
      await ctx.close();
    }
  });

  it('serves HTTP only with MUTU_RUN_WORKER=false, for deployments with a worker of their own', async () => {
    const ctx = await createTestContext({ root: rootModule, env: { MUTU_RUN_WORKER: 'false' } });
    try {
      // GET /jobs still reads the history; nothing registers or runs a job here.
      expect(ctx.get(JobsService).registered()).toEqual([]);
      expect(() => ctx.get(MailTicker)).toThrow();
    } finally {
      await ctx.close();
    }
  });
});
