import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Recorded {
  readonly pid: number;
  /** Start time of the process (clock ticks since boot, /proc/<pid>/stat field 22); null where unknown. */
  readonly startedAt: string | null;
}

/** Fields 3… of /proc/<pid>/stat (after the command name, which may hold spaces); null off Linux. */
function statOf(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** When a process started (field 22), to tell it from a later process that got the same pid. */
const startTimeOf = (pid: number): string | null => statOf(pid)?.[19] ?? null;
/** R, S, D, Z…: the process state (field 3). */
const stateOf = (pid: number): string | null => statOf(pid)?.[0] ?? null;

function isRunning(pid: number, startedAt: string | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A process that ended but was not reaped yet (its parent died first) still answers signal 0.
  if (stateOf(pid) === 'Z') return false;
  const now = startTimeOf(pid);
  return startedAt === null || now === null || now === startedAt;
}

/**
 * Who started the embedded PostgreSQL of a data folder: `<data dir>/postgres.owner` names the
 * process (pid and start time). The owner stops the cluster on shutdown; another Mutu process
 * (the CLI while the API runs) only uses it. A process killed with SIGKILL cannot stop its
 * cluster, so the file outlives it, and the next process sees that its owner is gone.
 */
export class ClusterOwner {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'postgres.owner');
  }

  /** Whether the recorded owner is still running (false when none is recorded). */
  alive(): boolean {
    const recorded = this.recorded();
    return recorded !== null && recorded.pid !== process.pid && isRunning(recorded.pid, recorded.startedAt);
  }

  /** Records this process as the owner. */
  claim(): void {
    const mine: Recorded = { pid: process.pid, startedAt: startTimeOf(process.pid) };
    writeFileSync(this.file, `${JSON.stringify(mine)}\n`);
  }

  /** Forgets this process as the owner, after it stopped the cluster. */
  release(): void {
    if (this.recorded()?.pid === process.pid) rmSync(this.file, { force: true });
  }

  private recorded(): Recorded | null {
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<Recorded>;
      return typeof value.pid === 'number' ? { pid: value.pid, startedAt: value.startedAt ?? null } : null;
    } catch {
      return null;
    }
  }
}

/**
 * Shuts down the postmaster serving `clusterDir` (named by its postmaster.pid) the way
 * `pg_ctl stop -m fast` does: SIGINT, then waits until it is gone; SIGQUIT if it lingers.
 * Resolves false when no postmaster of this folder runs.
 */
export async function stopOrphan(clusterDir: string, timeoutMs = 30_000): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return false;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGQUIT');
      await new Promise((r) => setTimeout(r, 1_000));
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}
