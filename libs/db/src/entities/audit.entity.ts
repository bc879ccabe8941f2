import { defineEntity, p } from '@mikro-orm/core';
import { AUDIT_OCCURRED_AT_SQL, auditFieldSql } from '../repositories/audit-event.sql';

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

/**
 * One link of the tamper-evident audit chain: `hash` = SHA-256(previous hash ‖ canonical JSON of
 * the event). The canonical JSON is the event's only content: readers parse these bytes, so what
 * they show is what was hashed, and no column can say something else. The filters readers need
 * are expression indexes over the same bytes (see audit-event.sql.ts).
 */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  triggers: appendOnly('audit_event'),
  indexes: [
    {
      name: 'audit_event_entity_index',
      expression: `create index "audit_event_entity_index" on "audit_event" (${auditFieldSql('entityType')}, ${auditFieldSql('entityId')})`,
    },
    {
      name: 'audit_event_occurred_at_index',
      expression: `create index "audit_event_occurred_at_index" on "audit_event" ((${AUDIT_OCCURRED_AT_SQL}))`,
    },
    {
      name: 'audit_event_actor_id_index',
      expression: `create index "audit_event_actor_id_index" on "audit_event" (${auditFieldSql('actorId')})`,
    },
  ],
  properties: {
    seq: p.bigint('number').primary().autoincrement(false),
    prevHash: p.string().length(64),
    hash: p.string().length(64),
    /** The event's canonical JSON (`canonicalJson(content)`), as hashed. */
    canonical: p.text(),
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
