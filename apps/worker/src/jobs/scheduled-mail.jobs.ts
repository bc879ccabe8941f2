import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import type { CatchUp } from '@mutu/domain';
import { JobsService } from '@mutu/jobs';
import { SchedulesService } from '@mutu/schedules';

/**
 * The scheduled mail's cron entry points. A monthly report or digest missed while the server was
 * down is still owed (each missed time runs); the SLA watch and expiry reminders look at the
 * present, so after downtime only their newest time runs.
 */
@Injectable()
export class ScheduledMailJobs implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly schedules: SchedulesService,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  onModuleInit(): void {
    const { monthlyReportCron, weeklyDigestCron, slaWatchCron, expiryRemindersCron } = this.config.jobs;
    const entries: [string, string | null, CatchUp, (scheduledAt: Date) => Promise<unknown>][] = [
      ['monthly-report', monthlyReportCron, 'each', (at) => this.schedules.sendMonthlyReport(at)],
      ['weekly-digest', weeklyDigestCron, 'each', (at) => this.schedules.sendWeeklyDigest(at)],
      ['sla-watch', slaWatchCron, 'latest', () => this.schedules.watchSla()],
      ['expiry-reminders', expiryRemindersCron, 'latest', (at) => this.schedules.remindExpiries(at)],
    ];
    for (const [name, cron, catchUp, run] of entries) {
      if (cron) this.jobs.register({ name, cron, catchUp, handler: async (at) => void (await run(at)) });
    }
  }
}
