import { Injectable } from '@nestjs/common';
import {
  IsolationLevel,
  OptimisticLockError,
  RequestContext,
  TransactionPropagation,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { ConflictError } from '@mutu/domain';
import { EntityManager } from '@mikro-orm/postgresql';
import { ChangeFeed } from './change-feed';

/**
 * Every service method names its boundary: `run` for a transaction, `read` for reads. Both give
 * the work a unit of work of its own (HTTP request, CLI command or cron run alike); repositories
 * use the injected EntityManager, which MikroORM resolves to that context, so everything a
 * service method writes (its audit event included) commits or rolls back together.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    private readonly em: EntityManager,
    private readonly feed: ChangeFeed,
  ) {}

  /**
   * A write transaction; losing a race to another writer (stale version, duplicate) is a
   * ConflictError. Once it committed, what this process kept is dropped (ChangeFeed.wrote).
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      const done = await this.read(() => this.em.transactional(() => work()));
      this.feed.wrote();
      return done;
    } catch (error) {
      if (error instanceof OptimisticLockError || error instanceof UniqueConstraintViolationException) {
        throw new ConflictError('Data ini baru saja diubah oleh permintaan lain; muat ulang lalu coba lagi');
      }
      throw error;
    }
  }

  /**
   * A read-only transaction of its own (REPEATABLE READ: every read sees one moment of the data),
   * on a connection of its own even inside a caller's transaction, e.g. a report generated
   * under an Idempotency-Key.
   */
  snapshot<T>(work: () => Promise<T>): Promise<T> {
    return this.read(() =>
      this.em.transactional(() => work(), {
        propagation: TransactionPropagation.REQUIRES_NEW,
        isolationLevel: IsolationLevel.REPEATABLE_READ,
        readOnly: true,
      }),
    );
  }

  read<T>(work: () => Promise<T>): Promise<T> {
    if (RequestContext.currentRequestContext()) return work();
    return RequestContext.create(this.em, work);
  }
}
