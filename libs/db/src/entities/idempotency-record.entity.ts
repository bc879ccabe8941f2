import { defineEntity, p } from '@mikro-orm/core';
import { uuidPrimaryKey } from './uuid-primary-key';

/** The first answer to a POST sent with an Idempotency-Key, replayed to retries of it. */
const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  uniques: [{ properties: ['actorId', 'key'] }],
  properties: {
    id: uuidPrimaryKey(),
    actorId: p.text(),
    key: p.string().length(255),
    method: p.string(),
    path: p.text(),
    requestSha256: p.string().length(64),
    /** Null while the first request is still being handled. */
    responseStatus: p.integer().nullable(),
    responseBody: p.json<unknown>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class IdempotencyRecord extends IdempotencyRecordSchema.class {}
IdempotencyRecordSchema.setClass(IdempotencyRecord);

export const IDEMPOTENCY_ENTITIES = [IdempotencyRecordSchema];
