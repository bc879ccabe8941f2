import { defineEntity, p } from '@mikro-orm/core';
import { uuidPrimaryKey } from './uuid-primary-key';

/** cancelled: not sent because what it tells of stopped being true before it went out (last_error says why). */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface OutboxRecipients {
  readonly to: string[];
  readonly cc?: string[];
}

/** An attachment as sent: the file it is read from at send time, and what proves it the same. */
export interface OutboxAttachment {
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  /** Absolute path of the archived file. */
  readonly path: string;
}

/**
 * One e-mail, rendered when it was queued so a retry sends the same words. Written in the same
 * transaction as the event it tells of; `dedupeKey` makes "tell once" a unique constraint.
 */
const OutboxMessageSchema = defineEntity({
  name: 'OutboxMessage',
  tableName: 'outbox_message',
  indexes: [{ properties: ['status', 'nextAttemptAt'] }, { properties: ['createdAt'] }],
  properties: {
    id: uuidPrimaryKey(),
    dedupeKey: p.text().unique().nullable(),
    template: p.string().length(100),
    lang: p.string().length(2),
    recipients: p.json<OutboxRecipients>(),
    subject: p.text(),
    text: p.text(),
    html: p.text(),
    attachments: p.json<OutboxAttachment[]>(),
    status: p.enum([...OUTBOX_STATUSES]),
    attempts: p.integer().default(0),
    /** While pending: the earliest moment the next attempt may start. */
    nextAttemptAt: p.datetime(),
    lastError: p.text().nullable(),
    /** `smtp`, or `file` when no SMTP server is configured and the message went to the outbox folder. */
    transport: p.string().length(10).nullable(),
    /** The SMTP Message-ID, or the .eml file written. */
    deliveredAs: p.text().nullable(),
    createdAt: p.datetime(),
    sentAt: p.datetime().nullable(),
    /**
     * An SLA warning about a running step: it goes out only while that step still runs, and is
     * cancelled at delivery once the step has ended (issue 10).
     */
    whileStepRuns: p.uuid().nullable(),
  },
});
export class OutboxMessage extends OutboxMessageSchema.class {}
OutboxMessageSchema.setClass(OutboxMessage);

export const OUTBOX_ENTITIES = [OutboxMessageSchema];
