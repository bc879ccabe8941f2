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

const LOCK_NOT_AVAILABLE = '55P03';

/** Idempotency keys: the first request claims its key; retries find what it answered. */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Claims the key for this request, inside the caller's transaction: the claim exists for others
   * only once that transaction commits. A concurrent request holding the same key uncommitted is
   * waited for up to `waitMs` (then `busy`); once it commits, its record is returned instead.
   */
  async claim(
    claim: IdempotencyClaim,
    waitMs = 5_000,
  ): Promise<
    | { claimed: true; id: string }
    | { claimed: false; busy: true }
    | { claimed: false; busy: false; earlier: IdempotencyRecord & { responseStatus: number } }
  > {
    let rows: { id: string }[];
    try {
      await this.em.execute(`SET LOCAL lock_timeout = ${Math.trunc(waitMs)}`);
      rows = await this.em.execute<{ id: string }[]>(
        `INSERT INTO idempotency_record (id, actor_id, key, method, path, request_sha256, created_at)
         VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, now()) ON CONFLICT (actor_id, key) DO NOTHING RETURNING id`,
        [claim.actorId, claim.key, claim.method, claim.path, claim.requestSha256],
      );
      await this.em.execute('SET LOCAL lock_timeout = DEFAULT');
    } catch (error) {
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return { claimed: false, busy: true };
      throw error;
    }
    if (rows.length) return { claimed: true, id: rows[0].id };
    const earlier = await this.em.findOneOrFail(IdempotencyRecord, {
      actorId: claim.actorId,
      key: claim.key,
    });
    // Claim and answer commit together, so a committed claim has its answer.
    if (earlier.responseStatus == null) return { claimed: false, busy: true };
    return {
      claimed: false,
      busy: false,
      earlier: earlier as IdempotencyRecord & { responseStatus: number },
    };
  }

  /** Stores the answer of a claimed key, in the same transaction as the claim and the action. */
  async complete(id: string, status: number, body: unknown): Promise<void> {
    await this.em.nativeUpdate(IdempotencyRecord, { id }, { responseStatus: status, responseBody: body });
  }
}
