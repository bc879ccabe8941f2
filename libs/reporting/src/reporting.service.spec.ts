import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { NotFoundError } from '@mutu/domain';
import { SopsService } from '@mutu/sops';
import { chromiumChildren, containsWrapped, pdfPageCount, pdfText } from '../../../test/support/pdf-text';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { ReportingModule } from './reporting.module';
import { ReportingService } from './reporting.service';

const CODE = 'pembaruan-sertifikat-elektronik';
const v1 = () => JSON.parse(readFileSync(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`), 'utf8'));
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/** A made-up SOP long enough for its flowchart to run over several pages, with a loop across them. */
function longSop() {
  const definition = v1();
  definition.code = 'uji-banyak-langkah';
  const lanes = [['PENGGUNA'], ['PENGGUNA', 'VERIFIKATOR'], ['VERIFIKATOR'], ['BSRE'], ['VERIFIKATOR']];
  definition.steps = Array.from({ length: 12 }, (_, i) => ({
    number: i + 1,
    activity: `Kegiatan uji nomor ${i + 1} ${'dengan uraian yang cukup panjang untuk beberapa baris '.repeat(1 + (i % 3))}selesai`,
    performers: lanes[i % lanes.length],
    needs: ['Internet'],
    time: { duration: 'PT5M', basis: 'calendar', label: '5 Menit' },
    output: 'Dokumen',
    note: null,
    ...(i === 8
      ? {
          branches: [
            { label: 'Ya', outcome: 'complete', goto: 10 },
            { label: 'Tidak', outcome: 'incomplete', goto: 2 },
          ],
        }
      : {}),
  }));
  return definition;
}

describe('ReportingService: the SOP document, on PostgreSQL and real Chromium', () => {
  let ctx: TestContext;
  let reporting: ReportingService;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [ReportingModule], now: '2026-11-24T03:00:00Z' });
    reporting = ctx.get(ReportingService);
  });
  afterAll(async () => {
    await ctx.close();
    // Closing the application closes its Chromium.
    expect(chromiumChildren()).toEqual([]);
  });

  it('prints the version in force as the official document, every word of it readable', async () => {
    const { fileName, content } = await reporting.sopDocumentPdf(CODE);
    expect(fileName).toBe('sop-pembaruan-sertifikat-elektronik-v1.pdf');
    const pages = pdfPageCount(content);
    expect(pages).toBeGreaterThanOrEqual(1);
    const text = pdfText(content);

    const sop = v1();
    expect(text).toContain('555/SOP-DISKOMINFOTIK/X/2022/003');
    expect(text).toContain('Ditandatangani Secara Elektronik Oleh :');
    expect(text).toContain('Muhlisin, S.Kom.');
    expect(text).toContain('NIP. 197904092010011014');
    expect(text).toContain('11 Oktober 2022');
    expect(text).toContain('14 Oktober 2022');
    expect(text).toContain('Halaman 1 dari');
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    for (const heading of ['DASAR HUKUM', 'KUALIFIKASI PELAKSANA', 'KETERKAITAN', 'PERALATAN/PERLENGKAPAN']) {
      expect(text).toContain(heading);
    }
    for (const heading of [
      'PERINGATAN',
      'PENCATATAN DAN PENDATAAN',
      'MUTU BAKU',
      'KELENGKAPAN',
      'KETERANGAN',
    ]) {
      expect(text).toContain(heading);
    }
    for (const item of [...sop.identity.legalBasis, ...sop.identity.warnings, ...sop.identity.records]) {
      expect(containsWrapped(text, item)).toBe(true);
    }
    for (const step of sop.steps) {
      expect({ step: step.number, found: containsWrapped(text, step.activity) }).toEqual({
        step: step.number,
        found: true,
      });
    }
    for (const standard of ['5 Menit', '7 Hari']) expect(text).toContain(standard);
    // Step 3's WAKTU is "-": on the line of its first words, between KELENGKAPAN and OUTPUT.
    expect(text).toMatch(/BSrE akan Melakukan Pengecekan berkas +Internet, Dokumen +- +Dokumen/);
    expect(text).toMatch(/Tidak\s+Ya/);
  });

  it('gives the same document as HTML, with one drawn symbol per step of the right kind', async () => {
    const html = await reporting.sopDocumentHtml(CODE);
    expect(html).toContain('<title>SOP 555/SOP-DISKOMINFOTIK/X/2022/003 — PEMBARUAN SERTIFIKAT ELEKTRONIK');
    expect(count(html, /<svg [^>]*class="flow-row"/g)).toBe(4);
    // Start and end: capsules; step 2: a rectangle; step 3: the diamond.
    expect(count(html, /<rect class="symbol" data-kind="terminator"/g)).toBe(2);
    expect(count(html, /<rect class="symbol" data-kind="activity"/g)).toBe(1);
    expect(count(html, /<polygon class="symbol" data-kind="decision"/g)).toBe(1);
    expect(count(html, /class="arrowhead"/g)).toBe(4);
    expect(count(html, /class="off-page"/g)).toBe(0);
    expect(html).toMatch(/<svg [^>]*data-step="3"[^]*?>Ya<\/text>[^]*?<\/svg>/);
    expect(html).toMatch(/<svg [^>]*data-step="3"[^]*?>Tidak<\/text>[^]*?<\/svg>/);
    expect(html).toContain('PENGGUNA</th>');
    expect(html).toContain('BSrE</th>');
  });

  it('renders a named version, and the version in force by default', async () => {
    const revision = v1();
    revision.identity.revisedOn = '2026-12-01';
    revision.identity.effectiveOn = '2026-12-01';
    await ctx.get(SopsService).load(revision, 'revisi.json', 'cli:admin');

    const current = await reporting.sopDocumentHtml(CODE);
    expect(current).toContain('(versi 1)');
    const second = await reporting.sopDocumentPdf(CODE, 2);
    expect(second.fileName).toBe('sop-pembaruan-sertifikat-elektronik-v2.pdf');
    expect(pdfText(second.content)).toMatch(/TGL\. REVISI +1 Desember 2026/);
    await expect(reporting.sopDocumentPdf(CODE, 9)).rejects.toThrow(NotFoundError);
    await expect(reporting.sopDocumentHtml('tidak-ada')).rejects.toThrow(NotFoundError);
  });

  it('runs a long flowchart over pages as planned, joined by off-page connectors', async () => {
    await ctx.get(SopsService).load(longSop(), 'uji.json', 'cli:admin');
    const html = await reporting.sopDocumentHtml('uji-banyak-langkah');
    const flowchartPages = count(html, /<section class="flowchart-page">/g);
    expect(flowchartPages).toBeGreaterThan(1);
    // Every break cuts the line to the next step, and the "Tidak" channel crosses one at least:
    // each cut gets a lettered pentagon on either side of the break.
    const letters = [...html.matchAll(/class="off-page-letter"[^>]*>([A-Z])</g)].map((m) => m[1]);
    expect(new Set(letters).size).toBeGreaterThanOrEqual(flowchartPages);
    for (const letter of new Set(letters)) expect(letters.filter((l) => l === letter)).toHaveLength(2);

    const { content } = await reporting.sopDocumentPdf('uji-banyak-langkah');
    // The identity page and exactly the planned flowchart pages: no table ran over its page.
    expect(pdfPageCount(content)).toBe(1 + flowchartPages);
    const text = pdfText(content);
    for (const step of longSop().steps) expect(containsWrapped(text, step.activity)).toBe(true);
  });
});
