import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { simpleParser } from 'mailparser';
import { AuditService } from '@mutu/audit';
import { ConfigModule } from '@mutu/config';
import { DatabaseModule, TransactionRunner } from '@mutu/db';
import { samplePdf } from '@mutu/demo';
import { ConflictError } from '@mutu/domain';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { NotificationsModule } from './notifications.module';
import { type MailRequest, NotificationsService } from './notifications.service';
import { RENEWED_MAIL_MODEL } from '../../../test/support/mail-fixtures';

const MIN = 60_000;
const mail = (overrides: Partial<MailRequest> = {}): MailRequest => ({
  template: 'certificate-renewed',
  to: ['siti@merantikab.go.id'],
  model: RENEWED_MAIL_MODEL,
  ...overrides,
});

describe('NotificationsService', () => {
  let ctx: TestContext;
  let notifications: NotificationsService;
  let sink: SmtpSink | null = null;
  let files: string;

  const start = async (env: Record<string, string> = {}) => {
    ctx = await createTestContext({ imports: [NotificationsModule], now: '2026-11-27T02:00:00Z', env });
    notifications = ctx.get(NotificationsService);
  };
  /** Queues as a service method would: inside a transaction of its own. */
  const enqueue = (request: MailRequest) =>
    ctx.get(TransactionRunner).run(() => notifications.enqueue(request));
  const queue = async (request: MailRequest): Promise<string> => {
    const id = await enqueue(request);
    if (!id) throw new Error('tidak diantrekan');
    return id;
  };
  const outbox = async (status?: 'pending' | 'sent' | 'failed') =>
    (await notifications.list({ status }, 1, 100)).items;

  beforeEach(() => {
    files = mkdtempSync(join(tmpdir(), 'mutu-mail-attachments-'));
  });
  afterEach(async () => {
    await ctx.close();
    await sink?.stop();
    sink = null;
    rmSync(files, { recursive: true, force: true });
  });

  it('holds a real SMTP conversation: recipients, subject, body and a fingerprinted attachment', async () => {
    sink = await SmtpSink.start();
    await start({ SMTP_URL: sink.url, MAIL_FROM: '"Mutu Meranti" <mutu@merantikab.go.id>' });
    const pdf = samplePdf(['Laporan kepatuhan', 'November 2026']);
    writeFileSync(join(files, 'laporan.pdf'), pdf);

    const id = await enqueue(
      mail({
        cc: ['kadis@merantikab.go.id'],
        attachments: [
          { path: join(files, 'laporan.pdf'), name: 'laporan-2026-11.pdf', mediaType: 'application/pdf' },
        ],
      }),
    );
    expect(await notifications.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });

    expect(sink.received).toHaveLength(1);
    const [received] = sink.received;
    expect(received.sender).toBe('mutu@merantikab.go.id');
    expect(received.recipients.sort()).toEqual(['kadis@merantikab.go.id', 'siti@merantikab.go.id']);
    expect(received.to).toEqual(['siti@merantikab.go.id']);
    expect(received.cc).toEqual(['kadis@merantikab.go.id']);
    expect(received.subject).toBe(
      'Sertifikat elektronik Anda telah diperbarui — berlaku s.d. 27 November 2028',
    );
    expect(received.text).toContain('Yth. Bapak/Ibu Siti Rahma,');
    expect(received.text).toContain('Masa berlaku sertifikat baru: 27 November 2026 s.d. 27 November 2028');
    expect(received.text).toContain('Nomor referensi AMS: AMS-78');
    expect(received.html).toContain('Masa berlaku sertifikat baru: 27 November 2026 s.d. 27 November 2028');
    expect(received.html).toContain('dikirim otomatis oleh Mutu');
    expect(received.messageId).toBe(`<${id}@merantikab.go.id>`);

    const [row] = await outbox();
    const sha256 = createHash('sha256').update(pdf).digest('hex');
    expect(row.attachments).toEqual([
      { name: 'laporan-2026-11.pdf', mediaType: 'application/pdf', size: pdf.length, sha256 },
    ]);
    expect(received.attachments).toEqual([
      { name: 'laporan-2026-11.pdf', mediaType: 'application/pdf', size: pdf.length, sha256 },
    ]);
    expect(row).toMatchObject({
      id,
      status: 'sent',
      attempts: 1,
      transport: 'smtp',
      deliveredAs: `<${id}@merantikab.go.id>`,
      lastError: null,
      nextAttemptAt: null,
      to: ['siti@merantikab.go.id'],
      cc: ['kadis@merantikab.go.id'],
      sentAt: { utc: '2026-11-27T02:00:00.000Z', local: '2026-11-27T09:00:00+07:00' },
    });
  });

  it('writes every message as a parseable .eml file when no SMTP server is configured', async () => {
    await start();
    const ids = [];
    for (const name of ['Siti Rahma', 'Budi & Sons <script>']) {
      ids.push(await enqueue(mail({ model: { ...RENEWED_MAIL_MODEL, holderName: name } })));
    }
    ids.push(await enqueue(mail({ lang: 'en' })));
    expect(await notifications.deliverDue()).toEqual({ sent: 3, retrying: 0, failed: 0, cancelled: 0 });

    const written = readdirSync(ctx.config.mail.outboxDir).sort();
    expect(written).toHaveLength(3);
    expect(written.every((f) => /^20261127T020000Z-[0-9a-f-]{36}\.eml$/.test(f))).toBe(true);
    const rows = await outbox('sent');
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      expect(row.transport).toBe('file');
      expect(written.map((f) => join(ctx.config.mail.outboxDir, f))).toContain(row.deliveredAs);
    }
    const parsed = await Promise.all(
      rows.map(async (row) => ({ row, mail: await simpleParser(readFileSync(row.deliveredAs!)) })),
    );
    const budi = parsed.find((p) => p.mail.text?.includes('Budi'))!;
    // Plain text stays plain; the HTML body escapes what it places.
    expect(budi.mail.text).toContain('Yth. Bapak/Ibu Budi & Sons <script>,');
    expect(budi.mail.html).toContain('Yth. Bapak/Ibu Budi &#38; Sons &#60;script&#62;,');
    expect(budi.mail.subject).toBe(budi.row.subject);
    const english = parsed.find((p) => p.row.lang === 'en')!;
    expect(english.mail.subject).toBe(
      'Your electronic certificate has been renewed — valid until 2028-11-27',
    );
    // No English HTML body: the text is set in paragraphs inside the English layout.
    expect(english.mail.html).toContain('<p>Dear Siti Rahma,</p>');
    expect(english.mail.html).toContain('sent automatically by Mutu');
  });

  it('retries while the SMTP server is down, with growing waits, and delivers once when it is back', async () => {
    sink = await SmtpSink.start();
    await start({ SMTP_URL: sink.url });
    await sink.stop();
    const id = await enqueue(mail());

    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    let [row] = await outbox();
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: { utc: '2026-11-27T02:01:00.000Z', local: '2026-11-27T09:01:00+07:00' },
    });
    expect(row.lastError).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);

    ctx.clock.advance(MIN - 1);
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    ctx.clock.advance(1);
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    [row] = await outbox();
    expect(row).toMatchObject({ attempts: 2, nextAttemptAt: { utc: '2026-11-27T02:03:00.000Z' } });

    await sink.restart();
    sink.refuse(451, 'Mailbox busy');
    ctx.clock.advance(2 * MIN);
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    [row] = await outbox();
    expect(row).toMatchObject({ attempts: 3, nextAttemptAt: { utc: '2026-11-27T02:07:00.000Z' } });
    expect(row.lastError).toContain('Mailbox busy');

    sink.accept();
    ctx.clock.advance(4 * MIN);
    expect(await notifications.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    ctx.clock.advance(60 * MIN);
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    expect(sink.received.map((m) => m.messageId)).toEqual([`<${id}@merantikab.go.id>`]);
    [row] = await outbox();
    expect(row).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
  });

  it('fails at once on a 5xx answer and after the last try on 4xx, visibly, until an admin retries', async () => {
    sink = await SmtpSink.start();
    await start({ SMTP_URL: sink.url, MUTU_MAIL_MAX_ATTEMPTS: '2' });
    sink.refuse(550, 'No such user here');
    const permanent = await queue(mail({ to: ['tidak-ada@merantikab.go.id'] }));
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 1, cancelled: 0 });
    expect(await outbox('failed')).toMatchObject([
      { id: permanent, status: 'failed', attempts: 1, nextAttemptAt: null },
    ]);
    expect((await outbox('failed'))[0].lastError).toContain('No such user here');

    sink.refuse(421, 'Service not available');
    const temporary = await queue(mail());
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    ctx.clock.advance(MIN);
    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 1, cancelled: 0 });
    expect((await outbox('failed')).map((r) => [r.id, r.attempts]).sort()).toEqual(
      [
        [permanent, 1],
        [temporary, 2],
      ].sort(),
    );

    // One unknown mailbox among several: the others get the message, and the row says who did not.
    sink.accept();
    sink.refuseRecipient('pensiun@merantikab.go.id');
    const partly = await queue(mail({ to: ['siti@merantikab.go.id', 'pensiun@merantikab.go.id'] }));
    expect(await notifications.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    expect(sink.received.map((m) => [m.messageId, m.recipients])).toEqual([
      [`<${partly}@merantikab.go.id>`, ['siti@merantikab.go.id']],
    ]);
    expect((await outbox('sent'))[0]).toMatchObject({
      id: partly,
      lastError: 'Penerima ditolak server: pensiun@merantikab.go.id',
    });
    sink.received.length = 0;

    const admin = { id: 'admin-1', role: 'ADMIN' };
    await expect(notifications.retry(temporary, admin)).resolves.toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    await expect(notifications.retry(temporary, admin)).rejects.toThrow(ConflictError);
    expect(await notifications.deliverDue()).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    expect(sink.received.map((m) => m.messageId)).toEqual([`<${temporary}@merantikab.go.id>`]);
    const events = await ctx.get(AuditService).history('outbox_message', temporary);
    expect(events).toMatchObject([
      { action: 'outbox.retried', actorId: 'admin-1', before: { status: 'failed', attempts: 2 } },
    ]);
  });

  it('queues a dedupe key once, even from racing transactions, and nothing without recipients', async () => {
    await start();
    const first = await enqueue(mail({ dedupeKey: 'certificate-renewed:r-1' }));
    expect(first).toEqual(expect.any(String));
    expect(await enqueue(mail({ dedupeKey: 'certificate-renewed:r-1' }))).toBeNull();
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => enqueue(mail({ dedupeKey: 'certificate-renewed:r-2' }))),
    );
    expect(racing.filter((id) => id !== null)).toHaveLength(1);
    expect(await enqueue(mail({ to: [] }))).toBeNull();
    expect((await outbox()).map((r) => r.dedupeKey).sort()).toEqual([
      'certificate-renewed:r-1',
      'certificate-renewed:r-2',
    ]);
  });

  it('queues nothing when the transaction it was queued in rolls back', async () => {
    await start();
    await expect(
      ctx.get(TransactionRunner).run(async () => {
        await notifications.enqueue(mail());
        throw new Error('peristiwa gagal');
      }),
    ).rejects.toThrow('peristiwa gagal');
    expect(await outbox()).toEqual([]);
    await expect(enqueue(mail({ template: 'tidak-ada' }))).rejects.toThrow(
      'Templat mail/id/tidak-ada.subject.hbs tidak ada',
    );
  });

  it('refuses to send an attachment that changed or vanished since it was queued', async () => {
    await start();
    const attach = (file: string) => ({ path: join(files, file), name: file, mediaType: 'application/pdf' });
    writeFileSync(join(files, 'berubah.pdf'), samplePdf(['asli']));
    writeFileSync(join(files, 'hilang.pdf'), samplePdf(['asli']));
    const changed = await queue(mail({ attachments: [attach('berubah.pdf')] }));
    const vanished = await queue(mail({ attachments: [attach('hilang.pdf')] }));
    writeFileSync(join(files, 'berubah.pdf'), samplePdf(['palsu']));
    rmSync(join(files, 'hilang.pdf'));

    expect(await notifications.deliverDue()).toEqual({ sent: 0, retrying: 0, failed: 2, cancelled: 0 });
    const failed = new Map((await outbox('failed')).map((r) => [r.id, r.lastError]));
    expect(failed.get(changed)).toMatch(/^Lampiran berubah\.pdf berubah sejak pesan diantrekan/);
    expect(failed.get(vanished)).toMatch(/^Lampiran hilang\.pdf tidak ada lagi/);
    expect(readdirSync(ctx.config.mail.outboxDir)).toEqual([]);
  });

  it('sends each message once when two processes deliver at the same time', async () => {
    sink = await SmtpSink.start();
    await start({ SMTP_URL: sink.url });
    const other = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(ctx.config, ctx.clock),
        DatabaseModule.forRoot(ctx.database.url),
        NotificationsModule,
      ],
    }).compile();
    await other.init();
    try {
      const ids = [];
      for (let i = 0; i < 30; i++) ids.push(await enqueue(mail({ to: [`pemegang${i}@merantikab.go.id`] })));
      const rounds = await Promise.all([
        notifications.deliverDue(),
        other.get(NotificationsService).deliverDue(),
        notifications.deliverDue(),
      ]);
      expect(rounds.reduce((sum, r) => sum + r.sent, 0)).toBe(30);
      expect(rounds.filter((r) => r.sent > 0).length).toBeGreaterThan(1);
      const delivered = sink.received.map((m) => m.messageId).sort();
      expect(delivered).toEqual(ids.map((id) => `<${id}@merantikab.go.id>`).sort());
      expect((await outbox('sent')).every((r) => r.attempts === 1)).toBe(true);
    } finally {
      await other.close();
    }
  });
});
