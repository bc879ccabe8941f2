import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { ComplianceModule, type ComplianceFigures, ComplianceService } from '@mutu/compliance';
import { planDemo, replayDemoPlan } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { ValidationError } from '@mutu/domain';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { ReportingModule } from './reporting.module';
import { ReportingService } from './reporting.service';
import { WorkbookProcess } from './compliance-workbook.process';

const NOW = new Date('2026-11-24T03:00:00Z');
const PERIOD = { from: '2026-07-01', to: '2026-11-24' };
const SHEETS = ['Ringkasan', 'Permohonan', 'Langkah', 'Pelanggaran', 'Dokumen', 'Jejak Audit'];
const WIB_MS = 7 * 3_600_000;
const BREACH = 'Melampaui mutu baku';

const read = async (path: string) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
};
const header = (sheet: ExcelJS.Worksheet) => (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1);
/** Data rows of a sheet as arrays of cell values, column A first. */
const dataRows = (sheet: ExcelJS.Worksheet) =>
  sheet.getRows(2, sheet.rowCount - 1)?.map((r) => (r.values as ExcelJS.CellValue[]).slice(1)) ?? [];
const summaryValue = (book: ExcelJS.Workbook, label: string) =>
  dataRows(book.getWorksheet('Ringkasan')!).find((r) => r[0] === label)?.[1];
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('ReportingService: the compliance workbook, on PostgreSQL, read back by exceljs and unzip', () => {
  let ctx: TestContext;
  let reporting: ReportingService;
  let figures: ComplianceFigures;
  let dir: string;
  let db: Client;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, ComplianceModule, ReportingModule],
      now: NOW.toISOString(),
    });
    await replayDemoPlan(
      planDemo({ seed: 5, now: NOW, renewals: 40, days: 120 }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(NOW);
    reporting = ctx.get(ReportingService);
    db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    // The demo's clock keeps whole ms; PostgreSQL keeps µs. One step started a hair before a
    // whole ms, which the workbook shows truncated, as a Date keeps it, never rounded up.
    await db.query(
      `UPDATE step_instance SET started_at = started_at + interval '999 microseconds'
        WHERE id = (SELECT id FROM step_instance WHERE ended_at > started_at + interval '1 second'
                     ORDER BY renewal_opened_at LIMIT 1)`,
    );
    figures = await ctx.get(ComplianceService).figures(PERIOD);
    dir = mkdtempSync(join(tmpdir(), 'mutu-workbook-'));
  }, 120_000);
  afterAll(async () => {
    await db.end();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a whole period', () => {
    let path: string;
    let book: ExcelJS.Workbook;
    let written: number;
    let total: number | undefined;
    const progress: number[] = [];

    beforeAll(async () => {
      path = join(dir, 'kepatuhan.xlsx');
      ({ rows: written } = await reporting.writeComplianceWorkbook(PERIOD, path, {
        onTotal: (n) => (total = n),
        onProgress: (n) => progress.push(n),
      }));
      book = await read(path);
    });

    it('leaves only the finished file in the folder, and reports its progress', () => {
      expect(readdirSync(dir)).toEqual(['kepatuhan.xlsx']);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress.at(-1)).toBe(written);
      // The total announced before the first row is exactly what was written, every sheet counted.
      expect(total).toBe(written);
      expect(written).toBe(sum(book.worksheets.map((sheet) => sheet.rowCount - 1)));
    });

    it('prints every sheet as an archive binder: A4 landscape, one page wide, header row on each page', () => {
      for (const sheet of book.worksheets) {
        expect({ sheet: sheet.name, ...sheet.pageSetup }).toMatchObject({
          sheet: sheet.name,
          paperSize: 9,
          orientation: 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: '1:1',
        });
        expect(sheet.headerFooter.oddFooter).toBe('&L&8&A&R&8Halaman &P dari &N');
      }
      // The raw JSON of the audit trail stays in the file, off the paper.
      expect(book.getWorksheet('Jejak Audit')!.pageSetup.printArea).toMatch(/^A1:H\d+$/);
      // The actor column shows a whole account id.
      const steps = book.getWorksheet('Langkah')!;
      const actor = header(steps).indexOf('Oleh') + 1;
      const longest = Math.max(...dataRows(steps).map((r) => String(r[actor - 1] ?? '').length));
      expect(steps.getColumn(actor).width).toBeGreaterThanOrEqual(longest);
    });

    it('has the six sheets, each with a bold filled header, frozen below it and filterable', () => {
      expect(book.worksheets.map((s) => s.name)).toEqual(SHEETS);
      expect(header(book.getWorksheet('Permohonan')!)).toEqual([
        'ID permohonan',
        'Nama pemegang',
        'NIP',
        'OPD',
        'Status',
        'Putaran',
        'Dibuka (WIB)',
        'Ditutup (WIB)',
        'Waktu tempuh (jam)',
      ]);
      expect(header(book.getWorksheet('Langkah')!)).toContain('Durasi (menit)');
      expect(header(book.getWorksheet('Pelanggaran')!)).toContain('Lewat mutu baku (menit)');
      expect(header(book.getWorksheet('Dokumen')!)).toContain('SHA-256');
      expect(header(book.getWorksheet('Jejak Audit')!)).toEqual([
        'No. urut',
        'Waktu (WIB)',
        'Pelaku',
        'Peran',
        'Aksi',
        'Entitas',
        'ID entitas',
        'Ringkasan',
        'ID permintaan',
        'Data (JSON)',
      ]);
      for (const sheet of book.worksheets) {
        const cell = sheet.getRow(1).getCell(1);
        expect(cell.font?.bold).toBe(true);
        expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        expect(sheet.autoFilter).toBeTruthy();
        expect(sheet.getColumn(1).width).toBeGreaterThan(8);
      }
    });

    it('carries ComplianceService figures and the SOP identity in the summary, and the workbook properties', () => {
      expect(summaryValue(book, 'Permohonan dibuka')).toBe(figures.renewals.opened);
      expect(summaryValue(book, 'Permohonan selesai')).toBe(figures.renewals.completed);
      expect(summaryValue(book, 'Tingkat pengulangan')).toBeCloseTo(figures.renewals.reworkRate!, 10);
      for (const step of figures.steps) {
        expect(summaryValue(book, `Langkah ${step.step}: pelanggaran`)).toBe(step.breaches);
      }
      expect(summaryValue(book, 'Nomor SOP')).toBe('555/SOP-DISKOMINFOTIK/X/2022/003');
      expect(summaryValue(book, 'Versi SOP')).toBe('1');
      expect(summaryValue(book, 'Dinilai pada (WIB)')).toEqual(new Date(NOW.getTime() + WIB_MS));
      expect(String(summaryValue(book, 'Tanggal berlaku'))).toMatch(/^versi 1: \d{4}-\d{2}-\d{2}$/);
      expect(book.title).toMatch(/kepatuhan/i);
      expect(book.subject).toBe('555/SOP-DISKOMINFOTIK/X/2022/003');
      expect(book.creator).toBe('Mutu');
      expect(book.created).toEqual(NOW);
    });

    it('lists every renewal with real dates in WIB wall time and lead times as numbers', async () => {
      const rows = dataRows(book.getWorksheet('Permohonan')!);
      expect(rows).toHaveLength(figures.renewals.opened);
      const [first] = rows;
      const { rows: stored } = await db.query(
        'SELECT h.nip, r.opened_at, r.closed_at FROM renewal r JOIN holder h ON h.id = r.holder_id WHERE r.id = $1',
        [first[0]],
      );
      expect(first[2]).toBe(stored[0].nip);
      expect(first[6]).toBeInstanceOf(Date);
      expect((first[6] as Date).getTime()).toBe(stored[0].opened_at.getTime() + WIB_MS);
      const completed = rows.filter((r) => r[4] === 'Selesai');
      expect(completed).toHaveLength(figures.renewals.completed);
      for (const r of completed) {
        expect(r[7]).toBeInstanceOf(Date);
        expect(typeof r[8]).toBe('number');
      }
      expect(book.getWorksheet('Permohonan')!.getRow(2).getCell(7).numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    });

    it('lists every step, judged as ComplianceService counts, breaches filled light red', async () => {
      const sheet = book.getWorksheet('Langkah')!;
      const rows = dataRows(sheet);
      // Every start in WIB wall time to the ms, truncated from PostgreSQL's µs.
      const { rows: starts } = await db.query<{ key: string; ms: string; sub_ms: boolean }>(
        `SELECT renewal_id || '/' || round || '/' || step AS key,
                floor(extract(epoch FROM started_at) * 1000)::text AS ms,
                extract(microseconds FROM started_at)::int % 1000 > 0 AS sub_ms
           FROM step_instance WHERE renewal_opened_at >= '2026-07-01T00:00+07' AND renewal_opened_at < '2026-11-25T00:00+07'`,
      );
      expect(starts.some((s) => s.sub_ms)).toBe(true);
      const startOf = new Map(starts.map((s) => [s.key, Number(s.ms) + WIB_MS]));
      expect(rows.map((r) => (r[5] as Date).getTime())).toEqual(
        rows.map((r) => startOf.get(`${r[0]}/${r[1]}/${r[2]}`)),
      );
      expect(rows).toHaveLength(sum(figures.steps.map((s) => s.instances)));
      const breaches = sum(figures.steps.map((s) => s.breaches));
      expect(rows.filter((r) => r[9] === BREACH)).toHaveLength(breaches);
      expect(breaches).toBeGreaterThan(0);
      for (const [i, r] of rows.entries()) {
        expect(r[5]).toBeInstanceOf(Date);
        if (r[6]) expect(typeof r[8]).toBe('number');
        const fill = sheet.getRow(i + 2).getCell(1).fill as ExcelJS.FillPattern | undefined;
        expect(fill?.fgColor?.argb === 'FFFFC7CE').toBe(r[9] === BREACH);
      }
      const breachRows = dataRows(book.getWorksheet('Pelanggaran')!);
      expect(breachRows).toHaveLength(breaches);
      expect(breachRows.every((r) => r[9] === BREACH && typeof r[11] === 'number' && r[11] > 0)).toBe(true);
    });

    it('lists the documents of those renewals with their SHA-256, and the audit events of the period', async () => {
      const { rows: stored } = await db.query(
        `SELECT count(*)::int AS n FROM supporting_document d JOIN renewal r ON r.id = d.renewal_id
          WHERE r.opened_at >= '2026-07-01T00:00+07' AND r.opened_at < '2026-11-25T00:00+07'`,
      );
      const documents = dataRows(book.getWorksheet('Dokumen')!);
      expect(documents).toHaveLength(stored[0].n);
      expect(documents.every((d) => /^[0-9a-f]{64}$/.test(String(d[6])) && typeof d[5] === 'number')).toBe(
        true,
      );
      const events = dataRows(book.getWorksheet('Jejak Audit')!);
      const { rows: audit } = await db.query(
        `SELECT count(*)::int AS n FROM audit_event
          WHERE (canonical::jsonb ->> 'occurredAt')::timestamptz >= '2026-07-01T00:00+07'
            AND (canonical::jsonb ->> 'occurredAt')::timestamptz < '2026-11-25T00:00+07'`,
      );
      expect(events).toHaveLength(audit[0].n);
      const seqs = events.map((e) => e[0] as number);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(events[0][1]).toBeInstanceOf(Date);
      // Actions in Indonesian, a readable summary, the raw JSON last.
      const verified = events.find((e) => e[4] === 'Verifikasi BSrE: lengkap');
      expect(verified).toBeDefined();
      expect(verified![5]).toBe('Permohonan');
      expect(String(verified![7])).toMatch(
        /^status: Langkah 4: pemberitahuan kepada pemegang sertifikat; putaran \d+$/,
      );
      expect(JSON.parse(String(verified![9]))).toMatchObject({ status: 'step4' });
      expect(events.some((e) => String(e[4]).startsWith('renewal.'))).toBe(false);
    });

    it('is a sound zip for an independent reader (unzip -t), with the parts Excel expects', () => {
      expect(execFileSync('unzip', ['-tq', path], { encoding: 'utf8' })).toMatch(/No errors detected/);
      const listing = execFileSync('unzip', ['-l', path], { encoding: 'utf8' });
      for (const part of ['[Content_Types].xml', 'xl/workbook.xml', 'xl/styles.xml', 'docProps/core.xml']) {
        expect(listing).toContain(part);
      }
      for (const n of [1, 2, 3, 4, 5, 6]) expect(listing).toContain(`xl/worksheets/sheet${n}.xml`);
    });
  });

  it('continues a sheet past the row limit on "Langkah (2)" and so on, each part complete', async () => {
    const path = join(dir, 'terbagi.xlsx');
    await reporting.writeComplianceWorkbook(PERIOD, path, { maxRowsPerSheet: 11 });
    const book = await read(path);
    const parts = book.worksheets.filter((s) => s.name === 'Langkah' || s.name.startsWith('Langkah ('));
    const steps = sum(figures.steps.map((s) => s.instances));
    expect(parts.map((s) => s.name)).toEqual(
      Array.from({ length: Math.ceil(steps / 10) }, (_, i) => (i ? `Langkah (${i + 1})` : 'Langkah')),
    );
    expect(sum(parts.map((s) => dataRows(s).length))).toBe(steps);
    for (const sheet of parts) {
      expect(sheet.rowCount).toBeLessThanOrEqual(11);
      expect(header(sheet)[0]).toBe('ID permohonan');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.autoFilter).toBeTruthy();
    }
    rmSync(path);
  });

  it('keeps to one agency when asked, and the figures with it', async () => {
    const agency = figures.agencies[0].agency;
    const path = join(dir, 'opd.xlsx');
    await reporting.writeComplianceWorkbook({ ...PERIOD, agency }, path);
    const book = await read(path);
    const rows = dataRows(book.getWorksheet('Permohonan')!);
    expect(rows).toHaveLength(figures.agencies[0].opened);
    expect(rows.every((r) => r[3] === agency)).toBe(true);
    expect(summaryValue(book, 'OPD')).toBe(agency);
    expect(dataRows(book.getWorksheet('Jejak Audit')!).every((e) => e[5] === 'Permohonan')).toBe(true);
    rmSync(path);
  });

  it('writes nothing for an invalid period or an unknown agency, and leaves no partial file when writing fails', async () => {
    await expect(
      reporting.writeComplianceWorkbook({ from: '2026-11-24', to: '2026-07-01' }, join(dir, 'salah.xlsx')),
    ).rejects.toBeInstanceOf(ValidationError);
    // Refused by the workbook process before it reads anything.
    await expect(
      reporting.writeComplianceWorkbook({ ...PERIOD, agency: 'OPD Tidak Ada' }, join(dir, 'opd.xlsx')),
    ).rejects.toThrow('OPD tidak dikenal');
    await expect(
      // A "folder" that is a file: the write cannot start, and nothing is left beside it.
      reporting.writeComplianceWorkbook(PERIOD, join(dir, 'kepatuhan.xlsx', 'laporan.xlsx')),
    ).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['kepatuhan.xlsx']);
  });

  it('fails with the write error when the workbook process cannot write (a full disk), not a hang', async () => {
    // The process as ReportingService runs it, on /dev/full: it opens, then refuses every write.
    await expect(ctx.get(WorkbookProcess).run(PERIOD, '/dev/full')).rejects.toMatchObject({
      code: 'ENOSPC',
      message: expect.stringContaining('no space left on device'),
    });
  });
});
