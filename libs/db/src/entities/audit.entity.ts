import { defineEntity, p } from '@mikro-orm/core';

/**
 * One link of the tamper-evident audit chain. `hash` = SHA-256(previous hash ‖ canonical JSON of
 * the event); the database refuses UPDATE and DELETE on this table.
 */
const AuditEventSchema = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
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
  },
});
export class AuditEvent extends AuditEventSchema.class {}
AuditEventSchema.setClass(AuditEvent);

/** The chain's head at a moment, signed with a key kept outside the database. */
const AuditCheckpointSchema = defineEntity({
  name: 'AuditCheckpoint',
  tableName: 'audit_checkpoint',
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
