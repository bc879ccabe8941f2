import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { CalendarService } from '@mutu/calendar';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { breachCount, type ComplianceFigures } from '@mutu/compliance';
import { planDemo, replayDemoPlan } from '@mutu/demo';
import { DocumentsService } from '@mutu/documents';
import { RenewalsService } from '@mutu/renewals';
import { ReportFormatter } from '@mutu/reporting';
import {
  createAccount,
  launchChromium,
  PASSWORD,
  screenshots,
  signIn,
  startWebApp,
} from './support/web-browser';

type WebApp = Awaited<ReturnType<typeof startWebApp>>;

const NOW = new Date('2026-11-24T03:00:00Z'); // Tue 10:00 WIB
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now (WCAG 2.1 AA rules and best practice). */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(AXE_SOURCE);
  // A string, as the test's TypeScript knows no DOM; it runs in the page.
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => String(n.target)) })))`)) as {
    id: string;
    impact: string;
    nodes: string[];
  }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.join(' | ')}`);
}

describe('the head’s and the admin’s pages (Chromium)', () => {
  let browser: Browser;
  let web: WebApp;
  let api: (path: string) => Promise<any>;

  beforeAll(async () => {
    [browser, web] = await Promise.all([launchChromium(), startWebApp({ MUTU_JOB_SLA_WATCH_CRON: 'off' })]);
    const { ctx } = web;
    ctx.clock.set(NOW);
    await replayDemoPlan(
      planDemo({ seed: 7, now: NOW, renewals: 24, days: 50 }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(NOW);
    await createAccount(ctx, 'admin.kantor', 'ADMIN');
    await createAccount(ctx, 'kadis', 'KEPALA_DINAS', { displayName: 'Kepala Dinas' });
    const login = await fetch(`${web.base}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'kadis', password: PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    api = async (path) =>
      (await fetch(`${web.base}${path}`, { headers: { Authorization: `Bearer ${accessToken}` } })).json();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await web?.ctx.close();
  });

  it('shows the head the same numbers as GET /reports/compliance for the month and the one before', async () => {
    const page = await browser.newPage();
    await signIn(page, web.base, 'kadis');
    expect(new URL(page.url()).pathname).toBe('/dasbor');
    await page.goto(`${web.base}/dasbor?bulan=2026-11`);

    const [november, october]: ComplianceFigures[] = await Promise.all([
      api('/reports/compliance?from=2026-11-01&to=2026-11-30'),
      api('/reports/compliance?from=2026-10-01&to=2026-10-31'),
    ]);
    expect(november.renewals.opened).toBeGreaterThan(0);
    expect(october.renewals.opened).toBeGreaterThan(0);
    const format = new ReportFormatter('id', 'Asia/Jakarta');
    const row = async (figure: string) =>
      (await page.locator(`tr[data-figure="${figure}"] td`).allTextContents()).map((t) => t.trim());
    expect(await row('within-standard')).toEqual([
      format.percent(november.withinStandardShare),
      format.percent(october.withinStandardShare),
    ]);
    expect(await row('opened')).toEqual([String(november.renewals.opened), String(october.renewals.opened)]);
    expect(await row('completed')).toEqual([
      String(november.renewals.completed),
      String(october.renewals.completed),
    ]);
    expect(await row('running')).toEqual([
      String(november.renewals.running),
      String(october.renewals.running),
    ]);
    expect(await row('breaches')).toEqual([String(breachCount(november)), String(breachCount(october))]);

    for (const step of november.steps) {
      const cells = (await page.locator(`#steps tr[data-step="${step.step}"] td`).allTextContents()).map(
        (t) => t.trim(),
      );
      expect(cells).toEqual([
        String(step.step),
        String(step.instances),
        format.percent(step.withinStandardShare),
        format.percent(october.steps.find((s) => s.step === step.step)?.withinStandardShare ?? null),
        String(step.breaches),
        String(step.atRiskNow),
      ]);
    }
    // Agencies worst first: their shares never rise down the table.
    const agencyNames = (await page.locator('#agencies tbody tr td:first-child').allTextContents()).map((t) =>
      t.trim(),
    );
    expect([...agencyNames].sort()).toEqual(november.agencies.map((a) => a.agency).sort());
    const share = (name: string) =>
      november.agencies.find((a) => a.agency === name)!.withinStandardShare ?? 2;
    const shares = agencyNames.map(share);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    // Each breach links to its renewal's page.
    expect(
      await page.locator('#breaches a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(november.worstCases.map((w) => `/permohonan/${w.renewalId}`));
    // On a phone (360 px) the month beside the one before fits its width, no word cut in two
    // ("Novemb|er", "Pelanggara|n" were).
    await page.setViewportSize({ width: 360, height: 740 });
    const phone = await page.locator('table.figures').evaluate((table) => {
      const doc = table.ownerDocument;
      const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
      const split: string[] = [];
      for (const cell of table.querySelectorAll('th, td')) {
        const texts = doc.createTreeWalker(cell, SHOW_TEXT);
        for (let node = texts.nextNode(); node; node = texts.nextNode()) {
          for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
            const range = doc.createRange();
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1)
              split.push(word[0]);
          }
        }
      }
      const region = table.parentElement!;
      return { overflowPx: region.scrollWidth - region.clientWidth, split };
    });
    expect(phone).toEqual({ overflowPx: 0, split: [] });
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshots(page, 'dashboard');
    await page.close();
  });

  it('lets an admin add a holiday, reset a password (the person signs in with the new one) and load an SOP revision', async () => {
    const page = await browser.newPage();
    await signIn(page, web.base, 'admin.kantor');
    await page.goto(`${web.base}/admin/kalender?tahun=2026`);
    await page.getByLabel('Tanggal').fill('2026-12-28');
    await page.getByLabel('Nama', { exact: true }).fill('Cuti bersama uji');
    await page.getByLabel('Jenis hari libur').selectOption('cuti_bersama');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Hari libur disimpan');
    expect(await page.locator('#holidays tr[data-date="2026-12-28"]').textContent()).toContain(
      'Cuti bersama uji',
    );
    expect(await web.ctx.get(CalendarService).list(2026)).toContainEqual({
      date: '2026-12-28',
      name: 'Cuti bersama uji',
      kind: 'cuti_bersama',
    });
    await screenshots(page, 'admin-calendar');

    await page.goto(`${web.base}/admin/pengguna`);
    await page.getByLabel('Atur kata sandi baru (kadis)').fill('kata-sandi-baru-kadis');
    await page.locator('tr[data-username="kadis"]').getByRole('button', { name: 'Simpan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Kata sandi baru disimpan');
    await screenshots(page, 'admin-users');

    // A revised SOP definition, loaded from a file (a multipart form: its token rides in the address).
    const revision = JSON.parse(
      readFileSync(join(SOP_DEFINITIONS_DIR, 'pembaruan-sertifikat-elektronik.v1.json'), 'utf8'),
    );
    revision.identity.revisedOn = '2027-01-04';
    revision.identity.effectiveOn = '2027-01-04';
    await page.goto(`${web.base}/admin/sop`);
    await page.getByLabel('Berkas definisi SOP').setInputFiles({
      name: 'revisi.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(revision)),
    });
    await page.getByRole('button', { name: 'Muat' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      'Definisi dimuat sebagai versi baru',
    );
    const versions = await page.locator('#versions tbody tr').allTextContents();
    expect(versions.map((v) => v.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^2 .*2027-01-04 user:admin\.kantor/),
      expect.stringMatching(/^1 Berlaku .*system:seed/),
    ]);
    await page.close();

    const fresh = await browser.newContext();
    const person = await fresh.newPage();
    await person.goto(`${web.base}/masuk`);
    await person.getByLabel('Nama pengguna').fill('kadis');
    await person.getByLabel('Kata sandi').fill(PASSWORD);
    await person.getByRole('button', { name: 'Masuk' }).click();
    await expect(person.getByRole('alert').textContent()).resolves.toContain('salah');
    await signIn(person, web.base, 'kadis', 'kata-sandi-baru-kadis');
    expect(new URL(person.url()).pathname).toBe('/dasbor');
    await fresh.close();
  });

  it('lets an admin set the opening hours, refuses a closing time before opening in words, and adds and removes a Ramadan period', async () => {
    const calendar = web.ctx.get(CalendarService);
    const page = await browser.newPage();
    await signIn(page, web.base, 'admin.kantor');
    await page.goto(`${web.base}/admin/kalender`);
    await page.getByRole('link', { name: 'Jam kerja' }).first().click();
    expect(new URL(page.url()).pathname).toBe('/admin/jam-kerja');
    const friday = page.locator('#weekly-hours fieldset[data-day="fri"]');
    expect(await friday.getByLabel('Jam buka (Jumat)').inputValue()).toBe('07:30');
    expect(await friday.getByLabel('Jam tutup (Jumat)').inputValue()).toBe('16:30');

    // A closing time before the opening: nothing changes, the form page says why.
    await friday.getByLabel('Jam tutup (Jumat)').fill('07:00');
    await page.locator('#weekly-hours').getByRole('button', { name: 'Simpan' }).click();
    expect(new URL(page.url()).pathname).toBe('/admin/jam-kerja');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'weekly.fri.closes: harus sesudah jam buka (07:30)',
    );
    expect((await calendar.weeklyHours()).fri).toEqual({ opens: '07:30', closes: '16:30' });

    await friday.getByLabel('Jam tutup (Jumat)').fill('17:00');
    await page.locator('#weekly-hours').getByRole('button', { name: 'Simpan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Jam kerja disimpan');
    expect(await friday.getByLabel('Jam tutup (Jumat)').inputValue()).toBe('17:00');
    expect(await calendar.weeklyHours()).toEqual({
      mon: { opens: '07:30', closes: '16:00' },
      tue: { opens: '07:30', closes: '16:00' },
      wed: { opens: '07:30', closes: '16:00' },
      thu: { opens: '07:30', closes: '16:00' },
      fri: { opens: '07:30', closes: '17:00' },
    });

    const form = page.locator('#add-override');
    await form.getByLabel('Dari tanggal').fill('2027-02-08');
    await form.getByLabel('Sampai tanggal').fill('2027-03-09');
    await form.getByLabel('Nama').fill('Ramadan 1448 H');
    await form.getByLabel('Jam buka (Senin–Jumat)').fill('08:00');
    await form.getByLabel('Jam tutup (Senin–Jumat)').fill('15:00');
    await form.getByLabel('Jam tutup (Jumat, Periode)').fill('15:30');
    await form.getByLabel('Jam buka (Jumat, Periode)').fill('08:00');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Jam kerja khusus ditambahkan');
    const [ramadan] = await calendar.overrides();
    expect(ramadan).toEqual({
      id: expect.any(String),
      from: '2027-02-08',
      to: '2027-03-09',
      name: 'Ramadan 1448 H',
      hours: {
        mon: { opens: '08:00', closes: '15:00' },
        tue: { opens: '08:00', closes: '15:00' },
        wed: { opens: '08:00', closes: '15:00' },
        thu: { opens: '08:00', closes: '15:00' },
        fri: { opens: '08:00', closes: '15:30' },
      },
    });
    const row = page.locator(`#overrides tr[data-id="${ramadan.id}"]`);
    expect((await row.locator('td').allTextContents()).slice(0, 4).map((t) => t.trim())).toEqual([
      '2027-02-08',
      '2027-03-09',
      'Ramadan 1448 H',
      'Senin 08:00–15:00; Selasa 08:00–15:00; Rabu 08:00–15:00; Kamis 08:00–15:00; Jumat 08:00–15:30',
    ]);
    // On the calendar the period decides: a Ramadan Friday closes at 15:30, not at the usual 17:00.
    const fridayInRamadan = new Date('2027-02-12T08:00:00Z'); // Fri 15:00 WIB
    const office = await calendar.calendar();
    expect(office.officeMsBetween(fridayInRamadan, new Date('2027-02-12T10:00:00Z'))).toBe(30 * 60_000);
    await screenshots(page, 'admin-office-hours');

    await row.getByRole('button', { name: 'Hapus Ramadan 1448 H' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Jam kerja khusus dihapus');
    expect(await page.locator('#overrides tbody tr[data-id]').count()).toBe(0);
    expect(await calendar.overrides()).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility problem on any main page, and fits a 360 px phone', async () => {
    // A running renewal of the demo, for the holder's, the verifier's and BSrE's pages.
    const db = new Client({ connectionString: web.ctx.database.url });
    await db.connect();
    const {
      rows: [renewal],
    } = await db.query(
      `SELECT r.id, h.nip, a.name AS agency FROM renewal r JOIN holder h ON h.id = r.holder_id
         JOIN agency a ON a.id = r.agency_id ORDER BY r.opened_at DESC LIMIT 1`,
    );
    await db.end();
    await createAccount(web.ctx, 'pemegang', 'PENGGUNA', { holderNip: renewal.nip });
    await createAccount(web.ctx, 'verif', 'VERIFIKATOR', { agencies: [renewal.agency] });
    await createAccount(web.ctx, 'bsre', 'BSRE');
    const pages: [string, string][] = [
      ['admin.kantor', '/admin/pengguna'],
      ['admin.kantor', '/admin/kalender'],
      ['admin.kantor', '/admin/jam-kerja'],
      ['admin.kantor', '/admin/sop'],
      ['admin.kantor', '/admin/tugas'],
      ['admin.kantor', '/admin/surel'],
      ['admin.kantor', '/akun'],
      ['kadis', '/dasbor'],
      ['kadis', '/laporan'],
      ['kadis', '/dokumen-sop'],
      ['pemegang', '/permohonan'],
      ['pemegang', `/permohonan/${renewal.id}`],
      ['pemegang', '/permohonan/baru'],
      ['verif', '/antrian'],
      ['verif', `/permohonan/${renewal.id}`],
      ['bsre', '/bsre'],
    ];
    const problems: Record<string, string[]> = {};
    const signedOut = await browser.newPage();
    await signedOut.goto(`${web.base}/masuk`);
    problems['/masuk'] = await accessibilityProblems(signedOut);
    await signedOut.close();
    for (const who of new Set(pages.map(([user]) => user))) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signIn(page, web.base, who, who === 'kadis' ? 'kata-sandi-baru-kadis' : PASSWORD);
      for (const [, path] of pages.filter(([user]) => user === who)) {
        await page.setViewportSize({ width: 360, height: 740 });
        await page.goto(`${web.base}${path}`);
        const key = `${who} ${path}`;
        problems[key] = await accessibilityProblems(page);
        const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        if (overflow > 360) problems[key].push(`wider than the phone: ${overflow} px`);
        await screenshots(
          page,
          `${who.split('.')[0]}-${path
            .slice(1)
            .replace(/\//g, '-')
            .replace(/[0-9a-f-]{36}$/, 'id')}`,
        );
      }
      await context.close();
    }
    expect(problems).toEqual(Object.fromEntries(Object.keys(problems).map((path) => [path, []])));
    // Fifteen pages, each checked by axe (and photographed twice for preview:web).
  }, 300_000);
});
