import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { type AuditContent, canonicalJson, chainHash, ChainSegment, GENESIS_HASH } from '@mutu/domain';
import { withDatabase } from '../database-server';
import { ormOptions } from '../orm-options';

const content = (seq: number): AuditContent => ({
  seq,
  occurredAt: new Date(Date.UTC(2026, 10, 24, 3, seq, 0, 250)).toISOString(),
  actorId: 'verifikator.dinkes',
  actorRole: 'VERIFIKATOR',
  action: 'renewal.documents_ready',
  entityType: 'renewal',
  entityId: `r-${seq}`,
  before: seq === 1 ? null : { status: 'step1', items: ['ktp', 'sk'] },
  after: { status: 'step2', note: 'catatan "kutip" \\ garis miring', n: seq },
  requestId: seq === 2 ? null : `req-${seq}`,
  clientIp: '10.0.0.7',
});

describe('Migration20261130170001_audit_canonical_only', () => {
  const admin = process.env.MUTU_TEST_ADMIN_URL!;
  const name = `mutu_test_migration_${process.pid}`;
  const url = withDatabase(admin, name);
  let orm: MikroORM;
  let sql: Client;

  beforeAll(async () => {
    const server = new Client({ connectionString: admin });
    await server.connect();
    await server.query(`CREATE DATABASE ${name}`);
    await server.end();
    orm = await MikroORM.init(ormOptions(url));
    await orm.migrator.up({ to: 'Migration202611302001_audit_canonical' });
    sql = new Client({ connectionString: url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql.end();
    await orm.close();
    const server = new Client({ connectionString: admin });
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
  });

  it('keeps events recorded before and after the canonical bytes were kept, and still finds one edited before', async () => {
    let prev = GENESIS_HASH;
    const hashes: string[] = [];
    for (let seq = 1; seq <= 4; seq++) {
      const c = content(seq);
      const hash = chainHash(prev, c);
      // Event 1 was recorded with its bytes kept; 2–4 before they were; 3 was edited afterwards.
      await sql.query(
        `INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after,
                                  request_id, client_ip, prev_hash, hash, canonical)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          seq,
          c.occurredAt,
          seq === 3 ? 'someone-else' : c.actorId,
          c.actorRole,
          c.action,
          c.entityType,
          c.entityId,
          c.before === null ? null : JSON.stringify(c.before),
          JSON.stringify(c.after),
          c.requestId,
          c.clientIp,
          prev,
          hash,
          seq === 1 ? canonicalJson(c) : null,
        ],
      );
      hashes.push(hash);
      prev = hash;
    }

    await orm.migrator.up();

    const { rows: columns } = await sql.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_event' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['seq', 'prev_hash', 'hash', 'canonical']);
    const { rows } = await sql.query<{ seq: string; prev_hash: string; hash: string; canonical: string }>(
      'SELECT seq, prev_hash, hash, canonical FROM audit_event ORDER BY seq',
    );
    expect(rows.map((r) => r.canonical)).toEqual([
      canonicalJson(content(1)),
      canonicalJson(content(2)),
      canonicalJson({ ...content(3), actorId: 'someone-else' }),
      canonicalJson(content(4)),
    ]);
    const segment = new ChainSegment(1, new Set());
    for (const r of rows) {
      segment.push({ seq: Number(r.seq), hashed: Buffer.from(r.prev_hash + r.canonical), hash: r.hash });
    }
    expect(segment.problem).toEqual({ seq: 3, reason: 'modified' });
  });
});
