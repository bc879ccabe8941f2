import { defineEntity, p } from '@mikro-orm/core';
import { JOB_RUN_STATUSES } from '@mutu/domain';
import { uuidPrimaryKey } from './uuid-primary-key';

/**
 * One scheduled run of a job. (job, scheduled_at) is unique: whichever process inserts the row
 * first owns the run, so several workers run each scheduled time once.
 */
const JobRunSchema = defineEntity({
  name: 'JobRun',
  tableName: 'job_run',
  uniques: [{ properties: ['job', 'scheduledAt'] }],
  properties: {
    id: uuidPrimaryKey(),
    job: p.string().length(100),
    scheduledAt: p.datetime(),
    status: p.enum([...JOB_RUN_STATUSES]),
    attempt: p.integer(),
    startedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    durationMs: p.integer().nullable(),
    /** The failure's message only: stacks stay in the log. */
    error: p.text().nullable(),
    /** Set while `retrying`: when the next attempt may start. */
    nextAttemptAt: p.datetime().nullable(),
  },
});
export class JobRun extends JobRunSchema.class {}
JobRunSchema.setClass(JobRun);

export const JOB_ENTITIES = [JobRunSchema];
