import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { IdempotencyRecord } from '../entities/idempotency-record.entity';

export interface IdempotencyClaim {
  readonly actorId: string;
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly requestSha256: string;
}

/** Idempotency keys: the first request claims its key; retries find what it answered. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  /** Claims the key for this request; returns the earlier record instead when the key was used. */
  async claim(
    claim: IdempotencyClaim,
  ): Promise<{ claimed: true; id: string } | { claimed: false; earlier: IdempotencyRecord }> {
    const rows = await this.em.execute<{ id: string }[]>(
      `INSERT INTO idempotency_record (id, actor_id, key, method, path, request_sha256, created_at)
       VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, now()) ON CONFLICT (actor_id, key) DO NOTHING RETURNING id`,
      [claim.actorId, claim.key, claim.method, claim.path, claim.requestSha256],
    );
    if (rows.length) return { claimed: true, id: rows[0].id };
    return {
      claimed: false,
      earlier: await this.em.findOneOrFail(IdempotencyRecord, { actorId: claim.actorId, key: claim.key }),
    };
  }

  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.em.nativeUpdate(IdempotencyRecord, { id }, { responseStatus: status, responseBody: body });
  }

  /** Frees the key after a failed request, so that a retry runs it afresh. */
  async release(id: string): Promise<void> {
    await this.em.nativeDelete(IdempotencyRecord, { id, responseStatus: null });
  }
}
