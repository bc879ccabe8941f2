import { Client } from 'pg';
import { type AuditContent, canonicalJson, chainHashOf, GENESIS_HASH } from '@mutu/domain';

/** The i-th event of a generated trail: a verifier's step closing, as the API records them. */
export function generatedEvent(seq: number): AuditContent {
  return {
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
}

/** Fills the audit table with a valid chain of `events` generated events (each event's canonical JSON and hashes, as Mutu records them), in batches of raw INSERTs. */
export async function fillAuditTrail(url: string, events: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let prev = GENESIS_HASH;
  for (let start = 1; start <= events; start += 4000) {
    const rows: unknown[][] = [];
    for (let seq = start; seq < Math.min(start + 4000, events + 1); seq++) {
      const content = generatedEvent(seq);
      const canonical = canonicalJson(content);
      const hash = chainHashOf(prev, canonical);
      rows.push([seq, prev, hash, canonical]);
      prev = hash;
    }
    const width = rows[0].length;
    const values = rows
      .map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`)
      .join(', ');
    await client.query(
      `INSERT INTO audit_event (seq, prev_hash, hash, canonical) VALUES ${values}`,
      rows.flat(),
    );
  }
  await client.end();
}
