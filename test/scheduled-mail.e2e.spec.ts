import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { AuthModule, AuthService } from '@mutu/auth';
import { ComplianceService } from '@mutu/compliance';
import { ConfigModule } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { planDemo, replayDemoPlan, samplePdf } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { type Principal } from '@mutu/domain';
import { JobsService } from '@mutu/jobs';
import { NotificationsService } from '@mutu/notifications';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { ReportingService } from '@mutu/reporting';
import { SchedulesService } from '@mutu/schedules';
import { WorkerJobsModule } from '../apps/worker/src/worker-jobs.module';
import { SmtpSink } from './support/smtp-sink';
import { APPLICATION, BSRE } from './support/renewal-fixtures';
import { createTestContext, type TestContext } from './support/test-app';

const MIN = 60_000;
const ADMIN = { id: 'cli', role: 'ADMIN' };
const ONLY = (job: string) => ({
  MUTU_JOB_AUDIT_CHECKPOINT_CRON: 'off',
  MUTU_JOB_MONTHLY_REPORT_CRON: job === 'monthly' ? '0 7 1 * *' : 'off',
  MUTU_JOB_WEEKLY_DIGEST_CRON: job === 'weekly' ? '0 7 * * 1' : 'off',
  MUTU_JOB_SLA_WATCH_CRON: job === 'sla' ? '* * * * *' : 'off',
  MUTU_JOB_EXPIRY_REMINDERS_CRON: job === 'expiry' ? '0 7 * * *' : 'off',
});

/** Delivers until nothing is pending, whichever process (a background ticker too) sends it. */
async function settle(ctx: TestContext): Promise<void> {
  const outbox = ctx.get(NotificationsService);
  while ((await outbox.list({ status: 'pending' }, 1, 1)).total) await outbox.deliverDue();
}

/** The worker, as `npm start` or `npm run start:worker` runs it, on a test database and SMTP server. */
async function startWorker(sink: SmtpSink, now: string, job: string): Promise<TestContext> {
  return createTestContext({
    imports: [WorkerJobsModule, AuthModule, RenewalsModule, DocumentsModule],
    now,
    env: { SMTP_URL: sink.url, MUTU_PUBLIC_URL: 'https://mutu.merantikab.go.id', ...ONLY(job) },
  });
}

/** A second worker process on the same database and clock. */
async function secondWorker(ctx: TestContext): Promise<TestingModule> {
  const other = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(ctx.config, ctx.clock),
      DatabaseModule.forRoot(ctx.database.url),
      WorkerJobsModule,
    ],
  }).compile();
  await other.init();
  return other;
}

