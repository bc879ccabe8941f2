import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type OutboxAttachment,
  OutboxMessage,
  type OutboxRecipients,
  type OutboxStatus,
} from '../entities/outbox-message.entity';

/** A rendered message ready to be queued. */
export interface OutboxEntry {
  readonly dedupeKey: string | null;
  readonly template: string;
  readonly lang: string;
  readonly recipients: OutboxRecipients;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly attachments: readonly OutboxAttachment[];
  readonly createdAt: Date;
  /** The step an SLA warning is about: sent only while it still runs. */
  readonly whileStepRuns?: string | null;
}

/** What one delivery attempt came to. */
export type AttemptOutcome =
  | {
      readonly status: 'sent';
      readonly at: Date;
      readonly transport: 'smtp' | 'file';
      readonly deliveredAs: string;
      /** Set when the server refused some recipients but took the message for the others. */
      readonly warning: string | null;
    }
  | { readonly status: 'pending'; readonly error: string; readonly nextAttemptAt: Date }
  | { readonly status: 'failed'; readonly error: string }
  | { readonly status: 'cancelled'; readonly reason: string };

@Injectable()
export class OutboxRepository {
  constructor(private readonly em: EntityManager) {}

  /** Queues a message; null when one with the same dedupe key is already queued (or being queued). */
  async insert(entry: OutboxEntry): Promise<string | null> {
    const rows = await this.em.execute<{ id: string }[]>(
      `INSERT INTO outbox_message (id, dedupe_key, template, lang, recipients, subject, text, html,
         attachments, status, attempts, next_attempt_at, created_at, while_step_runs)
       VALUES (gen_random_uuid(), ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, 'pending', 0, ?, ?, ?)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        entry.dedupeKey,
        entry.template,
        entry.lang,
        JSON.stringify(entry.recipients),
        entry.subject,
        entry.text,
        entry.html,
        JSON.stringify(entry.attachments),
        entry.createdAt,
        entry.createdAt,
        entry.whileStepRuns ?? null,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Locks the oldest due message for the caller's transaction. SKIP LOCKED lets another process
   * take the next one meanwhile; as the row stays locked until the attempt is recorded, no two
   * processes ever send the same message.
   */
  async lockNextDue(now: Date): Promise<OutboxMessage | null> {
    const rows = await this.em.execute<{ id: string }[]>(
      `SELECT id FROM outbox_message WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    return rows.length ? this.em.findOneOrFail(OutboxMessage, { id: rows[0].id }) : null;
  }

  async recordAttempt(id: string, outcome: AttemptOutcome): Promise<void> {
    switch (outcome.status) {
      case 'sent':
        await this.em.execute(
          `UPDATE outbox_message SET status = 'sent', attempts = attempts + 1, sent_at = ?, transport = ?,
             delivered_as = ?, last_error = ? WHERE id = ?`,
          [outcome.at, outcome.transport, outcome.deliveredAs, outcome.warning, id],
        );
        return;
      case 'pending':
        await this.em.execute(
          `UPDATE outbox_message SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?`,
          [outcome.nextAttemptAt, outcome.error, id],
        );
        return;
      case 'cancelled':
        await this.em.execute(`UPDATE outbox_message SET status = 'cancelled', last_error = ? WHERE id = ?`, [
          outcome.reason,
          id,
        ]);
        return;
      case 'failed':
        await this.em.execute(
          `UPDATE outbox_message SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`,
          [outcome.error, id],
        );
        return;
    }
  }

  /** When the step a message must go out while it runs ended; null while it runs (or is gone). */
  async stepEndedAt(stepId: string): Promise<Date | null> {
    const rows = await this.em.execute<{ ended_at: Date | string | null }[]>(
      'SELECT ended_at FROM step_instance WHERE id = ?',
      [stepId],
    );
    return rows[0]?.ended_at ? new Date(rows[0].ended_at) : null;
  }

  /** Puts a failed message back in the queue with a fresh allowance of attempts; false if it is not failed. */
  async requeueFailed(id: string, now: Date): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      `UPDATE outbox_message SET status = 'pending', attempts = 0, next_attempt_at = ?
       WHERE id = ? AND status = 'failed' RETURNING id`,
      [now, id],
    );
    return rows.length === 1;
  }

  find(id: string): Promise<OutboxMessage | null> {
    return this.em.findOne(OutboxMessage, { id });
  }

  /** Newest first. */
  search(filter: { status?: OutboxStatus }, page: { offset: number; limit: number }) {
    return this.em.findAndCount(OutboxMessage, filter.status ? { status: filter.status } : {}, {
      orderBy: { createdAt: 'desc', id: 'asc' },
      offset: page.offset,
      limit: page.limit,
    });
  }
}
