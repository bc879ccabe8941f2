import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AuditService } from '@mutu/audit';
import { samplePdf, sampleJpeg } from '@mutu/demo';
import { RenewalsService } from '@mutu/renewals';
import { ReportingService } from '@mutu/reporting';
import { createAccount, launchChromium, screenshots, signIn, startWebApp } from './support/web-browser';
import { VERIFIER } from './support/renewal-fixtures';

type WebApp = Awaited<ReturnType<typeof startWebApp>>;

// A person's whole part of the SOP in a real browser: longer than one request, on a shared machine.
jest.setTimeout(180_000);

const SITI = { nip: '198701012010011001', name: 'Siti Rahma', email: 'siti@merantikab.go.id' };
const RECOMMENDATION = 'Surat permohonan / rekomendasi pembaruan dari atasan (kepala OPD)';

/** Clicks something that leads to another page (a form post and its redirect) and waits for it. */
async function follow(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), click()]);
  await page.waitForLoadState('load');
}

const text = (page: Page) => page.locator('main').innerText();

async function upload(page: Page, item: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Butir kelengkapan').selectOption(item);
  await page.getByLabel('Berkas (PDF, JPEG atau PNG)').setInputFiles(file);
  await follow(page, () => page.getByRole('button', { name: 'Unggah', exact: true }).click());
}

const pdf = (name: string, line: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: samplePdf([line, SITI.name]),
});

/** Step 1 from the renewal page: the round's documents, then "ready". */
async function gatherDocuments(page: Page, items: string[]): Promise<void> {
  for (const item of items) {
    await upload(
      page,
      item,
      item === 'ktp'
        ? { name: 'ktp.jpg', mimeType: 'image/jpeg', buffer: sampleJpeg('KTP') }
        : pdf(`${item}.pdf`, item),
    );
    expect(await page.getByRole('status').innerText()).toContain('Dokumen diunggah');
  }
  await follow(page, () => page.getByRole('button', { name: /Dokumen pendukung siap/ }).click());
}

/** Step 2 from the renewal page. */
async function submitInAms(page: Page, reference: string): Promise<void> {
  await page.getByLabel('Nomor referensi AMS').fill(reference);
  await page.getByLabel(/Passphrase baru sudah diatur/).check();
  await follow(page, () => page.getByRole('button', { name: /Sudah diajukan di AMS/ }).click());
}

/** Step 3 from the renewal page: "Tidak" naming items, or "Ya". */
async function verdict(page: Page, missing: string[] | 'complete'): Promise<void> {
  if (missing === 'complete') {
    await follow(page, () => page.getByRole('button', { name: 'Ya: berkas lengkap' }).click());
    return;
  }
  for (const label of missing) await page.getByLabel(label).check();
  await follow(page, () => page.getByRole('button', { name: 'Tidak: berkas belum lengkap' }).click());
}

/** Step 4 from the renewal page. */
async function informHolder(page: Page): Promise<void> {
  await page.getByLabel('Berlaku mulai').fill('2026-11-24');
  await page.getByLabel('Berlaku sampai').fill('2028-11-24');
  await follow(page, () => page.getByRole('button', { name: /Pemegang sudah diberi tahu/ }).click());
}

/** Mutu with an admin, the holder Siti and a verifier of her agency. */
async function startWithPeople(env: Record<string, string> = {}): Promise<WebApp> {
  const web = await startWebApp(env);
  await createAccount(web.ctx, 'admin', 'ADMIN');
  await createAccount(web.ctx, 'siti', 'PENGGUNA', {
    holderNip: SITI.nip,
    displayName: SITI.name,
    email: SITI.email,
  });
  await createAccount(web.ctx, 'verifikator.dinkes', 'VERIFIKATOR', { agencies: ['Dinas Kesehatan'] });
  return web;
}

