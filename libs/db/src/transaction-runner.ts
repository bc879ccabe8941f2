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
import { ChangeFeed, type ChangeKind } from './change-feed';

const SNAPSHOT_READ = { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true } as const;

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
   * ConflictError. Once it committed, what this process kept of what it wrote is dropped
   * (ChangeFeed.wrote: the kinds its notify triggers named in the transaction's setting
   * `mutu.changed`); one that wrote nothing kept, such as a web session touched or a report filed,
   * leaves it.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      let wrote: ChangeKind[] = [];
      const done = await this.read(() =>
        this.em.transactional(async (em) => {
          const result = await work();
          // The unit of work's changes go now (transactional would flush them after), so that
          // their triggers have named what they changed.
          await em.flush();
          const [row] = await em.execute<{ changed: string | null }[]>(
            "SELECT current_setting('mutu.changed', true) AS changed",
          );
          wrote = [...new Set((row.changed ?? '').split(',').filter(Boolean))] as ChangeKind[];
          return result;
        }),
      );
      this.feed.wrote(wrote);
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

  /**
   * `parts` at once, as `snapshot` reads them but each in a read-only REPEATABLE READ transaction
   * on a pooled connection of its own, all reading one moment of the data: the first part's
   * transaction exports its snapshot (pg_export_snapshot), the others' import it, and it stays
   * open until every part settled. Each part is given the EntityManager of its transaction (the
   * injected one resolves to it as well). One caller's parts at a time take a connection each
   * (the server has few cores to share), and only from a pool with a connection per part beside
   * the caller's transaction's; otherwise they run one after another in one such transaction.
   * A part that has no connection yet when the first part is done runs after it on the first's,
   * so no caller holds connections while waiting for the pool beyond one, as `snapshot`. Like `snapshot`,
   * never in a caller's transaction. Resolves to the parts' results in order; rejects with the
   * first failed part's error once all have settled.
   */
  async snapshotParts<T extends readonly unknown[]>(parts: {
    readonly [K in keyof T]: (em: EntityManager) => Promise<T[K]>;
  }): Promise<T> {
    const inOrder = async (em: EntityManager) => {
      const results: unknown[] = [];
      for (const part of parts) results.push(await part(em));
      return results as unknown as T;
    };
    // The caller's own transaction keeps its connection while it waits for the parts.
    const needed = parts.length + (this.em.isInTransaction() ? 1 : 0);
    if (this.partsRunning > 0 || (this.em.config.get('pool')?.max ?? 1) < needed) {
      return this.read(() => this.em.fork().transactional(inOrder, SNAPSHOT_READ));
    }
    this.partsRunning++;
    let own: Promise<unknown>[] = [];
    try {
      return await this.read(() =>
        this.em.fork().transactional(async (main) => {
          const [{ snapshot }] = await main.execute<{ snapshot: string }[]>(
            'SELECT pg_export_snapshot() AS snapshot',
          );
          // An identifier PostgreSQL made (hex digits and dashes); SET cannot take a parameter.
          if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
          const [first, ...others] = parts;
          // A part runs on a connection of its own only when it gets one while the first part
          // runs; the parts still waiting for the pool then run here, after it. So this
          // transaction's connection (and its caller's) is never held while waiting for the pool:
          // when every connection is held by callers needing one more, they would all wait for
          // the acquire timeout.
          const where = others.map((): 'waiting' | 'own' | 'here' => 'waiting');
          own = others.map((part, i) => {
            const running = this.em.fork().transactional(async (em) => {
              if (where[i] !== 'waiting') return undefined; // run here; the snapshot may be gone
              where[i] = 'own';
              await em.execute(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
              return part(em);
            }, SNAPSHOT_READ);
            // Awaited below when the part ran on it; otherwise once this transaction is over.
            running.catch(() => undefined);
            return running;
          });
          const settled: PromiseSettledResult<unknown>[] = [await settle(first(main))];
          for (const [i, part] of others.entries()) {
            if (where[i] !== 'waiting') continue;
            where[i] = 'here';
            settled[i + 1] = await settle(part(main));
          }
          for (const i of others.keys()) {
            if (where[i] === 'own') settled[i + 1] = await settle(own[i]);
          }
          const failed = settled.find((result) => result.status === 'rejected');
          if (failed) throw failed.reason;
          return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
        }, SNAPSHOT_READ),
      );
    } finally {
      // Parts run here leave their transactions waiting for a connection: once this one has
      // given its back they get one, find nothing to do and end; none outlives the call.
      await Promise.allSettled(own);
      this.partsRunning--;
    }
  }

  /** Callers whose snapshotParts hold connections of their own now. */
  private partsRunning = 0;

  read<T>(work: () => Promise<T>): Promise<T> {
    if (RequestContext.currentRequestContext()) return work();
    return RequestContext.create(this.em, work);
  }
}

/** A promise's outcome, as Promise.allSettled gives it, for parts awaited one after another. */
function settle<T>(running: Promise<T>): Promise<PromiseSettledResult<T>> {
  return running.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}
