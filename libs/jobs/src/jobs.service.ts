import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { type ClaimedRun, JobRunRepository, TransactionRunner } from '@mutu/db';
import {
  type CatchUp,
  dueScheduledTimes,
  type JobRunStatus,
  nextAttemptAt,
  officeIso,
  readPage,
} from '@mutu/domain';

export interface JobDefinition {
  /** Stable name: the runs recorded under it decide what is still due. */
  readonly name: string;
  /** Read in MUTU_TIME_ZONE (WIB). */
  readonly cron: string;
  readonly catchUp: CatchUp;
  /** Runs one scheduled time; a throw is recorded and retried with backoff. */
  readonly handler: (scheduledAt: Date) => Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * Scheduled jobs run exactly once per scheduled time across every process: a tick claims each
 * due time by inserting its `job_run` row, and only the process whose insert wins runs it.
 */
@Injectable()
export class JobsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly jobs = new Map<string, JobDefinition>();
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly runs: JobRunRepository,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`Tugas terjadwal "${job.name}" sudah terdaftar`);
    this.jobs.set(job.name, job);
  }

  registered(): string[] {
    return [...this.jobs.keys()];
  }

  /** Claims and runs what is due now; a tick still at work makes the next one a no-op. */
  tick(): Promise<void> {
    this.ticking ??= this.runDue().finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** Lets a run in progress finish and record itself before the database connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.ticking;
  }

  history(filter: { job?: string; status?: JobRunStatus }, page: number, pageSize: number) {
    const wib = (instant: Date | null | undefined) =>
      instant ? officeIso(instant, this.config.timeZone) : null;
    return this.tx.read(() =>
      readPage(
        page,
        pageSize,
        (window) => this.runs.search(filter, window),
        (run) => ({
          id: run.id,
          job: run.job,
          status: run.status,
          attempt: run.attempt,
          scheduledAt: run.scheduledAt.toISOString(),
          scheduledAtWib: wib(run.scheduledAt),
          startedAt: run.startedAt.toISOString(),
          startedAtWib: wib(run.startedAt),
          finishedAt: run.finishedAt?.toISOString() ?? null,
          finishedAtWib: wib(run.finishedAt),
          durationMs: run.durationMs ?? null,
          error: run.error ?? null,
          nextAttemptAt: run.nextAttemptAt?.toISOString() ?? null,
          nextAttemptAtWib: wib(run.nextAttemptAt),
        }),
      ),
    );
  }

  private async runDue(): Promise<void> {
    const lookBackMs = this.config.jobs.catchUpHours * HOUR_MS;
    for (const job of this.jobs.values()) {
      const now = this.clock.now();
      const latest = await this.tx.read(() =>
        this.runs.latestScheduledSince(job.name, new Date(now.getTime() - lookBackMs)),
      );
      const recorded = latest ? [latest] : [];
      const schedule = { cron: job.cron, timeZone: this.config.timeZone };
      for (const scheduledAt of dueScheduledTimes(schedule, now, lookBackMs, recorded, job.catchUp)) {
        const run = await this.tx.run(() => this.runs.claim(job.name, scheduledAt, this.clock.now()));
        if (run) await this.execute(job, run);
      }
    }
    await this.releaseAbandoned();
    const retries = await this.tx.run(() => this.runs.claimRetries(this.registered(), this.clock.now()));
    for (const run of retries) await this.execute(this.jobs.get(run.job)!, run);
  }

  private async releaseAbandoned(): Promise<void> {
    const now = this.clock.now();
    const { staleMinutes, maxAttempts } = this.config.jobs;
    const released = await this.tx.run(() =>
      this.runs.releaseAbandoned(
        this.registered(),
        new Date(now.getTime() - staleMinutes * 60_000),
        now,
        maxAttempts,
      ),
    );
    for (const run of released) {
      this.logger.warn(
        `Tugas ${run.job} (${run.scheduledAt.toISOString()}) ditinggalkan proses yang berhenti; ${
          run.status === 'retrying' ? 'dicoba lagi' : 'percobaan habis, dinyatakan gagal'
        }`,
      );
    }
  }

  private async execute(job: JobDefinition, run: ClaimedRun): Promise<void> {
    let error: string | null = null;
    try {
      await job.handler(run.scheduledAt);
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
      this.logger.error(
        `Tugas ${job.name} (${run.scheduledAt.toISOString()}) gagal, percobaan ${run.attempt}`,
        thrown,
      );
    }
    const finishedAt = this.clock.now();
    const retryAt =
      error === null ? null : nextAttemptAt(finishedAt, run.attempt, this.config.jobs.maxAttempts);
    const status = error === null ? 'succeeded' : retryAt ? 'retrying' : 'failed';
    await this.tx.run(() => this.runs.finish(run, { status, finishedAt, error, nextAttemptAt: retryAt }));
  }
}