describe('renewal pages (Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function personAt(web: WebApp, username: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, web.base, username);
    return { context, page };
  }

  describe('with BSrE signing in to record its verdict (the default)', () => {
    let web: WebApp;
    let sitiRenewal: string;

    beforeAll(async () => {
      web = await startWithPeople();
      await createAccount(web.ctx, 'verifikator.dinsos', 'VERIFIKATOR', { agencies: ['Dinas Sosial'] });
      await createAccount(web.ctx, 'bsre.operator', 'BSRE');
    });
    afterAll(() => web?.ctx.close());

    it('takes a renewal through a "Tidak" round to completion: holder, BSrE, verifier', async () => {
      const holder = await personAt(web, 'siti');
      expect(new URL(holder.page.url()).pathname).toBe('/permohonan');
      expect(await text(holder.page)).toContain('Belum ada permohonan');

      // The holder applies; name and e-mail come from the account.
      await holder.page.getByRole('link', { name: 'Ajukan pembaruan' }).first().click();
      expect(await holder.page.getByLabel('Nama pemegang sertifikat').inputValue()).toBe(SITI.name);
      await holder.page.getByLabel('OPD').fill('Dinas Kesehatan');
      await holder.page.getByLabel('Nomor seri sertifikat').fill('BSRE-2025-000123');
      await holder.page.getByLabel('Masa berlaku sertifikat sekarang berakhir').fill('2026-12-31');
      await follow(holder.page, () => holder.page.getByRole('button', { name: 'Ajukan pembaruan' }).click());
      sitiRenewal = new URL(holder.page.url()).pathname.split('/')[2];
      expect(await text(holder.page)).toContain('sesuai jadwal: tersisa 5 menit');

      // Step 1 cannot end without the documents; the page says which.
      await follow(holder.page, () =>
        holder.page.getByRole('button', { name: /Dokumen pendukung siap/ }).click(),
      );
      expect(await holder.page.getByRole('alert').innerText()).toContain('belum lengkap; unggah dulu');
      // A text file named .pdf is judged by its bytes and refused in words.
      await upload(holder.page, 'ktp', {
        name: 'palsu.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('bukan PDF'),
      });
      expect(await holder.page.getByRole('alert').innerText()).toContain('yang diterima hanya');
      await gatherDocuments(holder.page, ['surat-rekomendasi', 'ktp', 'sk-jabatan']);
      expect(await text(holder.page)).toContain('Langkah 2');
      await submitInAms(holder.page, 'AMS-77');
      expect(await text(holder.page)).toContain('Langkah 3: pemeriksaan berkas oleh BSrE');
      // BSrE's verdict is not the holder's to give; cancelling stays possible.
      expect(await holder.page.getByRole('button', { name: /berkas lengkap/ }).count()).toBe(0);
      expect(await holder.page.getByRole('button', { name: 'Batalkan permohonan' }).count()).toBe(1);
      await screenshots(holder.page, 'renewal-step3');

      // BSrE finds it in its queue and says "Tidak", naming the letter.
      const bsre = await personAt(web, 'bsre.operator');
      expect(new URL(bsre.page.url()).pathname).toBe('/bsre');
      await screenshots(bsre.page, 'bsre-queue');
      await follow(bsre.page, () => bsre.page.getByRole('link', { name: SITI.name }).click());
      await verdict(bsre.page, [RECOMMENDATION]);
      expect(await text(bsre.page)).toContain(`Dikembalikan untuk: ${RECOMMENDATION}`);

      // Round 2 asks the holder for exactly that letter.
      await holder.page.reload();
      expect(await text(holder.page)).toMatch(/Putaran\s+2/);
      expect(await holder.page.locator('.checklist li', { hasText: RECOMMENDATION }).innerText()).toContain(
        'Belum ada',
      );
      await gatherDocuments(holder.page, ['surat-rekomendasi']);
      await submitInAms(holder.page, 'AMS-78');
      await bsre.page.reload();
      await verdict(bsre.page, 'complete');
      expect(await text(bsre.page)).toContain('Langkah 4');

      // The verifier of the agency tells the holder, from the queue.
      const verifier = await personAt(web, 'verifikator.dinkes');
      expect(new URL(verifier.page.url()).pathname).toBe('/antrian');
      await follow(verifier.page, () => verifier.page.getByRole('link', { name: SITI.name }).click());
      await informHolder(verifier.page);
      const done = await text(verifier.page);
      expect(done).toContain('Selesai');
      expect(await verifier.page.locator('#linimasa ~ .table-wrap tbody tr').count()).toBe(7);
      expect(done).not.toContain('dicatat oleh verifikator atas informasi BSrE');
      await screenshots(verifier.page, 'renewal-completed');
      await holder.page.goto(`${web.base}/permohonan`);
      expect(await text(holder.page)).toContain('Selesai');
      await screenshots(holder.page, 'my-renewals');
      await Promise.all([holder.context.close(), bsre.context.close(), verifier.context.close()]);
    });

    it('shows a renewal of another agency to nobody else: 404', async () => {
      const outsider = await personAt(web, 'verifikator.dinsos');
      const page = await outsider.page.goto(`${web.base}/permohonan/${sitiRenewal}`);
      expect(page!.status()).toBe(404);
      expect(await text(outsider.page)).toContain('di luar wewenang Anda');
      expect(await text(outsider.page)).not.toContain(SITI.name);
      const queue = await outsider.page.goto(`${web.base}/antrian`);
      expect(queue!.status()).toBe(200);
      expect(await text(outsider.page)).not.toContain(SITI.name);
      await outsider.context.close();
    });

    it('finds renewals by NIP and by name, sorts by time left, and shows the breached', async () => {
      const renewals = web.ctx.get(RenewalsService);
      const open = (nip: string, name: string) =>
        renewals.open(
          {
            nip,
            name,
            email: `${nip}@merantikab.go.id`,
            agency: 'Dinas Kesehatan',
            certificateSerial: `S-${nip}`,
            currentExpiry: '2027-01-31',
          },
          VERIFIER,
        );
      // Opened at different times: Ani's deadline is nearest, then Citra's, then Budi's. A minute
      // first, so that Ani opens after the renewals of the earlier tests (at an equal opening time
      // the order falls to the random ids).
      web.ctx.clock.advance(60_000);
      await open('199001012015011001', 'Ani Lestari');
      web.ctx.clock.advance(2 * 60_000);
      await open('199203032016032003', 'Budi Santoso');
      web.ctx.clock.advance(-60_000);
      await open('199102022015022002', 'Citra Dewi');
      // Ani's 5 minutes ran out a minute ago; Citra's end now, Budi's in a minute.
      web.ctx.clock.advance(5 * 60_000);

      const verifier = await personAt(web, 'verifikator.dinkes');
      const names = async () =>
        verifier.page.locator('table.stack tbody tr td:first-child a').allInnerTexts();
      await verifier.page.goto(`${web.base}/antrian`);
      expect((await names()).slice(0, 3)).toEqual(['Ani Lestari', 'Citra Dewi', 'Budi Santoso']);
      const queue = await text(verifier.page);
      expect(queue).toContain('melewati mutu baku: lewat 1 menit');
      expect(queue).toContain('berisiko: tersisa 1 menit');
      await screenshots(verifier.page, 'queue');

      await verifier.page.getByLabel('Urutan').selectOption('newest');
      await follow(verifier.page, () => verifier.page.getByRole('button', { name: 'Tampilkan' }).click());
      expect((await names()).slice(0, 3)).toEqual(['Budi Santoso', 'Citra Dewi', 'Ani Lestari']);

      await verifier.page.getByLabel('Cari NIP atau nama').fill('199203032016032003');
      await follow(verifier.page, () => verifier.page.getByRole('button', { name: 'Tampilkan' }).click());
      expect(await names()).toEqual(['Budi Santoso']);
      await verifier.page.getByLabel('Cari NIP atau nama').fill('citra');
      await follow(verifier.page, () => verifier.page.getByRole('button', { name: 'Tampilkan' }).click());
      expect(await names()).toEqual(['Citra Dewi']);

      await verifier.page.getByLabel('Cari NIP atau nama').fill('');
      await verifier.page.getByLabel('Hanya yang melewati mutu baku').check();
      await follow(verifier.page, () => verifier.page.getByRole('button', { name: 'Tampilkan' }).click());
      expect(await names()).toEqual(['Ani Lestari']);
      await verifier.context.close();
    });

    it('refuses a stale form: someone else changed the renewal since it was shown', async () => {
      const first = await personAt(web, 'verifikator.dinkes');
      const second = await personAt(web, 'verifikator.dinkes');
      await first.page.goto(`${web.base}/antrian?q=Budi`);
      await follow(first.page, () => first.page.getByRole('link', { name: 'Budi Santoso' }).click());
      await second.page.goto(first.page.url());
      await second.page.getByLabel('Alasan pembatalan').fill('Pegawai pindah tugas');
      await follow(second.page, () =>
        second.page.getByRole('button', { name: 'Batalkan permohonan' }).click(),
      );
      expect(await text(second.page)).toContain('Dibatalkan');

      await first.page.getByLabel('Alasan pembatalan').fill('Diajukan dua kali');
      await follow(first.page, () => first.page.getByRole('button', { name: 'Batalkan permohonan' }).click());
      expect(await first.page.getByRole('alert').innerText()).toContain(
        'sudah diubah orang lain, muat ulang',
      );
      await Promise.all([first.context.close(), second.context.close()]);
    });
    it('records an action from a paper record at its real time, with a reason, marked as corrected', async () => {
      const verifier = await personAt(web, 'verifikator.dinkes');
      await verifier.page.goto(`${web.base}/antrian?q=Citra`);
      await follow(verifier.page, () => verifier.page.getByRole('link', { name: 'Citra Dewi' }).click());
      // Citra's renewal opened at 10.01 WIB; it was cancelled on paper at 10.03.
      await verifier.page.getByLabel('Alasan pembatalan').fill('Pemegang mengundurkan diri');
      const paper = verifier.page.locator('form[action$="/batal"]');
      await paper.getByText('Dicatat dari kertas?').click();
      await paper.getByLabel('Terjadi pada (WIB)').fill('2026-11-24T10:03');
      await follow(verifier.page, () =>
        verifier.page.getByRole('button', { name: 'Batalkan permohonan' }).click(),
      );
      expect(await verifier.page.getByRole('alert').innerText()).toContain('alasan koreksi wajib diisi');

      await verifier.page.getByLabel('Alasan pembatalan').fill('Pemegang mengundurkan diri');
      await paper.getByText('Dicatat dari kertas?').click();
      await paper.getByLabel('Terjadi pada (WIB)').fill('2026-11-24T10:03');
      await paper.getByLabel('Alasan koreksi').fill('Dicatat di formulir kertas saat listrik padam');
      await follow(verifier.page, () =>
        verifier.page.getByRole('button', { name: 'Batalkan permohonan' }).click(),
      );
      const timeline = await verifier.page.locator('#linimasa ~ .table-wrap').innerText();
      expect(timeline).toContain(
        'Dikoreksi (dari catatan kertas): Dicatat di formulir kertas saat listrik padam',
      );
      expect(timeline).toMatch(/24 Nov 2026,\s+10\.03 WIB/);
      expect(await text(verifier.page)).toContain('Dibatalkan');
      await verifier.context.close();
    });
  });

  describe("with verifiers relaying BSrE's verdict (MUTU_BSRE_VERDICT_BY=VERIFIKATOR)", () => {
    let web: WebApp;

    beforeAll(async () => {
      web = await startWithPeople({ MUTU_BSRE_VERDICT_BY: 'VERIFIKATOR' });
    });
    afterAll(() => web?.ctx.close());

    it('lets the verifier record "Tidak" and "Ya" as BSrE reported them, marked as such', async () => {
      const verifier = await personAt(web, 'verifikator.dinkes');
      await verifier.page.getByRole('link', { name: 'Buka permohonan untuk pemegang' }).click();
      await verifier.page.getByLabel('NIP').fill(SITI.nip);
      await verifier.page.getByLabel('Nama pemegang sertifikat').fill(SITI.name);
      await verifier.page.getByLabel('E-mail terdaftar pemegang').fill(SITI.email);
      await verifier.page.getByLabel('Nomor seri sertifikat').fill('BSRE-2025-000123');
      await verifier.page.getByLabel('Masa berlaku sertifikat sekarang berakhir').fill('2026-12-31');
      await follow(verifier.page, () =>
        verifier.page.getByRole('button', { name: 'Ajukan pembaruan' }).click(),
      );
      const id = new URL(verifier.page.url()).pathname.split('/')[2];
      await gatherDocuments(verifier.page, ['surat-rekomendasi', 'ktp', 'sk-jabatan']);
      await submitInAms(verifier.page, 'AMS-90');
      expect(await text(verifier.page)).toContain('atas informasi BSrE (AMS atau e-mail)');
      await verdict(verifier.page, [RECOMMENDATION]);

      // The holder completes the round from their own page.
      const holder = await personAt(web, 'siti');
      await follow(holder.page, () => holder.page.getByRole('link', { name: SITI.name }).click());
      await gatherDocuments(holder.page, ['surat-rekomendasi']);
      await submitInAms(holder.page, 'AMS-91');

      await verifier.page.reload();
      await verdict(verifier.page, 'complete');
      await informHolder(verifier.page);
      const timeline = await verifier.page.locator('#linimasa ~ .table-wrap').innerText();
      expect(timeline.match(/dicatat oleh verifikator atas informasi BSrE/g)).toHaveLength(2);
      expect(await text(verifier.page)).toContain('Selesai');
      await screenshots(verifier.page, 'renewal-relayed');

      const events = await web.ctx.get(AuditService).history('renewal', id);
      const verdicts = events.filter((e) => e.action.startsWith('renewal.verification_'));
      expect(verdicts.map((e) => [e.actorRole, (e.after as { note?: string }).note])).toEqual([
        ['VERIFIKATOR', 'dicatat oleh verifikator atas informasi BSrE'],
        ['VERIFIKATOR', 'dicatat oleh verifikator atas informasi BSrE'],
      ]);
      // The compliance workbook's step sheet says so too.
      const folder = mkdtempSync(join(tmpdir(), 'mutu-web-report-'));
      await web.ctx
        .get(ReportingService)
        .writeComplianceWorkbook({ from: '2026-11-01', to: '2026-11-30' }, join(folder, 'k.xlsx'));
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(folder, 'k.xlsx'));
      const rows: unknown[][] = [];
      book.getWorksheet('Langkah')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      const note = rows[0].indexOf('Catatan');
      expect(rows.map((r) => r[note]).filter(Boolean)).toEqual([
        'Catatan',
        'dicatat oleh verifikator atas informasi BSrE',
        'dicatat oleh verifikator atas informasi BSrE',
      ]);
      rmSync(folder, { recursive: true, force: true });
      await Promise.all([holder.context.close(), verifier.context.close()]);
    });
  });
});
