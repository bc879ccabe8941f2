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
   * on a pooled connection of its own, all reading one moment of the data: the first part runs in
   * the transaction whose snapshot the others import (alongside), which stays open until every
   * part settled. Each part is given the EntityManager of its transaction (the injected one
   * resolves to it as well). Parts take connections of their own as `alongside` says; otherwise
   * they run one after another in one such transaction. A part that has no connection yet when
   * the first part is done runs after it on the first's, so no caller holds connections while
   * waiting for the pool beyond one, as `snapshot`. Like `snapshot`, never in a caller's
   * transaction. Resolves to the parts' results in order; rejects with the first failed part's
   * error once all have settled.
   */
  async snapshotParts<T extends readonly unknown[]>(parts: {
    readonly [K in keyof T]: (em: EntityManager) => Promise<T[K]>;
  }): Promise<T> {
    // The caller's own transaction keeps its connection while it waits for the parts.
    const held = 1 + (this.em.isInTransaction() ? 1 : 0);
    let beside: PartsAlongside<unknown[]> | undefined;
    try {
      return await this.read(() =>
        this.em.fork().transactional(async (main) => {
          const [first, ...others] = parts;
          beside = await this.start(main, others, held);
          return valuesOf([await settle(first(main)), ...(await beside.settled())]) as unknown as T;
        }, SNAPSHOT_READ),
      );
    } finally {
      await beside?.finish();
    }
  }

  /**
   * Inside a read-only REPEATABLE READ transaction (`snapshot`): starts `parts` at once, each in
   * a read-only transaction on a pooled connection of its own that imports this one's snapshot
   * (pg_export_snapshot), so that they read the same moment while the caller goes on with other
   * reads in its own (the workbook declares its cursors while the summary's figures are
   * computed). Only one caller's parts at a time take connections of their own (the server has
   * few cores to share), and only from a pool with a connection per part beside the caller's;
   * otherwise, and for a part that has no connection yet when they are asked for, they run in
   * the caller's transaction, one after another, when `settled` is called: no caller holds its
   * connection while waiting for the pool for them. `settled` resolves to the parts' outcomes in
   * order (as Promise.allSettled); `finish`, once the caller's transaction is over, waits for
   * the transactions begun for parts that ran there (they end without work), so none outlives
   * the caller. The caller's own transaction ends when it is done, not when the parts are: a long
   * one (the workbook's) is never idle, waiting for them.
   */
  alongside<T extends readonly unknown[]>(parts: {
    readonly [K in keyof T]: (em: EntityManager) => Promise<T[K]>;
  }): Promise<PartsAlongside<T>> {
    return this.start(this.em, parts, 1) as unknown as Promise<PartsAlongside<T>>;
  }

  private async start(
    main: EntityManager,
    parts: readonly ((em: EntityManager) => Promise<unknown>)[],
    held: number,
  ): Promise<PartsAlongside<unknown[]>> {
    const where = parts.map((): 'waiting' | 'own' | 'here' | 'dropped' => 'waiting');
    const here = async () => {
      const settled: PromiseSettledResult<unknown>[] = [];
      for (const [i, part] of parts.entries()) {
        if (where[i] !== 'waiting') continue;
        where[i] = 'here';
        settled[i] = await settle(part(main));
      }
      return settled;
    };
    if (
      !parts.length ||
      this.partsRunning > 0 ||
      (this.em.config.get('pool')?.max ?? 1) < parts.length + held
    ) {
      return alongsideOf(here, async () => undefined);
    }
    this.partsRunning++;
    let own: Promise<unknown>[] = [];
    const finish = async () => {
      for (const i of where.keys()) if (where[i] === 'waiting') where[i] = 'dropped';
      await Promise.allSettled(own);
      this.partsRunning--;
    };
    try {
      const [{ snapshot }] = await main.execute<{ snapshot: string }[]>(
        'SELECT pg_export_snapshot() AS snapshot',
      );
      // An identifier PostgreSQL made (hex digits and dashes); SET cannot take a parameter.
      if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
      own = parts.map((part, i) => {
        const running = this.em.fork().transactional(async (em) => {
          if (where[i] !== 'waiting') return undefined; // run there, or given up; the snapshot may be gone
          where[i] = 'own';
          await em.execute(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
          return part(em);
        }, SNAPSHOT_READ);
        // Awaited by `settled` when the part ran on it; otherwise by `finish`.
        running.catch(() => undefined);
        return running;
      });
    } catch (error) {
      await finish();
      throw error;
    }
    return alongsideOf(async () => {
      const settled = await here();
      for (const i of parts.keys()) if (where[i] === 'own') settled[i] = await settle(own[i]);
      return settled;
    }, finish);
  }

  /** Callers whose parts hold connections of their own now. */
  private partsRunning = 0;

  read<T>(work: () => Promise<T>): Promise<T> {
    if (RequestContext.currentRequestContext()) return work();
    return RequestContext.create(this.em, work);
  }
}

/** Parts started by TransactionRunner.alongside, reading the snapshot of the transaction that started them. */
export interface PartsAlongside<T extends readonly unknown[]> {
  /** The parts' outcomes in order; parts without a connection of their own by now run here first. */
  settled(): Promise<{ [K in keyof T]: PromiseSettledResult<T[K]> }>;
  /** The parts' results in order, as `settled`; rejects with the first failed part's error once all settled. */
  results(): Promise<T>;
  /** After the starting transaction is over: waits for what was begun for the parts. */
  finish(): Promise<void>;
}

function alongsideOf(
  settled: () => Promise<PromiseSettledResult<unknown>[]>,
  finish: () => Promise<void>,
): PartsAlongside<unknown[]> {
  return {
    settled,
    results: async () => valuesOf(await settled()),
    finish,
  };
}

/** The values of settled promises, in order; throws the first one's reason that was rejected. */
function valuesOf(settled: readonly PromiseSettledResult<unknown>[]): unknown[] {
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value);
}

/** A promise's outcome, as Promise.allSettled gives it, for parts awaited one after another. */
function settle<T>(running: Promise<T>): Promise<PromiseSettledResult<T>> {
  return running.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );
}
