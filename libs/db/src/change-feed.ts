import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import type { DatabaseLimits } from '@mutu/config';
import { deepFreeze } from '@mutu/domain';

/** The channel of Migration20261130230001_change_notifications: `<kind>:<id>,<id>…` or `<kind>:*`. */
const CHANNEL = 'mutu_change';
/**
 * What the triggers tell about, and what may be kept in process because they do: renewal views
 * (by renewal id), accounts (by id), the compliance figures' counts (always `figures:*`).
 */
export type ChangeKind = 'renewal' | 'account' | 'figures';

/** How often the listening connection is checked, and how long the check may take. */
const HEARTBEAT_MS = 5_000;
/** Wait before listening again after the connection was lost (or could not be opened). */
const RETRY_MS = 1_000;

/**
 * Entries of one kind kept in this process and dropped when the database tells they changed.
 * While nobody listens (not yet connected, connection lost, database restarting) nothing is kept
 * and every read goes to the database.
 */
export class KeptEntries<V> {
  private readonly entries = new Map<string, V>();
  /**
   * Counts drops. A read that began before a drop may have read the rows it was about, and keeps
   * nothing; a read that began after it sees the committed change.
   */
  private epoch = 0;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly limit: number,
  ) {}

  /** The kept entry, else `load`'s answer, kept when nothing changed meanwhile (null is not kept). */
  async read(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const kept = this.get(key);
    if (kept !== undefined) return kept;
    const since = this.since();
    const loaded = await load();
    if (loaded !== null) this.keep(since, key, loaded);
    return loaded;
  }

  /** The kept entry of `key`; undefined when there is none, or nothing is kept (nobody listens). */
  get(key: string): V | undefined {
    if (!this.feed.listening()) return undefined;
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      // Most recently used last: the first entry is the one dropped when the limit is reached.
      this.entries.delete(key);
      this.entries.set(key, kept);
    }
    return kept;
  }

  /**
   * Where a read that begins now stands, for `keep`: to be taken before the read's snapshot is
   * (a read in a snapshot taken earlier must take it then). null: nothing can be kept now.
   */
  since(): number | null {
    return this.feed.listening() ? this.epoch : null;
  }

  /** Keeps what a read begun at `since` answered, unless something was dropped since then. */
  keep(since: number | null, key: string, value: V): void {
    if (since === null || since !== this.epoch || !this.feed.listening()) return;
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, deepFreeze(value));
  }

  drop(keys: readonly string[] | '*'): void {
    this.epoch++;
    if (keys === '*') this.entries.clear();
    else for (const key of keys) this.entries.delete(key);
  }
}

/**
 * The database's word on what changed, heard on one connection of its own (LISTEN), for what
 * API processes keep in memory (issue 14: the hot reads need not ask the database each time).
 * Triggers tell every committed write, whoever made it, so every process drops what it kept. The
 * connection opens on the first read that would keep something; when it is lost, everything
 * kept is dropped and nothing is kept until it listens again (writes in between went unheard),
 * and a heartbeat notices a connection gone silent within HEARTBEAT_MS twice.
 */
export class ChangeFeed implements OnModuleDestroy {
  private readonly log = new Logger('ChangeFeed');
  private readonly kept = new Map<ChangeKind, KeptEntries<unknown>[]>();
  private client: Client | null = null;
  private state: 'idle' | 'connecting' | 'listening' | 'waiting' | 'closed' = 'idle';
  private retry?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly limits: DatabaseLimits,
    /** false: this process never listens, so it keeps nothing (one that serves no repeated reads: DatabaseModule). */
    private readonly listens = true,
  ) {}

  /** Entries of `kind` kept in process, at most `limit` (the least recently read go first). */
  entries<V>(kind: ChangeKind, limit: number): KeptEntries<V> {
    const entries = new KeptEntries<V>(this, limit);
    this.kept.set(kind, [...(this.kept.get(kind) ?? []), entries as KeptEntries<unknown>]);
    return entries;
  }

  /** Whether changes are heard now; the first ask starts listening. */
  listening(): boolean {
    if (!this.listens) return false;
    if (this.state === 'idle') void this.listen();
    return this.state === 'listening';
  }

  /**
   * A write transaction of this process committed, having written what `kinds` are kept of (its
   * triggers named them: TransactionRunner.run): those entries go at once, since the notification
   * of that write may arrive after the writer's next request.
   */
  wrote(kinds: readonly ChangeKind[]): void {
    for (const kind of kinds) for (const entries of this.kept.get(kind) ?? []) entries.drop('*');
  }

  async onModuleDestroy(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const client = this.client;
    this.client = null;
    this.dropAll();
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    this.state = 'connecting';
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.limits.connectTimeoutMs,
      statement_timeout: this.limits.statementTimeoutMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    client.on('notification', (message) => this.changed(message.payload ?? ''));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client) {
      // Closed (or lost) while connecting: this connection is nobody's now.
      void client.end().catch(() => undefined);
      return;
    }
    // Kept before listening, or while the last connection was down: writes may have gone unheard.
    this.dropAll();
    this.state = 'listening';
    this.heartbeat = setInterval(() => void this.beat(client), HEARTBEAT_MS).unref();
  }

  private async beat(client: Client): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const silent = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('heartbeat timed out')), HEARTBEAT_MS).unref();
    });
    try {
      await Promise.race([client.query('SELECT 1'), silent]);
    } catch {
      this.lost(client);
    } finally {
      clearTimeout(timer);
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    clearInterval(this.heartbeat);
    this.dropAll();
    void client.end().catch(() => undefined);
    if (this.state === 'closed') return;
    if (this.state === 'listening')
      this.log.warn('Koneksi LISTEN terputus; cache proses dilewati sampai tersambung lagi');
    this.state = 'waiting';
    this.retry = setTimeout(() => void this.listen(), RETRY_MS).unref();
  }

  private changed(payload: string): void {
    const colon = payload.indexOf(':');
    const ids = payload.slice(colon + 1);
    for (const entries of this.kept.get(payload.slice(0, colon) as ChangeKind) ?? []) {
      entries.drop(ids === '*' ? '*' : ids.split(','));
    }
  }

  private dropAll(): void {
    for (const all of this.kept.values()) for (const entries of all) entries.drop('*');
  }
}
