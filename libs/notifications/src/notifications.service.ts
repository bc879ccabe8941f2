import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { Clock, fileFingerprint, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import {
  type AttemptOutcome,
  type OutboxAttachment,
  type OutboxMessage,
  OutboxRepository,
  type OutboxStatus,
  TransactionRunner,
} from '@mutu/db';
import {
  ConflictError,
  IntegrityError,
  NotFoundError,
  nextAttemptAt,
  type OfficeInstant,
  type Page,
  readPage,
  officeInstant,
} from '@mutu/domain';
import { DocumentTemplates } from '@mutu/templates';
import { type MailLanguage, renderMail } from './mail-render';
import { MailTransport } from './mail.transport';

export interface MailRequest {
  /** e.g. 'certificate-renewed': templates/mail/<lang>/certificate-renewed.{subject,text,html}.hbs */
  readonly template: string;
  /** Default MUTU_LOCALE; a template with no English version is sent in Indonesian. */
  readonly lang?: MailLanguage;
  /** Empty: nothing is queued (and a warning logged). */
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  /** The templates' context. */
  readonly model: object;
  /** The step an SLA warning is about: the message goes out only while that step still runs. */
  readonly whileStepRuns?: string;
  readonly attachments?: readonly { path: string; name: string; mediaType: string }[];
  /** A message already queued under this key is not queued again. */
  readonly dedupeKey?: string;
}

export interface OutboxMessageView {
  readonly id: string;
  readonly template: string;
  readonly lang: string;
  readonly dedupeKey: string | null;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly attachments: readonly { name: string; mediaType: string; size: number; sha256: string }[];
  readonly status: OutboxStatus;
  readonly attempts: number;
  /** While pending: when the next attempt may start. */
  readonly nextAttemptAt: OfficeInstant | null;
  readonly lastError: string | null;
  readonly transport: string | null;
  readonly deliveredAs: string | null;
  readonly createdAt: OfficeInstant;
  readonly sentAt: OfficeInstant | null;
}

export interface DeliveryRound {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
  /** SLA warnings whose step ended before they went out: not sent, recorded as cancelled. */
  readonly cancelled: number;
}

/** nodemailer's errors carry the server's reply code when there was one. */
function describeFailure(error: unknown): { message: string; permanent: boolean } {
  const e = error as { message?: unknown; code?: unknown; responseCode?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  // 5xx is the server's final word (unknown mailbox, refused content); 4xx and no reply are transient.
  return { message: `${code}${message}`, permanent: reply !== null && reply >= 500 && reply < 600 };
}

/** The domain of the sender's address, for Message-IDs that name this office. */
function senderDomain(from: string): string {
  return /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

/**
 * E-mail through an outbox table: a message is rendered and stored in the transaction of the
 * event it tells of, then sent by whichever process's delivery round locks it first. Temporary
 * SMTP failures are retried with a growing wait; the final state of every message stays visible.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Surel');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly tx: TransactionRunner,
    private readonly templates: DocumentTemplates,
    private readonly transport: MailTransport,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /** The absolute address of a page (a PAGE_PATHS path) for a link in a message: MUTU_PUBLIC_URL + path. */
  pageUrl(path: string): string {
    return `${this.config.publicUrl}${path}`;
  }

  /**
   * Renders and queues one message in the caller's transaction (call it within
   * TransactionRunner.run, so the message commits with the event); the outbox id, or null when
   * nothing was queued: no recipients, or the dedupe key was used before.
   */
  async enqueue(request: MailRequest): Promise<string | null> {
    if (!request.to.length) {
      this.logger.warn(`Surel "${request.template}" tidak diantrekan: tidak ada penerima`);
      return null;
    }
    const rendered = await renderMail(
      this.templates,
      request.template,
      request.lang ?? this.config.locale,
      request.model,
    );
    const attachments: OutboxAttachment[] = [];
    for (const attachment of request.attachments ?? []) {
      const path = resolve(attachment.path);
      const { sha256, size } = await fileFingerprint(path);
      attachments.push({ name: attachment.name, mediaType: attachment.mediaType, size, sha256, path });
    }
    return this.tx.read(() =>
      this.outbox.insert({
        dedupeKey: request.dedupeKey ?? null,
        template: request.template,
        lang: rendered.lang,
        recipients: { to: [...request.to], ...(request.cc?.length && { cc: [...request.cc] }) },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments,
        createdAt: this.clock.now(),
        whileStepRuns: request.whileStepRuns ?? null,
      }),
    );
  }

  /**
   * Sends every message due now, one transaction each. The row stays locked (FOR UPDATE SKIP
   * LOCKED) until its attempt is recorded, so processes delivering at once never send one
   * message twice; messages that fall due while the round runs wait for the next round.
   */
  async deliverDue(): Promise<DeliveryRound> {
    const now = this.clock.now();
    const round = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
    for (;;) {
      const status = await this.tx.run(async () => {
        const message = await this.outbox.lockNextDue(now);
        if (!message) return null;
        const outcome = (await this.stale(message)) ?? (await this.attempt(message));
        await this.outbox.recordAttempt(message.id, outcome);
        return outcome.status;
      });
      if (status === null) return round;
      round[status === 'pending' ? 'retrying' : status]++;
    }
  }

  list(filter: { status?: OutboxStatus }, page: number, pageSize: number): Promise<Page<OutboxMessageView>> {
    return this.tx.read(() =>
      readPage(
        page,
        pageSize,
        (window) => this.outbox.search(filter, window),
        (row) => this.view(row),
      ),
    );
  }

  /** Puts a failed message back in the queue with a fresh allowance of attempts; audited. */
  retry(id: string, actor: { readonly id: string; readonly role: string }): Promise<OutboxMessageView> {
    return this.tx.run(async () => {
      const message = await this.outbox.find(id);
      if (!message) throw new NotFoundError('Pesan surel', id);
      const before = { status: message.status, attempts: message.attempts, lastError: message.lastError };
      const now = this.clock.now();
      if (!(await this.outbox.requeueFailed(id, now))) {
        throw new ConflictError(
          `Hanya pesan berstatus failed yang dapat dikirim ulang; status pesan ini ${message.status}`,
        );
      }
      await this.audit.record({
        actor,
        action: 'outbox.retried',
        entityType: 'outbox_message',
        entityId: id,
        before,
        after: { status: 'pending', attempts: 0 },
      });
      return {
        ...this.view(message),
        status: 'pending' as const,
        attempts: 0,
        nextAttemptAt: officeInstant(now, this.config.timeZone),
      };
    });
  }

  /**
   * An SLA warning about a step that has ended since it was queued must not go out as if the
   * step still ran (issue 10): it is cancelled, with why, instead of sent.
   */
  private async stale(message: OutboxMessage): Promise<AttemptOutcome | null> {
    if (!message.whileStepRuns) return null;
    const endedAt = await this.outbox.stepEndedAt(message.whileStepRuns);
    if (!endedAt) return null;
    const reason = `Tidak dikirim: langkah yang diperingatkan sudah selesai pada ${officeInstant(endedAt, this.config.timeZone).local}`;
    this.logger.log(`Surel ${message.id} dibatalkan. ${reason}`);
    return { status: 'cancelled', reason };
  }

  private async attempt(message: OutboxMessage): Promise<AttemptOutcome> {
    let attachments;
    try {
      attachments = await Promise.all(message.attachments.map((a) => this.unchanged(a)));
    } catch (error) {
      this.logger.error(`Surel ${message.id} tidak dikirim: ${(error as Error).message}`);
      return { status: 'failed', error: (error as Error).message };
    }
    try {
      const delivery = await this.transport.send(
        {
          from: this.config.mail.from,
          to: message.recipients.to,
          cc: message.recipients.cc,
          subject: message.subject,
          text: message.text,
          html: message.html,
          date: message.createdAt,
          // The same Message-ID on every attempt lets a receiving server drop a duplicate.
          messageId: `<${message.id}@${senderDomain(this.config.mail.from)}>`,
          attachments,
        },
        `${message.createdAt.toISOString().replace(/[-:]|\.\d+/g, '')}-${message.id}`,
      );
      return {
        status: 'sent',
        at: this.clock.now(),
        transport: delivery.transport,
        deliveredAs: delivery.deliveredAs,
        warning: delivery.rejected.length ? `Penerima ditolak server: ${delivery.rejected.join(', ')}` : null,
      };
    } catch (thrown) {
      const failure = describeFailure(thrown);
      const attempt = message.attempts + 1;
      const retryAt = failure.permanent
        ? null
        : nextAttemptAt(this.clock.now(), attempt, this.config.mail.maxAttempts);
      this.logger.warn(
        `Surel ${message.id} gagal dikirim (percobaan ${attempt}${retryAt ? `, diulang ${retryAt.toISOString()}` : ', berhenti'}): ${failure.message}`,
      );
      return retryAt
        ? { status: 'pending', error: failure.message, nextAttemptAt: retryAt }
        : { status: 'failed', error: failure.message };
    }
  }

  /** The attachment's bytes, provided they are still those fingerprinted when the message was queued. */
  private async unchanged(attachment: OutboxAttachment) {
    let content: Buffer;
    try {
      content = await readFile(attachment.path);
    } catch {
      throw new IntegrityError(`Lampiran ${attachment.name} tidak ada lagi di ${attachment.path}`);
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (sha256 !== attachment.sha256 || content.length !== attachment.size) {
      throw new IntegrityError(
        `Lampiran ${attachment.name} berubah sejak pesan diantrekan (SHA-256 ${sha256}, semula ${attachment.sha256})`,
      );
    }
    return { filename: attachment.name, contentType: attachment.mediaType, content };
  }

  private view(row: OutboxMessage): OutboxMessageView {
    const { timeZone } = this.config;
    return {
      id: row.id,
      template: row.template,
      lang: row.lang,
      dedupeKey: row.dedupeKey ?? null,
      to: row.recipients.to,
      cc: row.recipients.cc ?? [],
      subject: row.subject,
      attachments: row.attachments.map(({ name, mediaType, size, sha256 }) => ({
        name,
        mediaType,
        size,
        sha256,
      })),
      status: row.status,
      attempts: row.attempts,
      nextAttemptAt: row.status === 'pending' ? officeInstant(row.nextAttemptAt, timeZone) : null,
      lastError: row.lastError ?? null,
      transport: row.transport ?? null,
      deliveredAs: row.deliveredAs ?? null,
      createdAt: officeInstant(row.createdAt, timeZone),
      sentAt: row.sentAt ? officeInstant(row.sentAt, timeZone) : null,
    };
  }
}
