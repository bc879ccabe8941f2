import { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { TransactionRunner } from './transaction-runner';

describe('TransactionRunner.snapshotParts, on a real PostgreSQL', () => {
  let ctx: TestContext;
  let tx: TransactionRunner;
  /** A writer of its own, outside Mutu's pool. */
  let writer: Client;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [] });
    tx = ctx.get(TransactionRunner);
    writer = new Client({ connectionString: ctx.database.url });
    await writer.connect();
    await writer.query('CREATE TABLE parts_probe (n int)');
  });
  afterAll(async () => {
    await writer.end();
    await ctx.close();
  });

  const backend = async (em: EntityManager) =>
    (await em.execute<{ pid: number }[]>('SELECT pg_backend_pid() AS pid'))[0].pid;
  const probeRows = async (em: EntityManager) =>
    (await em.execute<{ n: number }[]>('SELECT count(*)::int AS n FROM parts_probe'))[0].n;

  /** Parts that each wait for the other to begin: they finish only when they run at once. */
  const meeting = () => {
    let begun = 0;
    let met!: () => void;
    const both = new Promise<void>((resolve) => (met = resolve));
    return async (em: EntityManager) => {
      if (++begun === 2) met();
      await both;
      return backend(em);
    };
  };

  it('runs the parts at once on connections of their own, all reading the moment they began', async () => {
    let written!: () => void;
    const afterWrite = new Promise<void>((resolve) => (written = resolve));
    let secondBegun!: () => void;
    const secondRuns = new Promise<void>((resolve) => (secondBegun = resolve));
    const [first, second] = await tx.snapshotParts([
      async (em) => {
        await secondRuns;
        // Committed by another client while the parts run: neither part sees it.
        await writer.query('INSERT INTO parts_probe VALUES (1)');
        written();
        return { pid: await backend(em), rows: await probeRows(em) };
      },
      async (em) => {
        secondBegun();
        await afterWrite;
        return { pid: await backend(em), rows: await probeRows(em) };
      },
    ]);
    expect(first.pid).not.toBe(second.pid);
    expect([first.rows, second.rows]).toEqual([0, 0]);
    expect(await tx.snapshotParts([probeRows])).toEqual([1]);
  });

  it('while another caller’s parts run, runs its parts one after another in one snapshot', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const running = tx.snapshotParts([() => held, () => held]);
    const [a, b] = await tx.snapshotParts([backend, backend]);
    release();
    await running;
    expect(a).toBe(b);
  });

  it('rejects with a failed part’s error once every part settled', async () => {
    let otherDone = false;
    await expect(
      tx.snapshotParts([
        async () => {
          throw new Error('part failed');
        },
        async (em) => {
          await em.execute('SELECT pg_sleep(0.1)');
          otherDone = true;
        },
      ]),
    ).rejects.toThrow('part failed');
    expect(otherDone).toBe(true);
  });

  it('never holds its connections while a part waits for the pool: callers filling it all finish', async () => {
    // Every connection of the pool taken by callers that each need one more (a report under an
    // Idempotency-Key holds its request's transaction while its snapshot reads): a part waiting
    // for the pool while its snapshot's connection is held would wait for the acquire timeout.
    const slow = async (db: EntityManager) => {
      await db.execute('SELECT pg_sleep(0.2)');
      return backend(db);
    };
    // Pool 3: two callers in transactions, one's snapshot beside them. Pool 2: a caller outside
    // any transaction and one inside.
    for (const [poolSize, inTransaction] of [
      ['3', [true, true]],
      ['2', [false, true]],
    ] as const) {
      const small = await createTestContext({
        imports: [],
        env: { MUTU_DB_POOL_SIZE: poolSize, MUTU_DB_ACQUIRE_TIMEOUT_MS: '1500' },
      });
      try {
        const runner = small.get(TransactionRunner);
        const em = small.get(EntityManager);
        let arrived = 0;
        let allIn!: () => void;
        const everyoneIn = new Promise<void>((resolve) => (allIn = resolve));
        const ready = async () => {
          if (++arrived === inTransaction.length) allIn();
          await everyoneIn;
        };
        const pids = await Promise.all(
          inTransaction.map((inside) =>
            inside
              ? runner.run(async () => {
                  await em.execute('SELECT 1'); // its transaction's connection, held to the end
                  await ready();
                  return runner.snapshotParts([slow, slow]);
                })
              : ready().then(() => runner.snapshotParts([slow, slow])),
          ),
        );
        expect([poolSize, pids.map((p) => p.length)]).toEqual([poolSize, [2, 2]]);
      } finally {
        await small.close();
      }
    }
  });

  it('in a pool without a connection per part beside its caller’s, runs the parts one after another', async () => {
    const small = await createTestContext({ imports: [], env: { MUTU_DB_POOL_SIZE: '2' } });
    try {
      const runner = small.get(TransactionRunner);
      const part = meeting();
      expect(new Set(await runner.snapshotParts([part, part])).size).toBe(2);
      // Inside a write transaction holding one of the two connections, the parts share the other.
      const [a, b] = await runner.run(() => runner.snapshotParts([backend, backend]));
      expect(a).toBe(b);
    } finally {
      await small.close();
    }
  });

  describe('alongside', () => {
    const em = () => ctx.get(EntityManager);
    /** The backends of this database with a transaction open, but the asking connection's. */
    const openTransactions = async () =>
      (
        await writer.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`,
        )
      ).rows.map((r) => r.pid);

    it('reads the caller’s snapshot on connections of their own while the caller goes on; they end before it', async () => {
      const outcome = await tx.snapshot(async () => {
        const own = await backend(em());
        const before = await probeRows(em());
        await writer.query('INSERT INTO parts_probe VALUES (2)');
        let begun = 0;
        let bothBegun!: () => void;
        const started = new Promise<void>((resolve) => (bothBegun = resolve));
        const part = async (db: EntityManager) => {
          if (++begun === 2) bothBegun();
          return { pid: await backend(db), rows: await probeRows(db) };
        };
        const parts = await tx.alongside([part, part]);
        // The caller's own reads go on meanwhile, in its snapshot.
        expect(await probeRows(em())).toBe(before);
        // Asked for once they have their connections (a part still waiting for one would run here).
        await started;
        const [a, b] = await parts.results();
        // Their transactions are over while the caller's goes on: none waits idle for it.
        expect(await openTransactions()).toEqual([own]);
        await parts.finish();
        return { own, before, a, b };
      });
      expect(new Set([outcome.own, outcome.a.pid, outcome.b.pid]).size).toBe(3);
      expect([outcome.a.rows, outcome.b.rows]).toEqual([outcome.before, outcome.before]);
    });

    it('gives a failed part’s error once every part settled, and leaves no transaction behind', async () => {
      let otherDone = false;
      let parts: Awaited<ReturnType<TransactionRunner['alongside']>> | undefined;
      await expect(
        tx.snapshot(async () => {
          parts = await tx.alongside([
            async () => {
              throw new Error('part failed');
            },
            async (db: EntityManager) => {
              await db.execute('SELECT pg_sleep(0.1)');
              otherDone = true;
            },
          ]);
          return parts.results();
        }),
      ).rejects.toThrow('part failed');
      await parts?.finish();
      expect(otherDone).toBe(true);
      expect(await openTransactions()).toEqual([]);
    });

    it('in a pool without a connection per part beside the caller’s, runs them in the caller’s transaction', async () => {
      const small = await createTestContext({ imports: [], env: { MUTU_DB_POOL_SIZE: '2' } });
      try {
        const runner = small.get(TransactionRunner);
        const db = small.get(EntityManager);
        const [caller, a, b] = await runner.snapshot(async () => {
          const parts = await runner.alongside([backend, backend]);
          const results = await parts.results();
          await parts.finish();
          return [await backend(db), ...results];
        });
        expect([a, b]).toEqual([caller, caller]);
      } finally {
        await small.close();
      }
    });
  });
});
