import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  canonicalJson,
  type ChainedEvent,
  type ChainLink,
  type Checkpoint,
  GENESIS_HASH,
} from '@mutu/domain';
import { AuditCheckpoint, AuditEvent } from '../entities/audit.entity';

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

function chained(row: AuditEvent): ChainedEvent {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId ?? null,
    clientIp: row.clientIp ?? null,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * What an event's columns say, as jsonb: equal to its stored canonical JSON read as jsonb
 * unless one of them was changed. The instant as JavaScript's toISOString writes it.
 */
const COLUMNS_AS_JSONB = `jsonb_build_object(
    'seq', seq, 'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'actorId', actor_id, 'actorRole', actor_role, 'action', action, 'entityType', entity_type,
    'entityId', entity_id, 'before', before, 'after', after, 'requestId', request_id, 'clientIp', client_ip)`;

const LINKS_SQL = `
  SELECT seq, prev_hash, hash,
         CASE WHEN canonical::jsonb = ${COLUMNS_AS_JSONB} THEN canonical END AS canonical,
         CASE WHEN canonical IS NULL THEN ${COLUMNS_AS_JSONB}::text END AS legacy
    FROM audit_event WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`;

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

  /** Appends an event with the canonical JSON its hash was taken over. */
  async append(event: ChainedEvent, canonical: string): Promise<void> {
    await this.em.insert(AuditEvent, { ...event, occurredAt: new Date(event.occurredAt), canonical });
  }

  /**
   * The links with sequence numbers in [fromSeq, toSeq], in order, a batch at a time: the stored
   * canonical bytes when PostgreSQL finds they still say what the event's columns say (else
   * null: modified), rebuilt from the columns for events stored before the bytes were kept.
   * Plain rows, few columns: verification reads the whole trail once and keeps nothing.
   */
  async *links(fromSeq: number, toSeq: number, batchSize = 10_000): AsyncGenerator<ChainLink[]> {
    let last = fromSeq - 1;
    while (last < toSeq) {
      const rows = await this.em.execute<
        { seq: string; prev_hash: string; hash: string; canonical: string | null; legacy: string | null }[]
      >(LINKS_SQL, [last, toSeq, batchSize]);
      if (!rows.length) return;
      yield rows.map((row) => ({
        seq: Number(row.seq),
        canonical: row.legacy === null ? row.canonical : canonicalJson(JSON.parse(row.legacy)),
        prevHash: row.prev_hash,
        hash: row.hash,
      }));
      if (rows.length < batchSize) return;
      last = Number(rows[rows.length - 1].seq);
    }
  }

  async search(
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<[ChainedEvent[], number]> {
    const where = {
      ...(filter.entityType && { entityType: filter.entityType }),
      ...(filter.entityId && { entityId: filter.entityId }),
      ...(filter.actorId && { actorId: filter.actorId }),
      ...(filter.action && { action: filter.action }),
      ...((filter.from || filter.before) && {
        occurredAt: {
          ...(filter.from && { $gte: filter.from }),
          ...(filter.before && { $lt: filter.before }),
        },
      }),
    };
    const [rows, total] = await this.em.findAndCount(AuditEvent, where, {
      orderBy: { seq: 'asc' },
      offset: page.offset,
      limit: page.limit,
    });
    return [rows.map(chained), total];
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
