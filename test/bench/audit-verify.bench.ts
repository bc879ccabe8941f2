import { Client } from 'pg';
import { AuditModule, AuditService } from '@mutu/audit';
import { type AuditContent, chainHash, GENESIS_HASH } from '@mutu/domain';
import { createTestContext } from '../support/test-app';

const EVENTS = 200_000;

/** Fills the audit table with a valid chain of realistic events, in batches of raw INSERTs. */
async function fill(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let prev = GENESIS_HASH;
  for (let start = 1; start <= EVENTS; start += 5000) {
    const rows: unknown[][] = [];
    for (let seq = start; seq < Math.min(start + 5000, EVENTS + 1); seq++) {
      const content: AuditContent = {
        seq,
        occurredAt: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
        actorId: `verifikator.${seq % 12}`,
        actorRole: 'VERIFIKATOR',
        action: 'renewal.documents_ready',
        entityType: 'renewal',
        entityId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
        before: { status: 'step1', version: 1, round: 1 },
        after: { status: 'step2', version: 2, round: 1, command: { action: 'documents_ready' } },
        requestId: `req-${seq}`,
        clientIp: '10.0.0.7',
      };
      const hash = chainHash(prev, content);
      rows.push([
        seq,
        content.occurredAt,
        content.actorId,
        content.actorRole,
        content.action,
        content.entityType,
        content.entityId,
        JSON.stringify(content.before),
        JSON.stringify(content.after),
        content.requestId,
        content.clientIp,
        prev,
        hash,
      ]);
      prev = hash;
    }
    const values = rows
      .map((_, r) => `(${Array.from({ length: 13 }, (_, c) => `$${r * 13 + c + 1}`).join(', ')})`)
      .join(', ');
    await client.query(
      `INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, before, after, request_id, client_ip, prev_hash, hash) VALUES ${values}`,
      rows.flat(),
    );
  }
  await client.end();
}

it(`verifies an audit chain of ${EVENTS.toLocaleString('en')} events`, async () => {
  const ctx = await createTestContext({ imports: [AuditModule] });
  try {
    await fill(ctx.database.url);
    const audit = ctx.get(AuditService);
    await audit.checkpoint();
    const started = process.hrtime.bigint();
    const report = await audit.verify();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(report).toMatchObject({ ok: true, checkedEvents: EVENTS });
    console.log(
      `audit:verify ${EVENTS} events in ${seconds.toFixed(2)} s = ${Math.round(EVENTS / seconds).toLocaleString('en')} events/s (read from PostgreSQL, hashed, checked against a signed checkpoint)`,
    );
  } finally {
    await ctx.close();
  }
});
