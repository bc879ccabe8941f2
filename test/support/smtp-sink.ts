import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './free-port';

/** One message as the server received it: the SMTP envelope and the parsed content. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), which include Cc and Bcc. */
  readonly recipients: string[];
  readonly sender: string;
  readonly to: string[];
  readonly cc: string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly attachments: { name: string; mediaType: string; size: number; sha256: string }[];
  /** The message as transmitted (RFC 822). */
  readonly raw: Buffer;
}

function addresses(value: unknown): string[] {
  const list = (Array.isArray(value) ? value : value ? [value] : []) as { value: { address?: string }[] }[];
  return list.flatMap((group) => group.value.map((a) => a.address ?? ''));
}

/**
 * A real SMTP server in the test process that keeps what it receives. It can be stopped and
 * started again on the same port (a mail server that is down for a while), and told to answer
 * every MAIL FROM, or the RCPT TO of one address, with a temporary (4xx) or permanent (5xx) refusal.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private refusal: { code: number; message: string } | null = null;
  private readonly refusedRecipients = new Map<string, number>();
  private server: SMTPServer | null = null;
  private readonly waiters: { count: number; resolve: () => void }[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort());
    await sink.restart();
    return sink;
  }

  /** The SMTP_URL that reaches this server. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Answers MAIL FROM with this code (e.g. 451 or 550) until `accept()`. */
  refuse(code: number, message = code >= 500 ? 'Mailbox unavailable' : 'Try again later'): void {
    this.refusal = { code, message };
  }

  /** Answers RCPT TO for this address with `code`, while other recipients are taken, until `accept()`. */
  refuseRecipient(address: string, code = 550): void {
    this.refusedRecipients.set(address.toLowerCase(), code);
  }

  accept(): void {
    this.refusal = null;
    this.refusedRecipients.clear();
  }

  /** Starts (again) on the same port. */
  async restart(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onMailFrom: (_address, _session, callback) => {
        if (!this.refusal) return callback();
        const error = new Error(this.refusal.message) as Error & { responseCode: number };
        error.responseCode = this.refusal.code;
        callback(error);
      },
      onRcptTo: (address, _session, callback) => {
        const code = this.refusedRecipients.get(address.address.toLowerCase());
        if (code === undefined) return callback();
        const error = new Error(`Recipient ${address.address} refused`) as Error & { responseCode: number };
        error.responseCode = code;
        callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw).then(
            (mail) => {
              this.received.push({
                recipients: session.envelope.rcptTo.map((r) => r.address),
                sender: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: addresses(mail.to),
                cc: addresses(mail.cc),
                from: addresses(mail.from)[0] ?? '',
                subject: mail.subject ?? '',
                text: mail.text ?? '',
                html: typeof mail.html === 'string' ? mail.html : '',
                messageId: mail.messageId ?? '',
                attachments: mail.attachments.map((a) => ({
                  name: a.filename ?? '',
                  mediaType: a.contentType,
                  size: a.content.length,
                  sha256: createHash('sha256').update(a.content).digest('hex'),
                })),
                raw,
              });
              this.waiters
                .filter((w) => this.received.length >= w.count)
                .forEach((w) => {
                  this.waiters.splice(this.waiters.indexOf(w), 1);
                  w.resolve();
                });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening; connections in progress are closed. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` messages have arrived in all. */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}
