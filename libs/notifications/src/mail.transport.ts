import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { SendMailOptions, Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { MUTU_CONFIG, type MutuConfig, writeFileAtomically } from '@mutu/config';

/** Where a message went: an SMTP server's queue (its Message-ID) or an .eml file in the outbox folder. */
export interface Delivery {
  readonly transport: 'smtp' | 'file';
  readonly deliveredAs: string;
  /** Recipients the server refused while taking the message for the others. */
  readonly rejected: readonly string[];
}

/** Waits short enough that a dead server cannot hold a delivery round (and its row locks) for minutes. */
const SMTP_TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

/**
 * Sends rendered messages over SMTP_URL, or, with no SMTP server configured, writes each as an
 * RFC 822 .eml file into the outbox folder, so that nothing is silently dropped.
 */
@Injectable()
export class MailTransport {
  private transporter: Promise<Transporter> | undefined;

  constructor(@Inject(MUTU_CONFIG) private readonly config: MutuConfig) {}

  /**
   * nodemailer (some 36 modules), loaded for the first message rather than with this module:
   * most processes that load it never send one (the CLI's commands, `report` among them).
   */
  private transport(): Promise<Transporter> {
    if (this.transporter) return this.transporter;
    this.transporter = (async () => {
      const { createTransport } = await import('nodemailer');
      const { smtpUrl } = this.config.mail;
      if (!smtpUrl) return createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
      const { default: SMTPTransport } = await import('nodemailer/lib/smtp-transport/index.js');
      return createTransport(new SMTPTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }));
    })();
    // A failed load is not kept: the next message tries again.
    this.transporter.catch(() => (this.transporter = undefined));
    return this.transporter;
  }

  /** `fileName` (without extension) names the .eml file when there is no SMTP server. */
  async send(mail: SendMailOptions, fileName: string): Promise<Delivery> {
    if (this.config.mail.smtpUrl) {
      const info = (await (await this.transport()).sendMail(mail)) as SMTPTransport.SentMessageInfo;
      return {
        transport: 'smtp',
        deliveredAs: info.messageId,
        rejected: info.rejected.map((r) => (typeof r === 'string' ? r : r.address)),
      };
    }
    const info = (await (await this.transport()).sendMail(mail)) as { message: Buffer };
    const path = join(this.config.mail.outboxDir, `${fileName}.eml`);
    await writeFileAtomically(path, (partial) => writeFile(partial, info.message));
    return { transport: 'file', deliveredAs: path, rejected: [] };
  }
}
