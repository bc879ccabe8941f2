import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { type ChainedEvent, type Checkpoint, GENESIS_HASH } from '@mutu/domain';
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

interface RawEvent {
  seq: string;
  occurred_at: Date;
  actor_id: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  client_ip: string | null;
  prev_hash: string;
  hash: string;
}

function fromRaw(row: RawEvent): ChainedEvent {
  return {
    seq: Number(row.seq),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actorId: row.actor_id,
    actorRole: row.actor_role,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.request_id,
    clientIp: row.client_ip,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
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

  async append(event: ChainedEvent): Promise<void> {
    await this.em.insert(AuditEvent, { ...event, occurredAt: new Date(event.occurredAt) });
  }

  /**
   * Every event after `afterSeq`, in order, a batch at a time. Plain rows, not entities: a
   * verification walks the whole trail once and keeps nothing.
   */
  async *events(afterSeq = 0, batchSize = 10_000): AsyncGenerator<ChainedEvent> {
    let last = afterSeq;
    for (;;) {
      const rows = await this.em.execute<RawEvent[]>(
        `SELECT seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after,
                request_id, client_ip, prev_hash, hash
           FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?`,
        [last, batchSize],
      );
      for (const row of rows) yield fromRaw(row);
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
