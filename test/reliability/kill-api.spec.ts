import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { AUDIT_APPEND_LOCK } from '@mutu/db';
import { builtAppEnvironment, CLI, exited, postgresServing, startBuiltApi } from '../support/built-app';
import {
  embeddedDatabaseUrl,
  duplicatedSerials,
  recordedOwner,
  renewalsOfSerial,
  untilABackendWaitsForALock,
  verifierToken,
} from '../support/crash-fixtures';
import { applicationOf, byStatus, keyOf, openRenewalsUnderLoad, renewalsFound } from '../support/outage-load';

describe('kill -9 of the built API on its embedded PostgreSQL', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    ({ dataDir, env, base } = await builtAppEnvironment('crash-', { MUTU_RUN_WORKER: 'false' }));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('leaves no key stuck and no orphan postgres: the retry acts once, the next start owns and stops postgres', async () => {
    const first = await startBuiltApi(env, base);
    const token = await verifierToken(env, base, 'verifikator');
    const application = applicationOf(7);
    const open = (key: string) =>
      fetch(`${base}/renewals`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'Idempotency-Key': key,
        },
        body: JSON.stringify(application),
      });

    // The request is held half-way (key claimed, renewal written, audit event waiting for the
    // chain's lock, which the test holds), and the API is killed right there.
    const url = embeddedDatabaseUrl(env);
    const holder = new Client({ connectionString: url });
    holder.on('error', () => undefined);
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [AUDIT_APPEND_LOCK]);
      const inFlight = open('dibunuh-di-tengah').catch((error: unknown) => error);
      await untilABackendWaitsForALock(url);
      first.child.kill('SIGKILL');
      await exited(first.child);
      // No answer ever came.
      expect(String(await inFlight)).toMatch(/fetch failed/);
    } finally {
      await holder.end();
    }

    // Its postgres is left running, owned by a dead process.
    const orphan = postgresServing(dataDir);
    expect(orphan).toHaveLength(1);
    expect(recordedOwner(dataDir)).toBe(first.child.pid);

    const second = await startBuiltApi(env, base);
    try {
      const [serving] = postgresServing(dataDir);
      expect(serving).toBeDefined();
      expect(serving).not.toBe(orphan[0]);
      expect(recordedOwner(dataDir)).toBe(second.child.pid);

      // The retry acts (the killed attempt left nothing), once; the next one replays it.
      const retried = await open('dibunuh-di-tengah');
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      const replayed = await open('dibunuh-di-tengah');
      expect(replayed.status).toBe(201);
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replayed.json()) as { id: string }).id).toBe(
        ((await retried.json()) as { id: string }).id,
      );
      expect(await renewalsOfSerial(url, application.certificateSerial)).toBe(1);

      // The CLI uses the live API's postgres and leaves it running.
      execFileSync(
        process.execPath,
        [CLI, 'user:create', 'kadis', '--role', 'KEPALA_DINAS', '--password', 'kata-sandi-kadis-01'],
        { env },
      );
      expect(postgresServing(dataDir)).toEqual([serving]);
      expect(recordedOwner(dataDir)).toBe(second.child.pid);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await exited(second.child)).toBe(0);
    expect(postgresServing(dataDir)).toEqual([]);
    expect(recordedOwner(dataDir)).toBeNull();
  }, 180_000);

  it('loses nothing acknowledged and acts once per key across repeated kill -9 under load', async () => {
    const CYCLES = 3;
    let api = await startBuiltApi(env, base);
    const token = await verifierToken(env, base, 'verifikator.beban');
    const url = embeddedDatabaseUrl(env);
    const acknowledged: string[] = [];
    const unacknowledged: number[] = [];
    const answered: Record<number, number> = {};
    let firstNumber = 1_000;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const load = openRenewalsUnderLoad(base, token, 8, { keyed: true, firstNumber });
      await new Promise((r) => setTimeout(r, 3_000 + Math.random() * 3_000));
      api.child.kill('SIGKILL');
      await exited(api.child);
      await load.stop();
      acknowledged.push(...load.acknowledged);
      unacknowledged.push(...load.unacknowledged);
      for (const [status, count] of Object.entries(byStatus(load.answers))) {
        answered[Number(status)] = (answered[Number(status)] ?? 0) + count;
      }
      firstNumber = load.next();
      // The next start finds postgres left behind by the killed API, owns it and goes on.
      expect(postgresServing(dataDir)).toHaveLength(1);
      api = await startBuiltApi(env, base);
    }
    try {
      // Every request without an answer is retried with its key: it acts, or replays what the
      // killed process had committed; either way 201, never 409 "still in progress".
      let replayed = 0;
      for (const n of unacknowledged) {
        const retry = await fetch(`${base}/renewals`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
            'Idempotency-Key': keyOf(n),
          },
          body: JSON.stringify(applicationOf(n)),
        });
        expect([n, retry.status]).toEqual([n, 201]);
        if (retry.headers.get('idempotent-replayed') === 'true') replayed++;
        acknowledged.push(((await retry.json()) as { id: string }).id);
      }
      const found = await renewalsFound(url, acknowledged);
      const duplicates = await duplicatedSerials(url);
      process.stdout.write(
        `kill -9 × ${CYCLES} under load: answers ${JSON.stringify(answered)}; ` +
          `${unacknowledged.length} unanswered retried (${replayed} replayed, ${unacknowledged.length - replayed} acted); ` +
          `acknowledged ${acknowledged.length}, found ${found}; duplicated keys ${duplicates.length}\n`,
      );
      expect(answered[500] ?? 0).toBe(0);
      expect(found).toBe(acknowledged.length);
      expect(duplicates).toEqual([]);
    } finally {
      api.child.kill('SIGTERM');
    }
    expect(await exited(api.child)).toBe(0);
    expect(postgresServing(dataDir)).toEqual([]);
  });
});
