import { RenewalRepository, TransactionRunner } from '@mutu/db';
import { samplePdf } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { ForbiddenActionError, ValidationError } from '@mutu/domain';
import { NotificationsService } from '@mutu/notifications';
import { SopsModule } from '@mutu/sops';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';
import { BSRE, VERIFIER } from '../../../test/support/renewal-fixtures';

const verifier = VERIFIER;
const bsre = BSRE;

describe("step 4's notice: the holder's e-mail when a renewal completes", () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let renewals: RenewalsService;
  let notifications: NotificationsService;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule],
      now: '2026-11-23T02:00:00Z', // Mon 09:00 WIB
      env: { SMTP_URL: sink.url, MUTU_PUBLIC_URL: 'https://mutu.merantikab.go.id/' },
    });
    renewals = ctx.get(RenewalsService);
    notifications = ctx.get(NotificationsService);
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  const holderCertificate = (renewalId: string) =>
    ctx.get(TransactionRunner).read(async () => {
      const { holder } = (await ctx.get(RenewalRepository).findWithSteps(renewalId))!;
      return { serial: holder.certificateSerial, expiresOn: holder.certificateExpiresOn };
    });

  /** Opens a renewal for the holder and takes it through steps 1–3. */
  const verified = async (nip: string, email: string) => {
    let r = await renewals.open(
      {
        nip,
        name: 'Siti Rahma',
        email,
        agency: 'Dinas Kesehatan',
        certificateSerial: `BSRE-2025-${nip.slice(-6)}`,
        currentExpiry: '2026-12-31',
      },
      verifier,
    );
    for (const item of ['surat-rekomendasi', 'ktp', 'sk-jabatan']) {
      await ctx
        .get(DocumentsService)
        .upload(r.id, { item, bytes: samplePdf([item, nip]), fileName: `${item}.pdf` }, verifier);
    }
    r = await renewals.act(r.id, r.version, { action: 'documents_ready' }, verifier);
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'submitted_to_ams', amsReference: 'AMS-78', passphraseSet: true },
      verifier,
    );
    return renewals.act(r.id, r.version, { action: 'verification_complete' }, bsre);
  };

  it('queues the "certificate renewed" mail to the registered e-mail and records the new expiry', async () => {
    const r = await verified('198701012010011001', 'siti@merantikab.go.id');
    expect(await holderCertificate(r.id)).toEqual({ serial: 'BSRE-2025-011001', expiresOn: '2026-12-31' });
    expect((await notifications.list({}, 1, 10)).total).toBe(0);

    const done = await renewals.act(
      r.id,
      r.version,
      { action: 'holder_informed', channel: 'EMAIL', validFrom: '2026-11-27', validUntil: '2028-11-27' },
      verifier,
    );
    expect(done.status).toBe('completed');
    expect(await holderCertificate(r.id)).toEqual({ serial: 'BSRE-2025-011001', expiresOn: '2028-11-27' });
    const { items } = await notifications.list({}, 1, 10);
    expect(items).toMatchObject([
      {
        template: 'certificate-renewed',
        lang: 'id',
        dedupeKey: `certificate-renewed:${r.id}`,
        to: ['siti@merantikab.go.id'],
        status: 'pending',
      },
    ]);

    expect(await notifications.deliverDue()).toMatchObject({ sent: 1 });
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail.recipients).toEqual(['siti@merantikab.go.id']);
    expect(mail.subject).toBe('Sertifikat elektronik Anda telah diperbarui — berlaku s.d. 27 November 2028');
    expect(mail.text).toContain('Sertifikat elektronik Anda telah diperbarui.');
    expect(mail.text).toContain('sertifikat nomor seri BSRE-2025-011001 (Dinas Kesehatan)');
    expect(mail.text).toContain('Masa berlaku sertifikat baru: 27 November 2026 s.d. 27 November 2028');
    expect(mail.text).toContain('Nomor referensi AMS: AMS-78');
    // The mail links to the renewal's page, at the address people open Mutu at.
    const page = `https://mutu.merantikab.go.id/permohonan/${r.id}`;
    expect(mail.text).toContain(`Rincian permohonan: ${page}`);
    expect(mail.html).toContain(`<a href="${page}">${page}</a>`);
  });

  it('queues nothing and keeps the old expiry when completing is refused', async () => {
    const r = await verified('199001012015011002', 'budi@merantikab.go.id');
    const before = (await notifications.list({}, 1, 10)).total;
    await expect(
      renewals.act(
        r.id,
        r.version,
        { action: 'holder_informed', channel: 'EMAIL', validFrom: '2026-11-27', validUntil: '2026-11-01' },
        verifier,
      ),
    ).rejects.toThrow(ValidationError);
    await expect(
      renewals.act(
        r.id,
        r.version,
        { action: 'holder_informed', channel: 'EMAIL', validFrom: '2026-11-27', validUntil: '2028-11-27' },
        bsre,
      ),
    ).rejects.toThrow(ForbiddenActionError);
    expect((await notifications.list({}, 1, 10)).total).toBe(before);
    expect(await holderCertificate(r.id)).toEqual({ serial: 'BSRE-2025-011002', expiresOn: '2026-12-31' });
  });
});