describe('scheduled mail, over a real SMTP conversation', () => {
  let sink: SmtpSink;
  beforeAll(async () => (sink = await SmtpSink.start()));
  afterAll(() => sink.stop());
  beforeEach(() => sink.received.splice(0));

  it('mails last month’s report, PDF and Excel attached, once, though two workers run and the server was down at 07:00', async () => {
    const ctx = await startWorker(sink, '2026-11-20T03:00:00Z', 'monthly');
    const other = await secondWorker(ctx);
    try {
      await replayDemoPlan(
        planDemo({ seed: 8, now: new Date('2026-11-30T09:00:00Z'), renewals: 30, days: 45 }),
        { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
        ctx.clock,
      );
      // 10:00 WIB on 1 December: the server was down at 07:00 and has just come back.
      ctx.clock.set('2026-12-01T03:00:00Z');
      // The replay completed renewals, and each told its holder: those mails are not this test's.
      await settle(ctx);
      sink.received.splice(0);
      await ctx.get(AuthService).createUser(
        {
          username: 'kadis',
          displayName: 'Kepala Dinas',
          role: 'KEPALA_DINAS',
          password: 'kata-sandi-kadis-01',
          email: 'kadis@merantikab.go.id',
        },
        ADMIN,
      );

      await Promise.all([
        ctx.get(JobsService).tick(),
        other.get(JobsService).tick(),
        ctx.get(JobsService).tick(),
      ]);
      await Promise.all([
        ctx.get(NotificationsService).deliverDue(),
        other.get(NotificationsService).deliverDue(),
      ]);
      await settle(ctx);

      expect(sink.received).toHaveLength(1);
      const [mail] = sink.received;
      expect(mail.recipients).toEqual(['kadis@merantikab.go.id']);
      expect(mail.subject).toBe('Laporan kepatuhan SOP pembaruan sertifikat elektronik — November 2026');
      const figures = await ctx.get(ComplianceService).figures({ from: '2026-11-01', to: '2026-11-30' });
      expect(figures.renewals.opened).toBeGreaterThan(0);
      expect(mail.text).toContain(
        `Permohonan masuk: ${figures.renewals.opened}; selesai: ${figures.renewals.completed}`,
      );
      for (const step of figures.steps) expect(mail.text).toContain(`- Langkah ${step.step}: `);
      expect(mail.text).toContain('Dasbor kepatuhan dan arsip laporan: https://mutu.merantikab.go.id/dasbor');

      const archive = await ctx.get(ReportingService).archived({}, 1, 10);
      expect(archive.total).toBe(2);
      expect(mail.attachments.map((a) => a.name).sort()).toEqual([
        'laporan-kepatuhan-2026-11.pdf',
        'laporan-kepatuhan-2026-11.xlsx',
      ]);
      for (const attachment of mail.attachments) {
        const archived = archive.items.find((r) => r.fileName === attachment.name)!;
        expect(attachment).toMatchObject({
          size: archived.size,
          sha256: archived.sha256,
          mediaType: archived.mediaType,
        });
        expect(archived).toMatchObject({
          generatedBy: 'system:monthly-report',
          period: { from: '2026-11-01', to: '2026-11-30' },
        });
      }
      expect(mail.attachments.find((a) => a.name.endsWith('.pdf'))!.size).toBeGreaterThan(10_000);

      // A retry of the run (as after a failure once the files were made) files nothing new and
      // mails nothing new.
      await ctx.get(SchedulesService).sendMonthlyReport(new Date('2026-12-01T00:00:00Z'));
      await settle(ctx);
      expect((await ctx.get(ReportingService).archived({}, 1, 10)).total).toBe(2);
      expect(sink.received).toHaveLength(1);

      // Later ticks of either worker owe nothing more.
      ctx.clock.advance(60 * MIN);
      await Promise.all([ctx.get(JobsService).tick(), other.get(JobsService).tick()]);
      await settle(ctx);
      expect(sink.received).toHaveLength(1);
      const runs = await ctx.get(JobsService).history({ job: 'monthly-report' }, 1, 10);
      expect(runs.items).toEqual([
        expect.objectContaining({
          status: 'succeeded',
          attempt: 1,
          scheduledAtWib: '2026-12-01T07:00:00+07:00',
        }),
      ]);
    } finally {
      await other.close();
      await ctx.close();
    }
  });

  describe('SLA watch and expiry reminders', () => {
    let ctx: TestContext;
    const verifier: Principal = {
      id: 'verif.dinkes',
      role: 'VERIFIKATOR',
      holderNip: null,
      agencies: ['Dinas Kesehatan'],
    };

    beforeAll(async () => {
      ctx = await startWorker(sink, '2026-11-23T02:00:00Z', 'sla'); // Mon 09:00 WIB
      const auth = ctx.get(AuthService);
      for (const [username, role, email, agencies] of [
        ['verif.dinkes', 'VERIFIKATOR', 'verif.dinkes@merantikab.go.id', ['Dinas Kesehatan']],
        ['verif.lain', 'VERIFIKATOR', 'verif.lain@merantikab.go.id', ['Dinas Pendidikan']],
        ['operator.bsre', 'BSRE', 'operator@bsre.go.id', []],
        ['kadis', 'KEPALA_DINAS', 'kadis@merantikab.go.id', []],
      ] as const) {
        await auth.createUser(
          { username, displayName: username, role, password: 'kata-sandi-panjang-01', email, agencies },
          ADMIN,
        );
      }
    });
    afterAll(() => ctx.close());

    const watch = async () => {
      await ctx.get(JobsService).tick();
      await settle(ctx);
    };

    it('warns once when a step turns at risk and once when it breaches, the agency’s verifiers in copy', async () => {
      const renewal = await ctx.get(RenewalsService).open(APPLICATION, verifier);
      const [step] = renewal.timeline;
      await watch();
      expect(sink.received).toHaveLength(0); // 5 minutes' standard, none of it gone

      ctx.clock.advance(4 * MIN + 30_000); // past the at-risk share (80%), before the deadline
      await watch();
      ctx.clock.advance(20_000);
      await watch();
      expect(sink.received).toHaveLength(1);
      const [atRisk] = sink.received;
      expect(atRisk.subject).toBe(
        'Peringatan: langkah 1 pembaruan sertifikat Siti Rahma mendekati batas mutu baku',
      );
      expect(atRisk.text).toContain('Batas mutu baku: 23 November 2026 pukul 09.05 WIB');
      expect(atRisk.text).toContain('(5 menit kalender)');
      expect(atRisk.text).toContain(
        `- Halaman permohonan: https://mutu.merantikab.go.id/permohonan/${renewal.id}`,
      );
      const performer =
        step.performerRole === 'PENGGUNA' ? 'siti@merantikab.go.id' : 'verif.dinkes@merantikab.go.id';
      expect(atRisk.recipients).toEqual([performer]);

      ctx.clock.advance(MIN);
      await watch();
      for (let minute = 0; minute < 5; minute++) {
        ctx.clock.advance(MIN);
        await watch();
      }
      expect(sink.received).toHaveLength(2);
      const [, breached] = sink.received;
      expect(breached.subject).toBe('Pelanggaran mutu baku: langkah 1 pembaruan sertifikat Siti Rahma');
      expect(breached.recipients.sort()).toEqual(
        [...new Set([performer, 'verif.dinkes@merantikab.go.id'])].sort(),
      );
      expect(breached.recipients).not.toContain('verif.lain@merantikab.go.id');
    });

    it('sends the weekly digest on Monday to the head of office and the verifiers, with what is at risk now', async () => {
      sink.received.splice(0);
      await ctx.get(SchedulesService).sendWeeklyDigest(new Date('2026-11-30T00:00:00Z')); // Mon 07:00 WIB
      await ctx.get(SchedulesService).sendWeeklyDigest(new Date('2026-11-30T00:00:00Z')); // a retry: no second mail
      await settle(ctx);
      expect(sink.received).toHaveLength(1);
      const [digest] = sink.received;
      expect(digest.subject).toBe(
        'Ringkasan mingguan pembaruan sertifikat elektronik — 23 November 2026 s.d. 29 November 2026',
      );
      expect(digest.recipients.sort()).toEqual([
        'kadis@merantikab.go.id',
        'verif.dinkes@merantikab.go.id',
        'verif.lain@merantikab.go.id',
      ]);
      expect(digest.text).toContain('Permohonan masuk: 1; selesai: 0; masih berjalan: 1');
      expect(digest.text).toContain('Langkah yang berisiko atau melewati mutu baku saat ini (1):');
      expect(digest.text).toMatch(
        /- Siti Rahma \(Dinas Kesehatan\), langkah 1: melewati mutu baku, batas 23 November 2026 pukul 09\.05 WIB\n {2}https:\/\/mutu\.merantikab\.go\.id\/permohonan\/[0-9a-f-]{36}\n/,
      );
      expect(digest.text).toContain('Dasbor kepatuhan: https://mutu.merantikab.go.id/dasbor');
    });

    it('reminds holders of an expiring certificate at 30, 14 and 7 days, with the latest safe day to start', async () => {
      const db = new Client({ connectionString: ctx.database.url });
      await db.connect();
      try {
        // Siti's renewal above is open: no reminder for her. A second holder has none open.
        await db.query(
          `INSERT INTO agency (id, name, created_at) VALUES (gen_random_uuid(), 'Dinas Pendidikan', now()) ON CONFLICT DO NOTHING`,
        );
        await db.query(
          `INSERT INTO holder (id, nip, name, email, agency_id, certificate_serial, certificate_expires_on, created_at, updated_at)
           SELECT gen_random_uuid(), '199203042015032002', 'Budi Santoso', 'budi@merantikab.go.id', id, 'BSRE-2025-000777', '2026-12-30', now(), now()
             FROM agency WHERE name = 'Dinas Pendidikan'`,
        );
        await db.query(
          `UPDATE holder SET certificate_expires_on = '2026-12-20' WHERE nip = '198701012010011001'`,
        );
      } finally {
        await db.end();
      }
      sink.received.splice(0);
      const schedules = ctx.get(SchedulesService);
      const day = (date: string) => new Date(`${date}T00:00:00Z`); // 07:00 WIB

      await schedules.remindExpiries(day('2026-11-23')); // 37 days left: not yet
      await schedules.remindExpiries(day('2026-11-30')); // 30 days
      await schedules.remindExpiries(day('2026-12-01')); // 29: the 30-day reminder was sent
      await schedules.remindExpiries(day('2026-12-16')); // 14
      await schedules.remindExpiries(day('2026-12-23')); // 7
      await schedules.remindExpiries(day('2026-12-24'));
      await settle(ctx);

      expect(sink.received.map((m) => m.subject)).toEqual([
        'Sertifikat elektronik Anda berakhir 30 Desember 2026 — mulai pembaruan paling lambat 22 Desember 2026',
        'Sertifikat elektronik Anda berakhir 30 Desember 2026 — mulai pembaruan paling lambat 22 Desember 2026',
        'Sertifikat elektronik Anda berakhir 30 Desember 2026 — mulai pembaruan paling lambat 22 Desember 2026',
      ]);
      expect(sink.received.map((m) => m.recipients)).toEqual(
        Array(3).fill(['budi@merantikab.go.id', 'verif.lain@merantikab.go.id']),
      );
      expect(sink.received[0].text).toContain('berakhir masa berlakunya pada 30 Desember 2026, 30 hari lagi');
      expect(sink.received[0].text).toContain('paling lambat 22 Desember 2026 (hari kerja)');
      expect(sink.received[2].text).toContain('mohon mulai pembaruan hari ini');
      expect(sink.received[0].text).toContain(
        'Ajukan pembaruan di https://mutu.merantikab.go.id/permohonan/baru',
      );
    });

    it('does not send a warning whose step ended after it was queued, and asks the office, not the holder, at step 4', async () => {
      // Delivery happens when this test says: the background round would race the step's end.
      ctx.get(SchedulerRegistry).deleteInterval('mail-delivery');
      sink.received.splice(0);
      const renewals = ctx.get(RenewalsService);
      const schedules = ctx.get(SchedulesService);
      ctx.clock.set('2027-01-04T02:00:00Z'); // Mon 09:00 WIB
      let r = await renewals.open({ ...APPLICATION, nip: '199001012015011009', name: 'Rina' }, verifier);
      ctx.clock.advance(10 * MIN);
      expect(await schedules.watchSla()).toBe(1); // step 1 past its 5 minutes: breach warning queued
      for (const item of ['surat-rekomendasi', 'ktp', 'sk-jabatan']) {
        await ctx
          .get(DocumentsService)
          .upload(r.id, { item, bytes: samplePdf([item]), fileName: `${item}.pdf` }, verifier);
      }
      r = await renewals.act(r.id, r.version, { action: 'documents_ready' }, verifier);
      await settle(ctx);
      expect(sink.received).toHaveLength(0);
      const cancelled = await ctx.get(NotificationsService).list({ status: 'cancelled' }, 1, 10);
      expect(cancelled.items).toHaveLength(1);
      expect(cancelled.items[0].lastError).toMatch(
        /^Tidak dikirim: langkah yang diperingatkan sudah selesai pada 2027-01-04T09:10/,
      );

      r = await renewals.act(
        r.id,
        r.version,
        { action: 'submitted_to_ams', amsReference: 'AMS-9', passphraseSet: true },
        verifier,
      );
      await renewals.act(r.id, r.version, { action: 'verification_complete' }, BSRE);
      ctx.clock.advance(8 * 24 * 60 * MIN); // step 4's 7 days gone: the holder still not informed
      expect(await schedules.watchSla()).toBe(1);
      await settle(ctx);
      expect(sink.received).toHaveLength(1);
      const [step4] = sink.received;
      expect(step4.subject).toBe('Pelanggaran mutu baku: langkah 4 pembaruan sertifikat Rina');
      expect(step4.recipients).toEqual(['verif.dinkes@merantikab.go.id']);
      expect(step4.text).toContain('mohon pemegang segera diberi tahu');
      expect(step4.text).not.toContain('segera diselesaikan');
    });
  });
});
