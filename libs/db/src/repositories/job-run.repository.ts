import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { JobRunStatus } from '@mutu/domain';
import { JobRun } from '../entities/job-run.entity';

/** A run this process claimed and now executes. */
export interface ClaimedRun {
  readonly id: string;
  readonly job: string;
  readonly scheduledAt: Date;
  readonly attempt: number;
  readonly startedAt: Date;
}

export interface RunOutcome {
  readonly status: Exclude<JobRunStatus, 'running'>;
  readonly finishedAt: Date;
  readonly error: string | null;
  readonly nextAttemptAt: Date | null;
}

@Injectable()
export class JobRunRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The newest scheduled time of a job recorded since a moment (exclusive), whatever its status:
   * times are claimed oldest first, so it is all a tick needs (the unique index answers it).
   */
  async latestScheduledSince(job: string, since: Date): Promise<Date | null> {
    const [row] = await this.em.execute<{ latest: Date | null }[]>(
      'SELECT max(scheduled_at) AS latest FROM job_run WHERE job = ? AND scheduled_at > ?',
      [job, since],
    );
    return row.latest ? new Date(row.latest) : null;
  }

  /** Claims a scheduled time for this process; null when another process (or tick) already has it. */
  async claim(job: string, scheduledAt: Date, now: Date): Promise<ClaimedRun | null> {
    const rows = await this.em.execute<{ id: string }[]>(
      `INSERT INTO job_run (id, job, scheduled_at, status, attempt, started_at)
       VALUES (gen_random_uuid(), ?, ?, 'running', 1, ?)
       ON CONFLICT (job, scheduled_at) DO NOTHING RETURNING id`,
      [job, scheduledAt, now],
    );
    return rows.length ? { id: rows[0].id, job, scheduledAt, attempt: 1, startedAt: now } : null;
  }

  /**
   * Runs of these jobs still `running` though started before `staleBefore`: their process died
   * mid-run. Each is set to be retried now, or failed when its attempts are used up.
   */
  async releaseAbandoned(
    jobs: readonly string[],
    staleBefore: Date,
    now: Date,
    maxAttempts: number,
  ): Promise<{ job: string; scheduledAt: Date; status: 'retrying' | 'failed' }[]> {
    if (!jobs.length) return [];
    const rows = await this.em.execute<{ job: string; scheduled_at: Date; status: 'retrying' | 'failed' }[]>(
      `UPDATE job_run
          SET status = CASE WHEN attempt >= ? THEN 'failed' ELSE 'retrying' END,
              next_attempt_at = CASE WHEN attempt >= ? THEN NULL ELSE ?::timestamptz END,
              finished_at = ?, duration_ms = NULL,
              error = 'Proses berhenti saat tugas ini berjalan (tidak selesai sejak ' || to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI"Z"') || ')'
        WHERE status = 'running' AND started_at < ? AND job IN (?)
        RETURNING job, scheduled_at, status`,
      [maxAttempts, maxAttempts, now, now, staleBefore, [...jobs]],
    );
    return rows.map((r) => ({ job: r.job, scheduledAt: new Date(r.scheduled_at), status: r.status }));
  }

  /**
   * Claims the runs of these jobs whose retry is due. The status test in the UPDATE is re-checked
   * after a concurrent writer commits, so of two processes only one gets each run.
   */
  async claimRetries(jobs: readonly string[], now: Date): Promise<ClaimedRun[]> {
    if (!jobs.length) return [];
    const rows = await this.em.execute<{ id: string; job: string; scheduled_at: Date; attempt: number }[]>(
      `UPDATE job_run SET status = 'running', attempt = attempt + 1, started_at = ?, finished_at = NULL,
         duration_ms = NULL, next_attempt_at = NULL
       WHERE status = 'retrying' AND next_attempt_at <= ? AND job IN (?)
       RETURNING id, job, scheduled_at, attempt`,
      [now, now, [...jobs]],
    );
    return rows.map((r) => ({
      id: r.id,
      job: r.job,
      scheduledAt: new Date(r.scheduled_at),
      attempt: r.attempt,
      startedAt: now,
    }));
  }

  async finish(run: ClaimedRun, outcome: RunOutcome): Promise<void> {
    await this.em.nativeUpdate(
      JobRun,
      { id: run.id },
      {
        status: outcome.status,
        finishedAt: outcome.finishedAt,
        durationMs: outcome.finishedAt.getTime() - run.startedAt.getTime(),
        error: outcome.error,
        nextAttemptAt: outcome.nextAttemptAt,
      },
    );
  }

  /** Newest scheduled time first. */
  search(
    filter: { job?: string; status?: JobRunStatus },
    page: { offset: number; limit: number },
  ): Promise<[JobRun[], number]> {
    return this.em.findAndCount(
      JobRun,
      { ...(filter.job && { job: filter.job }), ...(filter.status && { status: filter.status }) },
      { orderBy: { scheduledAt: 'desc', job: 'asc' }, offset: page.offset, limit: page.limit },
    );
  }
}
