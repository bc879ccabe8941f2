import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ComplianceModule, type ComplianceFigures, ComplianceService, breachCount } from '@mutu/compliance';
import { planDemo, replayDemoPlan } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { containsWrapped, pdfPageCount, pdfText } from '../../../test/support/pdf-text';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { ReportFormatter } from './compliance-report.format';
import { figuresSha256, REPORT_BREACH_ROWS } from './compliance-report.model';
import { ReportingModule } from './reporting.module';
import { ReportingService } from './reporting.service';

const NOW = new Date('2026-11-24T03:00:00Z');
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
const SOP_NUMBER = '555/SOP-DISKOMINFOTIK/X/2022/003';
const pages = (text: string) => text.split('\f').filter((page) => page.trim());
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('ReportingService: the compliance report PDF, on PostgreSQL and real Chromium', () => {
  let ctx: TestContext;
  let reporting: ReportingService;
  let compliance: ComplianceService;
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, ComplianceModule, ReportingModule],
      now: NOW.toISOString(),
    });
    await replayDemoPlan(
      planDemo({ seed: 11, now: NOW, renewals: 120, days: 120 }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(NOW);
    reporting = ctx.get(ReportingService);
    compliance = ctx.get(ComplianceService);
    dir = mkdtempSync(join(tmpdir(), 'mutu-report-'));
  }, 180_000);
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The steps table's line of a step, as pdftotext -layout reads it. */
  const stepRow = (figures: ComplianceFigures, step: number, format: ReportFormatter, word: string) => {
    const s = figures.steps.find((x) => x.step === step)!;
    return new RegExp(
      [
        `${word} ${step}\\b.*?`,
        format.count(s.instances),
        format.count(s.ended),
        format.percent(s.withinStandardShare),
        format.count(s.breaches),
        format.count(s.atRiskNow),
      ]
        .map((part, i) => (i === 0 ? part : escape(part)))
        .join(' +'),
    );
  };

  /** A summary card's value: printed under its label, a line or two below, from the same column. */
  const cardValue = (text: string, label: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.includes(label));
    if (at < 0) return undefined;
    const column = lines[at].indexOf(label);
    return lines
      .slice(at + 1, at + 4)
      .map((line) =>
        line
          .slice(column)
          .split(/\s{2,}/)[0]
          .trim(),
      )
      .find(Boolean);
  };

  it('prints a month for the head of office in Indonesian, every figure as the JSON gives it', async () => {
    const report = await reporting.complianceReportPdf(OCTOBER, { lang: 'id', generatedBy: 'kepala.dinas' });
    expect(report.fileName).toBe('laporan-kepatuhan-2026-10.pdf');
    const figures = await compliance.figures(OCTOBER);
    expect(report.figures).toEqual(figures);
    expect(figures.renewals.opened).toBeGreaterThan(10);

    const text = pdfText(report.content);
    const format = new ReportFormatter('id', 'Asia/Jakarta');
    expect(text).toContain('LAPORAN KEPATUHAN SOP');
    expect(text).toContain('Periode: Oktober 2026');
    expect(text).toContain('1 Oktober 2026 s.d. 31 Oktober 2026');
    expect(text).toContain('DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN');
    expect(text).toContain('kepala.dinas');
    expect(text).toContain('24 November 2026 pukul 10.00 WIB');

    // The headline comes first: the share within standard, September's beside it, then breaches and risk.
    const september = await compliance.figures({ from: '2026-09-01', to: '2026-09-30' });
    const { renewals } = figures;
    const headline = format.percent(renewals.withinStandardShare);
    const firstPage = pages(text)[0];
    expect(firstPage.indexOf(headline)).toBeLessThan(firstPage.indexOf('Ringkasan Permohonan'));
    expect(firstPage).toContain('langkah layanan selesai dalam mutu baku waktu');
    expect(firstPage).toContain(`September 2026: ${format.percent(september.renewals.withinStandardShare)}`);
    expect(firstPage).toMatch(/Target kantor 90%: (belum )?tercapai/);
    expect(cardValue(text, 'Berisiko saat ini')).toBe(
      format.count(figures.steps.reduce((sum, s) => sum + s.atRiskNow, 0)),
    );
    // Plain words, the technical term in a footnote.
    expect(firstPage).not.toMatch(/\bP90 /);
    expect(firstPage).toContain('persentil ke-90 (P90)');

    // The summary cards: each label with its value under it.
    for (const [label, value] of [
      ['Permohonan masuk', format.count(renewals.opened)],
      ['Selesai', format.count(renewals.completed)],
      ['Masih berjalan', format.count(renewals.running)],
      ['Dibatalkan', format.count(renewals.cancelled)],
      ['Pelanggaran mutu baku', format.count(breachCount(figures))],
      ['Separuh permohonan selesai dalam', format.duration(renewals.leadTime.medianMs)],
      ['9 dari 10 permohonan selesai dalam¹', format.duration(renewals.leadTime.p90Ms)],
      ['Dikembalikan BSrE (putaran ulang)', format.percent(renewals.reworkRate)],
    ]) {
      expect({ label, value: cardValue(text, label) }).toEqual({ label, value });
    }
    for (const step of figures.steps) expect(text).toMatch(stepRow(figures, step.step, format, 'Langkah'));

    // Agencies worst first; those below the 90% target marked.
    const byShare = [...figures.agencies].sort(
      (a, b) => (a.withinStandardShare ?? 2) - (b.withinStandardShare ?? 2) || b.breaches - a.breaches,
    );
    const positions = byShare.map((agency) =>
      text.indexOf(`${agency.agency} `, text.indexOf('Kepatuhan per OPD')),
    );
    expect(positions.every((at) => at > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const below = figures.agencies.filter(
      (a) => a.withinStandardShare !== null && a.withinStandardShare < 0.9,
    );
    expect(below.length).toBeGreaterThan(0);
    for (const agency of below)
      expect(text).toMatch(new RegExp(`${escape(agency.agency)} .*Di bawah target`));

    // The narrative compares with September.
    expect(text).toContain('dibanding periode sebelumnya (September 2026)');

    // Page numbering, and the SOP number on every page.
    const count = pdfPageCount(report.content);
    expect(pages(text)).toHaveLength(count);
    pages(text).forEach((page, i) => {
      expect(page).toContain(`Halaman ${i + 1} dari ${count}`);
      expect(page).toContain(`Nomor SOP: ${SOP_NUMBER}`);
    });

    // The SOP reference, the approval block and the integrity lines.
    expect(text).toMatch(/Versi +1/);
    expect(text).toMatch(/Tanggal berlaku +14 Oktober 2022/);
    expect(text).toContain('Mengetahui,');
    expect(containsWrapped(text, 'Plt. KEPALA DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN')).toBe(
      true,
    );
    expect(text).toContain('Muhlisin, S.Kom.');
    expect(text).toContain('NIP. 197904092010011014');
    expect(report.auditHead.seq).toBeGreaterThan(0);
    expect(text).toContain(`nomor ${format.count(report.auditHead.seq)}, ${report.auditHead.hash}`);
    expect(text).toContain(`Sidik data (SHA-256): ${figuresSha256(report.figures)}`);
  });

  it('lists the first breaches and points to the workbook for the rest', async () => {
    const whole = { from: '2026-07-01', to: '2026-11-24' };
    const { html, figures } = await reporting.complianceReportHtml(whole, { lang: 'id', generatedBy: 'uji' });
    const total = breachCount(figures);
    expect(total).toBeGreaterThan(REPORT_BREACH_ROWS);
    const rows = html.match(/<span class="mono">[0-9a-f]{8}<\/span>/g) ?? [];
    expect(rows).toHaveLength(REPORT_BREACH_ROWS);
    // Each names the holder and the agency, as the head of office reads them.
    expect(
      html.match(/<td>[^<]+ \([^)<]+\)<br \/><span class="mono">[0-9a-f]{8}<\/span><\/td>/g),
    ).toHaveLength(REPORT_BREACH_ROWS);
    expect(html).toContain(
      `Terdapat ${new ReportFormatter('id', 'Asia/Jakarta').count(total - REPORT_BREACH_ROWS)} pelanggaran lainnya; daftar lengkap ada pada lampiran Excel.`,
    );
    // Not a calendar month: named by its dates, compared with as many days just before.
    expect(html).toContain('Periode: 1 Juli 2026 s.d. 24 November 2026');
  });

  it('prints the same report in English when asked', async () => {
    const report = await reporting.complianceReportPdf(OCTOBER, {
      lang: 'en',
      generatedBy: 'head.of.office',
    });
    expect(report.fileName).toBe('compliance-report-2026-10.pdf');
    const text = pdfText(report.content);
    const format = new ReportFormatter('en', 'Asia/Jakarta');
    expect(text).toContain('SOP COMPLIANCE REPORT');
    expect(text).toContain('Period: October 2026');
    expect(text).toContain('24 November 2026 at 10:00 WIB');
    expect(text).toContain('compared with the previous period (September 2026)');
    for (const step of report.figures.steps)
      expect(text).toMatch(stepRow(report.figures, step.step, format, 'Step'));
    const count = pdfPageCount(report.content);
    pages(text).forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${count}`);
      expect(page).toContain(`SOP number: ${SOP_NUMBER}`);
    });
    expect(text).toContain('Acknowledged by,');
    expect(text).toContain('NIP. 197904092010011014');
    expect(text).not.toContain('Halaman');
  });

  it('gives the same figures as JSON, in the PDF and in the Excel workbook', async () => {
    const json = await compliance.figures(OCTOBER);
    const report = await reporting.complianceReportPdf(OCTOBER, { lang: 'id', generatedBy: 'uji' });
    const path = join(dir, 'oktober.xlsx');
    await reporting.writeComplianceWorkbook(OCTOBER, path);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const summary = new Map<string, ExcelJS.CellValue>();
    book.getWorksheet('Ringkasan')!.eachRow((row, n) => {
      if (n > 1) summary.set(String(row.getCell(1).value), row.getCell(2).value);
    });
    const text = pdfText(report.content);
    const format = new ReportFormatter('id', 'Asia/Jakarta');

    expect(report.figures).toEqual(json);
    expect(summary.get('Permohonan dibuka')).toBe(json.renewals.opened);
    expect(summary.get('Permohonan selesai')).toBe(json.renewals.completed);
    expect(json.steps.length).toBeGreaterThan(1);
    for (const step of json.steps) {
      expect(summary.get(`Langkah ${step.step}: pelanggaran`)).toBe(step.breaches);
      expect(summary.get(`Langkah ${step.step}: dalam mutu baku`) ?? null).toBe(step.withinStandardShare);
      expect(text).toMatch(stepRow(json, step.step, format, 'Langkah'));
    }
    const excelBreaches = json.steps.reduce(
      (sum, step) => sum + Number(summary.get(`Langkah ${step.step}: pelanggaran`)),
      0,
    );
    expect(excelBreaches).toBe(breachCount(json));
    expect(cardValue(text, 'Pelanggaran mutu baku')).toBe(format.count(excelBreaches));
  });

  it('names who made it: a person, or the schedule, never an actor id', async () => {
    const scheduled = await reporting.complianceReportHtml(OCTOBER, {
      lang: 'id',
      generatedBy: 'system:monthly-report',
    });
    expect(scheduled.html).toMatch(/Dibuat oleh<\/th>\s*<td>otomatis \(jadwal bulanan\)<\/td>/);
    const cli = await reporting.complianceReportHtml(OCTOBER, { lang: 'id', generatedBy: 'cli:budi' });
    expect(cli.html).toContain('budi (melalui baris perintah)');
    expect(cli.html).not.toMatch(/cli:|system:/);
  });

  it('prints a period without renewals readably: no data, not NaN', async () => {
    const report = await reporting.complianceReportPdf(
      { from: '2020-01-01', to: '2020-01-31' },
      { lang: 'id', generatedBy: 'uji' },
    );
    const text = pdfText(report.content);
    expect(text).toContain('Tidak ada permohonan yang masuk dalam periode ini.');
    expect(text).toContain('Tidak ada data');
    expect(text).toContain('Tidak ada pelanggaran mutu baku dalam periode ini.');
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    expect(text).toContain('Halaman 1 dari');
  });
});
