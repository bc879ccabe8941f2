import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { JobsService } from '@mutu/jobs';

/**
 * The worker's only timer. Which job is due, and who runs it, is decided by JobsService against
 * the database, so cron expressions live in one place and several workers never double up.
 */
@Injectable()
export class JobsTicker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly jobs: JobsService) {}

  /** At start: runs missed while the process was down are caught up now, not at the next tick. */
  onApplicationBootstrap(): void {
    void this.tick();
  }

  @Interval('jobs-tick', 30_000)
  async tick(): Promise<void> {
    try {
      await this.jobs.tick();
    } catch (error) {
      this.logger.error('Putaran tugas terjadwal gagal; dicoba lagi pada putaran berikutnya', error);
    }
  }
}
