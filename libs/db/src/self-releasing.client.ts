import { Client } from 'pg';

type Release = (error?: Error | boolean) => void;
type ClientConfig = Exclude<ConstructorParameters<typeof Client>[0], string | undefined> & {
  /** Bound on opening the connection, in ms; pg-pool's `connectionTimeoutMillis` bounds the wait for a slot. */
  connectTimeoutMs?: number;
};

/**
 * A `pg` client that gives its pool slot back when its connection is lost while it is checked out.
 *
 * Kysely (under MikroORM 7) releases a transaction's connection only after `COMMIT` or `ROLLBACK`
 * succeeded (kysely-org/kysely#1990). When the server ends the connection mid-transaction
 * (restart, `pg_terminate_backend`, idle-in-transaction timeout) the rollback fails and the slot
 * was never given back: a few outages emptied the pool for good. Here the client releases itself
 * with the error on `end`, so `pg-pool` destroys it and opens a fresh one for the next caller;
 * a later release by its holder is then ignored instead of throwing "release called twice".
 */
export class SelfReleasingClient extends Client {
  private poolRelease: Release | null = null;
  private checkedOut = false;

  constructor(config: ClientConfig = {}) {
    // Copied by descriptors: pg-pool hides the password as a non-enumerable property, which a
    // spread would drop.
    super(
      Object.defineProperties({} as ClientConfig, {
        ...Object.getOwnPropertyDescriptors(config),
        connectionTimeoutMillis: {
          value: config.connectTimeoutMs ?? config.connectionTimeoutMillis,
          enumerable: true,
        },
      }),
    );
    this.once('end', () => {
      if (this.checkedOut) this.release(new Error('Koneksi basis data terputus / connection lost'));
    });
  }

  // pg-pool assigns `client.release` on every checkout; the accessor keeps its function and
  // hands out one that runs it at most once per checkout.
  get release(): Release {
    return (error) => {
      if (!this.checkedOut || !this.poolRelease) return;
      this.checkedOut = false;
      this.poolRelease(error);
    };
  }

  set release(release: Release) {
    this.poolRelease = release;
    this.checkedOut = true;
  }
}
