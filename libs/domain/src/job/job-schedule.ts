import { CronTime } from 'cron';

/** A job's timetable: a cron expression read in an IANA time zone (the office's, WIB). */
export interface JobSchedule {
  readonly cron: string;
  readonly timeZone: string;
}

/**
 * `each`: every missed time is run once (a monthly report per month). `latest`: only the newest
 * missed time runs, for jobs whose one run covers everything before it (signing the audit head).
 */
export type CatchUp = 'each' | 'latest';

export const JOB_RUN_STATUSES = ['running', 'succeeded', 'failed', 'retrying'] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

/** The first retry waits a minute, each next one twice as long, never more than an hour. */
const HOUR_MS = 3_600_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 3_600_000;

/** Scheduled times in (`after`, `until`], oldest first. */
export function scheduledTimesBetween(schedule: JobSchedule, after: Date, until: Date): Date[] {
  const time = new CronTime(schedule.cron, schedule.timeZone);
  const times: Date[] = [];
  for (let next = time.getNextDateFrom(after, schedule.timeZone).toJSDate(); next <= until;) {
    times.push(next);
    next = time.getNextDateFrom(next, schedule.timeZone).toJSDate();
  }
  return times;
}

/**
 * The scheduled times that should run now: those within the look-back window ending at `now`
 * with no run recorded yet. A process that was down at a scheduled time thus catches it up when
 * it comes back, as long as that is within the window.
 */
export function dueScheduledTimes(
  schedule: JobSchedule,
  now: Date,
  lookBackMs: number,
  recorded: readonly Date[],
  catchUp: CatchUp,
): Date[] {
  // Times are claimed oldest first, so none up to the newest recorded one is still owed: starting
  // there keeps an every-minute job from walking its whole look-back window on every tick.
  const start = Math.max(now.getTime() - lookBackMs, ...recorded.map((d) => d.getTime()));
  if (catchUp === 'each') return scheduledTimesBetween(schedule, new Date(start), now);
  // Only the newest is owed: look back in widening windows (an hour, a day, 24 days, …), each a
  // suffix of the next, so a first start does not walk thousands of minutes of an every-minute
  // job (seconds of cron arithmetic that held the event loop and dropped requests).
  for (let span = HOUR_MS; ; span *= 24) {
    const from = Math.max(start, now.getTime() - span);
    const times = scheduledTimesBetween(schedule, new Date(from), now);
    if (times.length || from === start) return times.slice(-1);
  }
}

/** When attempt number `attempt` (1-based) having failed is tried again; null once attempts are used up. */
export function nextAttemptAt(failedAt: Date, attempt: number, maxAttempts: number): Date | null {
  if (attempt >= maxAttempts) return null;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), LONGEST_RETRY_MS);
  return new Date(failedAt.getTime() + delay);
}
