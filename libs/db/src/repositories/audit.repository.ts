import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type ChainedEvent,
  chainedEventOf,
  type ChainLink,
  type Checkpoint,
  GENESIS_HASH,
  type StoredEvent,
} from '@mutu/domain';
import { copyOut } from '../copy-out';
import { AuditCheckpoint, AuditEvent } from '../entities/audit.entity';
import { AUDIT_OCCURRED_AT_SQL, auditFieldSql } from './audit-event.sql';

/** Advisory lock serialising appends to the audit chain; any fixed number, the same in every Mutu process. */
export const AUDIT_APPEND_LOCK = 0x61756469;

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actorId?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly before?: Date;
}

/** A stored event as StoredEvent names it (seq as float8: exact to 2^53, and parsed without BigInt). */
const STORED_COLUMNS = 'seq::float8 AS seq, prev_hash AS "prevHash", hash, canonical';

/** The audit chain: appended under a lock, read in sequence order; never updated. */
@Injectable()
export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the chain's head until the surrounding transaction ends, so events are appended one
   * after another, and returns it.
   */
  async lockHead(): Promise<{ seq: number; hash: string }> {
    // em.execute runs inside the surrounding transaction (the connection's own execute would not).
    await this.em.execute('SELECT pg_advisory_xact_lock(?)', [AUDIT_APPEND_LOCK]);
    return this.head();
  }

  /** The newest event as this transaction sees it; the genesis hash while the chain is empty. */
  async head(): Promise<{ seq: number; hash: string }> {
    const [head] = await this.em.execute<{ seq: string; hash: string }[]>(
      'SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1',
    );
    return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** Appends an event: its canonical JSON (`canonicalJson(content)`, its only content) and its hashes. */
  async append(event: StoredEvent): Promise<void> {
    await this.em.insert(AuditEvent, event);
  }

  /**
   * Hands `onLink` the links with sequence numbers in [fromSeq, toSeq], in order, as they arrive
   * (until it returns false): each one's hashed bytes and hash as stored, so PostgreSQL computes
   * nothing and Node decodes nothing it does not check. Read by binary COPY on a connection of
   * its own; a link's bytes are valid only during the call.
   */
  async readLinks(fromSeq: number, toSeq: number, onLink: (link: ChainLink) => boolean): Promise<void> {
    if (!Number.isSafeInteger(fromSeq) || !Number.isSafeInteger(toSeq)) {
      throw new RangeError(`sequence numbers must be integers: ${fromSeq}, ${toSeq}`);
    }
    const { Client: _pooledClient, ...options } = this.em.config.get('driverOptions') as Record<
      string,
      unknown
    >;
    await copyOut(
      {
        ...options,
        connectionString: this.em.config.get('clientUrl'),
        // Only the primary key's order streams the range; without fresh statistics (after a bulk
        // load) the planner would rather sort it, hundreds of MB on disk before the first row.
        options: '-c enable_sort=off',
      },
      `SELECT seq, hash, prev_hash || canonical FROM audit_event
        WHERE seq >= ${fromSeq} AND seq <= ${toSeq} ORDER BY seq`,
      ([seq, hash, hashed]) =>
        onLink({
          // int8, big-endian: exact below 2^53.
          seq: seq!.readInt32BE(0) * 2 ** 32 + seq!.readUInt32BE(4),
          hash: hash!.toString('latin1'),
          hashed: hashed!,
        }),
    );
  }

  /** Events matching the filter in sequence order, read back from their canonical JSON, with their count. */
  async search(
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<[ChainedEvent[], number]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      conditions.push(sql);
      params.push(value);
    };
    if (filter.entityType) where(`${auditFieldSql('entityType')} = ?`, filter.entityType);
    if (filter.entityId) where(`${auditFieldSql('entityId')} = ?`, filter.entityId);
    if (filter.actorId) where(`${auditFieldSql('actorId')} = ?`, filter.actorId);
    if (filter.action) where(`${auditFieldSql('action')} = ?`, filter.action);
    if (filter.from) where(`${AUDIT_OCCURRED_AT_SQL} >= ?`, filter.from.toISOString());
    if (filter.before) where(`${AUDIT_OCCURRED_AT_SQL} < ?`, filter.before.toISOString());
    const whereSql = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const rows = await this.em.execute<StoredEvent[]>(
      `SELECT ${STORED_COLUMNS} FROM audit_event ${whereSql} ORDER BY seq OFFSET ? LIMIT ?`,
      [...params, page.offset, page.limit],
    );
    const [{ total }] = await this.em.execute<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM audit_event ${whereSql}`,
      params,
    );
    return [rows.map(chainedEventOf), total];
  }

  async checkpoints(): Promise<Checkpoint[]> {
    const rows = await this.em.find(AuditCheckpoint, {}, { orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      seq: r.seq,
      headHash: r.headHash,
      createdAt: r.createdAt.toISOString(),
      signature: r.signature,
    }));
  }

  async addCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.em.insert(AuditCheckpoint, { ...checkpoint, createdAt: new Date(checkpoint.createdAt) });
  }
}
