import { defineEntity, p } from '@mikro-orm/core';

/**
 * The audit trail is append-only: the application never updates or deletes it, and the
 * database refuses anyone who tries (a superuser must switch triggers off first, which the hash
 * chain and signed checkpoints then expose). Declared here so schema diffs keep them.
 */
const appendOnly = (table: string) => {
  const body = `raise exception 'jejak audit hanya dapat ditambah (% ditolak pada %)', tg_op, tg_table_name using errcode = 'insufficient_privilege';`;
  // TRUNCATE is refused too, by triggers written into the audit migration by hand: PostgreSQL
  // does not list statement-level TRUNCATE triggers where MikroORM's schema diff looks.
  return [
    {
      name: `${table}_append_only`,
      timing: 'before' as const,
      events: ['update' as const, 'delete' as const],
      forEach: 'row' as const,
      body,
    },
  ];
};

/** One link of the tamper-evident audit chain: `hash` = SHA-256(previous hash ‖ canonical JSON of the event). */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  triggers: appendOnly('audit_event'),
  indexes: [
    { properties: ['entityType', 'entityId'] },
    { properties: ['occurredAt'] },
    { properties: ['actorId'] },
  ],
  properties: {
    seq: p.bigint('number').primary().autoincrement(false),
    occurredAt: p.datetime(),
    actorId: p.text(),
    actorRole: p.string(),
    action: p.string(),
    entityType: p.string(),
    entityId: p.text(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
    requestId: p.text().nullable(),
    clientIp: p.text().nullable(),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
    /**
     * The canonical JSON the hash was taken over, as hashed, so a verification hashes stored
     * bytes instead of rebuilding them (PostgreSQL checks they still say what the columns say).
     * Null for events recorded before it was kept; those are rebuilt from the columns.
     */
    canonical: p.text().nullable(),
  },
});
export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);

/** The chain's head at a moment, signed with a key kept outside the database. */
const AuditCheckpointSchema = defineEntity({
  name: 'AuditCheckpoint',
  tableName: 'audit_checkpoint',
  triggers: appendOnly('audit_checkpoint'),
  properties: {
    id: p.bigint('number').primary(),
    seq: p.bigint('number'),
    headHash: p.string().length(64),
    createdAt: p.datetime(),
    signature: p.string().length(64),
  },
});
export class AuditCheckpoint extends AuditCheckpointSchema.class {}
AuditCheckpointSchema.setClass(AuditCheckpoint);

export const AUDIT_ENTITIES = [AuditEventSchema, AuditCheckpointSchema];
