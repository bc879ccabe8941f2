import { Client } from 'pg';

/** One answered request of a load run. */
export interface Answer {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly ms: number;
}

/** A holder NIP that cannot collide within one run: birth date + appointment + sex + sequence. */
export function nipOf(n: number): string {
  const month = String(1 + (Math.floor(n / 999) % 12)).padStart(2, '0');
  const sequence = String(1 + (n % 999)).padStart(3, '0');
  return `198701012010${month}1${sequence}`;
}

/** A renewal application of holder number `n`, to open with POST /renewals. */
export function applicationOf(n: number) {
  return {
    nip: nipOf(n),
    name: `Pemegang Uji ${n}`,
    email: `pemegang${n}@merantikab.go.id`,
    agency: 'Dinas Kesehatan',
    certificateSerial: `BSRE-UJI-${String(n).padStart(6, '0')}`,
    currentExpiry: '2026-12-31',
  };
}

/** The Idempotency-Key of holder number `n`'s application. */
export const keyOf = (n: number) => `buka-${n}`;

/**
 * `clients` concurrent clients opening renewals against `base` until `stop()` resolves; every
 * answer is kept, and the ids of the acknowledged (201) ones. With `keyed`, each application is
 * sent with its Idempotency-Key, and the numbers of those never acknowledged are kept to retry.
 */
export function openRenewalsUnderLoad(
  base: string,
  token: string,
  clients: number,
  options: { keyed?: boolean; firstNumber?: number } = {},
) {
  const answers: Answer[] = [];
  const acknowledged: string[] = [];
  const unacknowledged: number[] = [];
  let next = options.firstNumber ?? 0;
  let running = true;
  const client = async () => {
    while (running) {
      const started = Date.now();
      const n = next++;
      try {
        const response = await fetch(`${base}/renewals`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
            ...(options.keyed && { 'Idempotency-Key': keyOf(n) }),
          },
          body: JSON.stringify(applicationOf(n)),
          signal: AbortSignal.timeout(30_000),
        });
        const body = (await response.json()) as { id?: string };
        answers.push({
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          ms: Date.now() - started,
        });
        if (response.status === 201 && body.id) acknowledged.push(body.id);
        else unacknowledged.push(n);
        // A client told to retry later does, a little later.
        if (response.status === 503) await new Promise((r) => setTimeout(r, 100));
      } catch (error) {
        // A hang (timeout) or a dropped connection is an answer too: the worst kind.
        answers.push({ status: 0, retryAfter: String(error), ms: Date.now() - started });
        unacknowledged.push(n);
        // The API is gone (killed): no point hammering it.
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const all = Array.from({ length: clients }, client);
  return {
    answers,
    acknowledged,
    unacknowledged,
    /** The next holder number not sent yet. */
    next: () => next,
    stop: async () => {
      running = false;
      await Promise.all(all);
    },
  };
}

/** Ends every backend serving `database` (as a PostgreSQL restart or an operator would); returns how many. */
export async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows.filter((r) => r.ended).length;
  } finally {
    await admin.end();
  }
}

/** How many of `ids` are renewals in the database at `url`. */
export async function renewalsFound(url: string, ids: readonly string[]): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM renewal WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
}

/** Counts answers by status, e.g. { 201: 180, 503: 12 }. */
export function byStatus(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
