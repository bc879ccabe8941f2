import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from '@mutu/audit';
import { JobsModule } from '@mutu/jobs';
import { NotificationsModule } from '@mutu/notifications';
import { SchedulesModule } from '@mutu/schedules';
import { AuditCheckpointJob } from './jobs/audit-checkpoint.job';
import { JobsTicker } from './jobs/jobs.ticker';
import { ScheduledMailJobs } from './jobs/scheduled-mail.jobs';
import { MailTicker } from './mail/mail.ticker';

/**
 * The scheduled jobs without any infrastructure of their own: they use the global config,
 * database and logger of whichever root imports them (the worker alone, or the API in `npm start`).
 */
@Module({
  imports: [ScheduleModule.forRoot(), JobsModule, AuditModule, NotificationsModule, SchedulesModule],
  providers: [JobsTicker, AuditCheckpointJob, ScheduledMailJobs, MailTicker],
})
export class WorkerJobsModule {}
