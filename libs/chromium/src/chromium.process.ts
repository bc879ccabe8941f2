import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import puppeteer, { type Browser, type ConnectionTransport } from 'puppeteer';
import { childEnvironment } from '@mutu/config';
import { type BrowserCandidate, resolveBrowserExecutable } from './chromium.executable';
import { CHROMIUM_LAUNCH_FLAGS } from './chromium.renderer';

/** Signals that end the process; Chromium is stopped first, then the signal does what it did before. */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Shared memory, where the system has it (Linux: a tmpfs). */
const SHARED_MEMORY = '/dev/shm';
/** Free bytes shared memory must have to hold a profile and what Chromium prints through it. */
const SHARED_MEMORY_MIN_FREE = 1024 ** 3;

/**
 * Where Chromium's profile is made: in memory (/dev/shm) unless TMPDIR names another folder or
 * there is no shared memory to write in, else the temporary folder. The profile lives for one command; Chromium writes some 180 files
 * into it as it starts and they are all removed at the end: in memory both take a fraction of
 * the time on a disk (measured on a busy 2-core server: start to first tab ~0.35 s instead of
 * ~0.45-0.7 s, removal ~10 ms instead of 25-80 ms). An explicit TMPDIR is the operator's choice
 * and is kept. Only a large shared memory is used (SHARED_MEMORY_MIN_FREE): Chromium's temporary
 * files follow its profile (TMPDIR), and its shared-memory files with them, which
 * --disable-dev-shm-usage keeps out of a small /dev/shm (a container's 64 MB) for a reason.
 */
function profileParent(): string {
  if (tmpdir() === '/tmp' || tmpdir() === SHARED_MEMORY) {
    try {
      accessSync(SHARED_MEMORY, constants.W_OK);
      const { bavail, bsize } = statfsSync(SHARED_MEMORY);
      if (bavail * bsize >= SHARED_MEMORY_MIN_FREE) return SHARED_MEMORY;
    } catch {
      // No shared memory to write in: the temporary folder.
    }
  }
  return tmpdir();
}

/**
 * Chrome DevTools Protocol over Chromium's --remote-debugging-pipe (it reads fd 3, writes fd 4):
 * JSON messages each ended by a NUL byte, as puppeteer.launch({ pipe: true }) speaks it.
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onClose = () => this.onclose?.();
  // A write after Chromium died fails with EPIPE; the close that follows is what the connection acts on.
  private readonly ignore = () => undefined;

  constructor(
    private readonly toChromium: Writable,
    private readonly fromChromium: Readable,
  ) {
    fromChromium.on('data', this.onData).on('close', this.onClose).on('error', this.ignore);
    toChromium.on('error', this.ignore);
  }

  send(message: string): void {
    this.toChromium.write(`${message}\0`);
  }

  close(): void {
    this.fromChromium.off('data', this.onData).off('close', this.onClose);
  }

  private receive(chunk: Buffer): void {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      const message = Buffer.concat([...this.pending, chunk.subarray(start, end)]).toString();
      this.pending = [];
      // Handed over on a later turn, as puppeteer's own pipe does, so a handler never runs inside this loop.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }
}

/**
 * A headless Chromium started on its own, before the code that prints with it has loaded: the CLI
 * starts one first thing for a command that prints, so that the browser's start-up runs on the
 * other core while Node loads the application's modules. Puppeteer attaches to it later over the
 * pipe puppeteer.launch would use; the arguments are puppeteer's own defaults and Mutu's flags, as
 * ChromiumRenderer launches it, so documents print the same.
 *
 * It never outlives this process: `quit` ends it when the command is done, `stop` kills it on exit
 * and on SIGINT, SIGTERM and SIGHUP, and a process killed outright closes the pipe, on which
 * Chromium ends itself. Its temporary files (TMPDIR) go into its profile, so that removing the
 * profile leaves nothing behind however it ended: killed, it would otherwise leave a folder of
 * its own in the system's temporary folder.
 */
export class ChromiumProcess {
  private exited = false;
  private stopped = false;
  private quitting: Promise<void> | undefined;
  private readonly exit: Promise<void>;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stop();
    // With no listener of its own left, the process ends by the signal as it did before this one.
    if (!process.listenerCount(signal)) process.kill(process.pid, signal);
  };

  private constructor(
    readonly executablePath: string,
    private readonly child: ChildProcess,
    private readonly profileDir: string,
  ) {
    this.exit = new Promise((resolve) => {
      const ended = () => {
        this.exited = true;
        resolve();
      };
      // 'error': it could not be started at all; connect then fails, and the renderer launches its own.
      child.once('exit', ended).once('error', ended);
    });
    process.once('exit', this.stop);
    for (const signal of ENDING_SIGNALS) process.once(signal, this.onSignal);
  }

  /** Chromium's end of the pipe it reads (fd 3). */
  private get toChromium(): Writable {
    return this.child.stdio[3] as Writable;
  }

  /** Starts the first Chromium among `candidates` (see browserCandidates); BrowserNotFoundError without one. */
  static async start(candidates: readonly BrowserCandidate[]): Promise<ChromiumProcess> {
    const executablePath = await resolveBrowserExecutable(candidates);
    // A profile of its own, as puppeteer.launch makes one, so that two commands at once do not share it.
    const profileDir = mkdtempSync(join(profileParent(), 'mutu-chromium-'));
    const args = await puppeteer.defaultArgs({
      // Named, so that puppeteer does not search for its configuration files again to learn it.
      browser: 'chrome',
      headless: true,
      args: [...CHROMIUM_LAUNCH_FLAGS],
      userDataDir: profileDir,
    });
    // Its own process group (as puppeteer.launch does), so that `stop` ends its helper processes too.
    const child = spawn(executablePath, [...args, '--remote-debugging-pipe'], {
      env: childEnvironment({ TMPDIR: profileDir }),
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    });
    return new ChromiumProcess(executablePath, child, profileDir);
  }

  /** Puppeteer's Browser on this Chromium, ready once Chromium answers. */
  connect(protocolTimeout: number): Promise<Browser> {
    return puppeteer.connect({
      transport: new PipeTransport(this.toChromium, this.child.stdio[4] as Readable),
      protocolTimeout,
    });
  }

  /**
   * Ends Chromium once its work is done: killed with its helper processes, waited for, then its
   * profile removed. Not closed as puppeteer's close does (Browser.close, then Chromium's own
   * shutdown): that takes a quarter of a second of the command's time and leaves nothing more
   * behind, since Chromium's temporary files are in the profile too. Once; later calls wait for
   * the first.
   */
  quit(): Promise<void> {
    this.quitting ??= (async () => {
      this.kill();
      await this.exit;
      this.stop();
    })();
    return this.quitting;
  }

  /**
   * Kills Chromium with its helper processes and removes its profile. Synchronous, so that it also
   * runs on process exit; a second call does nothing.
   */
  readonly stop = (): void => {
    if (this.stopped) return;
    this.stopped = true;
    process.off('exit', this.stop);
    for (const signal of ENDING_SIGNALS) process.off(signal, this.onSignal);
    this.kill();
    // Our ends of its pipes, which would otherwise keep this process's event loop alive.
    for (const stream of this.child.stdio) stream?.destroy();
    // Retried: a helper process killed a moment ago may still be ending, its files still going.
    rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 20 });
  };

  /** Sends SIGKILL to Chromium's process group (its helpers too), unless it has ended. */
  private kill(): void {
    if (this.exited || !this.child.pid) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
