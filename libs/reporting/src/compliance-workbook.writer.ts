import { type EventEmitter, once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { HeadlineFigures } from '@mutu/compliance';
import type {
  AuditExportRow,
  ComplianceExportCounts,
  DocumentExportRow,
  RenewalExportRow,
  SopVersionInScopeRow,
  StepExportRow,
  StepSlaOutcome,
} from '@mutu/db';
import {
  ACTOR_ROLE_LABELS,
  type ActorRole,
  auditActionLabel,
  auditEventSummary,
  describeStandard,
  RENEWAL_STATUS_LABELS,
  type RenewalStatus,
  type TimeBasis,
  zoneOffsetMs,
} from '@mutu/domain';

/** Rows per worksheet Excel opens, header included. */
export const EXCEL_MAX_ROWS = 1_048_576;

export interface ComplianceWorkbookContent {
  readonly figures: HeadlineFigures;
  readonly sopVersions: readonly SopVersionInScopeRow[];
  readonly renewals: AsyncIterable<RenewalExportRow[]>;
  readonly steps: AsyncIterable<StepExportRow[]>;
  readonly breaches: AsyncIterable<StepExportRow[]>;
  readonly documents: AsyncIterable<DocumentExportRow[]>;
  readonly auditEvents: AsyncIterable<AuditExportRow[]>;
  /** Rows of the sheets read from the database, counted in the same snapshot. */
  readonly counts: ComplianceExportCounts;
}

export interface ComplianceWorkbookOptions {
  /** Rows per sheet, header included, before the rows go on to "Langkah (2)" and so on. */
  readonly maxRowsPerSheet?: number;
  /** Called once, before any row is written, with the data rows the workbook will have over all sheets. */
  readonly onTotal?: (rows: number) => void;
  /** Called after every batch with the data rows written so far, over all sheets. */
  readonly onProgress?: (rowsWritten: number) => void;
}

const SLA_LABELS: Readonly<Record<StepSlaOutcome, string>> = {
  met: 'Memenuhi mutu baku',
  breached: 'Melampaui mutu baku',
  no_standard: 'Tanpa mutu baku',
  running: 'Sedang berjalan',
};

const TITLE = 'Laporan kepatuhan SOP pembaruan sertifikat elektronik';
const DATE_TIME = 'dd/mm/yyyy hh:mm:ss';
const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  alignment: { vertical: 'middle', wrapText: true },
};
/**
 * Every sheet prints as an archive binder page: A4 landscape, one page wide, the header row on
 * every page, the sheet's name and "Halaman X dari Y" in the footer.
 */
const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  paperSize: 9, // A4
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};
const HEADER_FOOTER: Partial<ExcelJS.HeaderFooter> = {
  oddHeader: `&L&8${TITLE}`,
  oddFooter: '&L&8&A&R&8Halaman &P dari &N',
};
// Points per line of 11-point text.
const LINE_HEIGHT_PT = 15;
const CELL_STYLE: Partial<ExcelJS.Style> = { alignment: { vertical: 'top' } };
const WRAPPED_STYLE: Partial<ExcelJS.Style> = { alignment: { vertical: 'top', wrapText: true } };
const BREACH_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

interface Column<T> {
  readonly header: string;
  /** In characters: wide enough for the column's longest usual value, so print shows it whole. */
  readonly width: number;
  /** Long free text: wrapped within the width rather than cut. */
  readonly wrap?: boolean;
  /** A function where the format depends on the row (the summary's mixed values). */
  readonly numFmt?: string | ((row: T) => string | undefined);
  readonly value: (row: T) => ExcelJS.CellValue;
}

interface SheetSpec<T> {
  readonly name: string;
  readonly columns: readonly Column<T>[];
  /** Columns on paper, from the first; the rest (raw data for machines) stay out of the print area. */
  readonly printedColumns?: number;
  readonly breached?: (row: T) => boolean;
}

/**
 * A wall-clock time from PostgreSQL (ms, read as UTC) as the Excel date serial, days since
 * 1899-12-30, which Excel shows unchanged (it has no time zones). The very number exceljs writes
 * for `new Date(wallMs)` (a Date keeps whole ms), and the cells' date formats make it a date:
 * the file is the same, without two Date objects per step row.
 */
const excelDate = (wallMs: number | null) =>
  wallMs === null ? null : 25_569 + Math.trunc(wallMs) / 86_400_000;
const role = (code: string) => ACTOR_ROLE_LABELS[code as ActorRole] ?? code;

/**
 * A step's standard with its basis ("5 menit jam kerja"), then the definition's ISO-8601 text.
 * A deployment has a handful of standards and a million step rows: each is worded once.
 */
const standardLabels = new Map<TimeBasis, Map<string, string>>();
function standardLabel(duration: string, basis: TimeBasis): string {
  let labels = standardLabels.get(basis);
  if (labels === undefined) standardLabels.set(basis, (labels = new Map()));
  let label = labels.get(duration);
  if (label === undefined) {
    label = `${describeStandard({ duration, basis })} (${duration})`;
    labels.set(duration, label);
  }
  return label;
}
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

const RENEWALS: SheetSpec<RenewalExportRow> = {
  name: 'Permohonan',
  columns: [
    { header: 'ID permohonan', width: 38, value: (r) => r.id },
    { header: 'Nama pemegang', width: 28, value: (r) => r.holder_name },
    { header: 'NIP', width: 20, value: (r) => r.nip },
    { header: 'OPD', width: 36, wrap: true, value: (r) => r.agency },
    {
      header: 'Status',
      width: 34,
      value: (r) => RENEWAL_STATUS_LABELS[r.status as RenewalStatus] ?? r.status,
    },
    { header: 'Putaran', width: 9, value: (r) => r.round },
    { header: 'Dibuka (WIB)', width: 20, numFmt: DATE_TIME, value: (r) => excelDate(r.opened_wall_ms) },
    { header: 'Ditutup (WIB)', width: 20, numFmt: DATE_TIME, value: (r) => excelDate(r.closed_wall_ms) },
    { header: 'Waktu tempuh (jam)', width: 14, numFmt: '0.00', value: (r) => round2(r.lead_hours) },
  ],
};

const STEP_COLUMNS: readonly Column<StepExportRow>[] = [
  { header: 'ID permohonan', width: 38, value: (s) => s.renewal_id },
  { header: 'Putaran', width: 9, value: (s) => s.round },
  { header: 'Langkah', width: 9, value: (s) => s.step },
  { header: 'Pelaksana', width: 14, value: (s) => role(s.performer_role) },
  { header: 'Oleh', width: 40, value: (s) => s.actor_id },
  { header: 'Mulai (WIB)', width: 20, numFmt: DATE_TIME, value: (s) => excelDate(s.started_wall_ms) },
  { header: 'Selesai (WIB)', width: 20, numFmt: DATE_TIME, value: (s) => excelDate(s.ended_wall_ms) },
  {
    header: 'Mutu baku',
    width: 20,
    value: (s) =>
      s.standard_duration ? standardLabel(s.standard_duration, s.standard_basis) : 'Tanpa mutu baku',
  },
  { header: 'Durasi (menit)', width: 12, numFmt: '0.0', value: (s) => round2(s.duration_minutes) },
  { header: 'Status mutu baku', width: 22, value: (s) => SLA_LABELS[s.sla] },
  { header: 'Dikoreksi', width: 10, value: (s) => (s.corrected ? 'Ya' : 'Tidak') },
];

/** Only step 3 (no standard, never a breach) can be relayed: the note stays off the breaches sheet. */
const RELAYED_NOTE: Column<StepExportRow> = {
  header: 'Catatan',
  width: 36,
  value: (s) => (s.recorded_for === 'BSRE' ? 'dicatat oleh verifikator atas informasi BSrE' : ''),
};

const STEPS: SheetSpec<StepExportRow> = {
  name: 'Langkah',
  columns: [...STEP_COLUMNS, RELAYED_NOTE],
  breached: (s) => s.sla === 'breached',
};

const BREACHES: SheetSpec<StepExportRow> = {
  name: 'Pelanggaran',
  columns: [
    ...STEP_COLUMNS,
    { header: 'Lewat mutu baku (menit)', width: 14, numFmt: '0.0', value: (s) => round2(s.overrun_minutes) },
  ],
  breached: () => true,
};

const DOCUMENTS: SheetSpec<DocumentExportRow> = {
  name: 'Dokumen',
  columns: [
    { header: 'ID permohonan', width: 38, value: (d) => d.renewal_id },
    { header: 'Putaran', width: 9, value: (d) => d.round },
    { header: 'Butir', width: 22, value: (d) => d.item },
    { header: 'Nama berkas', width: 34, wrap: true, value: (d) => d.name },
    { header: 'Jenis', width: 16, value: (d) => d.media_type },
    { header: 'Ukuran (bita)', width: 12, numFmt: '#,##0', value: (d) => d.size },
    { header: 'SHA-256', width: 66, value: (d) => d.sha256 },
    { header: 'Diunggah (WIB)', width: 20, numFmt: DATE_TIME, value: (d) => excelDate(d.uploaded_wall_ms) },
    { header: 'Diunggah oleh', width: 40, value: (d) => d.uploaded_by },
  ],
};

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  renewal: 'Permohonan',
  user: 'Akun',
  sop: 'SOP',
  document: 'Dokumen',
  report: 'Laporan',
  token: 'Token API',
  calendar: 'Kalender',
  outbox: 'Surel',
};

// Excel's limit for one cell's text.
const EXCEL_MAX_CELL_CHARS = 32_767;

const AUDIT: SheetSpec<AuditExportRow> = {
  name: 'Jejak Audit',
  columns: [
    { header: 'No. urut', width: 10, value: (e) => e.seq },
    { header: 'Waktu (WIB)', width: 19, numFmt: DATE_TIME, value: (e) => excelDate(e.occurred_wall_ms) },
    { header: 'Pelaku', width: 40, value: (e) => e.actor_id },
    { header: 'Peran', width: 13, value: (e) => role(e.actor_role) },
    { header: 'Aksi', width: 34, wrap: true, value: (e) => auditActionLabel(e.action) },
    { header: 'Entitas', width: 12, value: (e) => ENTITY_LABELS[e.entity_type] ?? e.entity_type },
    { header: 'ID entitas', width: 37, value: (e) => e.entity_id },
    { header: 'Ringkasan', width: 70, wrap: true, value: (e) => auditEventSummary(e.action, e.payload) },
    { header: 'ID permintaan', width: 37, value: (e) => e.request_id },
    {
      header: 'Data (JSON)',
      width: 100,
      value: (e) => (e.payload === null ? null : JSON.stringify(e.payload).slice(0, EXCEL_MAX_CELL_CHARS)),
    },
  ],
  printedColumns: 8,
};

interface SummaryLine {
  readonly label: string;
  readonly value: ExcelJS.CellValue;
  readonly numFmt?: string;
}

const hours = (ms: number | null) => (ms === null ? null : round2(ms / 3_600_000));
const minutes = (ms: number | null) => (ms === null ? null : round2(ms / 60_000));

const SUMMARY: SheetSpec<SummaryLine> = {
  name: 'Ringkasan',
  columns: [
    { header: 'Uraian', width: 42, value: (l) => l.label },
    { header: 'Nilai', width: 60, numFmt: (l) => l.numFmt, value: (l) => l.value },
  ],
};

function summaryLines(figures: HeadlineFigures, sopVersions: readonly SopVersionInScopeRow[]): SummaryLine[] {
  const distinct = (values: string[]) => [...new Set(values)].join('; ') || '—';
  const { renewals } = figures;
  const judgedAt = new Date(figures.judgedAt);
  return [
    { label: 'Judul', value: TITLE },
    { label: 'Nomor SOP', value: distinct(sopVersions.map((v) => v.number)) },
    { label: 'Nama SOP', value: distinct(sopVersions.map((v) => v.name)) },
    { label: 'Versi SOP', value: distinct(sopVersions.map((v) => String(v.version))) },
    {
      label: 'Tanggal berlaku',
      value: distinct(sopVersions.map((v) => `versi ${v.version}: ${v.effective_on}`)),
    },
    { label: 'Periode (tanggal dibuka, WIB)', value: `${figures.period.from} s.d. ${figures.period.to}` },
    { label: 'OPD', value: figures.filters.agency ?? 'Semua OPD' },
    {
      label: 'Dinilai pada (WIB)',
      value: excelDate(judgedAt.getTime() + zoneOffsetMs(judgedAt, figures.period.timeZone)),
      numFmt: DATE_TIME,
    },
    {
      label: 'Hasil ukur',
      value: figures.measure === 'recalculated' ? 'sebagaimana dihitung ulang' : 'sebagaimana diukur',
    },
    { label: 'Permohonan dibuka', value: renewals.opened },
    { label: 'Permohonan selesai', value: renewals.completed },
    { label: 'Permohonan dibatalkan', value: renewals.cancelled },
    { label: 'Permohonan berjalan', value: renewals.running },
    { label: 'Tingkat pengulangan', value: renewals.reworkRate, numFmt: '0.0%' },
    { label: 'Rata-rata putaran', value: renewals.averageRounds, numFmt: '0.00' },
    { label: 'Median waktu tempuh (jam)', value: hours(renewals.leadTime.medianMs), numFmt: '0.00' },
    { label: 'P90 waktu tempuh (jam)', value: hours(renewals.leadTime.p90Ms), numFmt: '0.00' },
    ...figures.steps.flatMap((s): SummaryLine[] => [
      { label: `Langkah ${s.step}: jumlah`, value: s.instances },
      { label: `Langkah ${s.step}: dalam mutu baku`, value: s.withinStandardShare, numFmt: '0.0%' },
      { label: `Langkah ${s.step}: pelanggaran`, value: s.breaches },
      {
        label: `Langkah ${s.step}: median durasi (menit)`,
        value: minutes(s.durationMs.median),
        numFmt: '0.0',
      },
    ]),
  ];
}

/**
 * exceljs hands each sheet to archiver through a PassThrough (readable-stream 2, which predates
 * `writableNeedDrain`) and ignores what its write() returns, so every row made faster than
 * deflate takes it piles up there: the whole uncompressed sheet, ~500 MB at a million rows.
 * Waiting for that PassThrough to drain between batches restores the backpressure; measured in
 * test/bench/side-by-side.bench.ts. It reaches into exceljs 4.4.0 internals (pinned).
 */
async function zipDrained(sheet: ExcelJS.Worksheet, failure: AbortSignal): Promise<void> {
  type ZipEntryInput = EventEmitter & { _writableState: { needDrain: boolean } };
  const entry = (sheet as unknown as { stream: { pipes: ZipEntryInput[] } }).stream.pipes[0];
  if (entry?._writableState.needDrain) {
    // A failed file never drains: the wait ends with the file's error.
    await once(entry, 'drain', { signal: failure }).catch(() => failure.throwIfAborted());
  }
  failure.throwIfAborted();
}

/**
 * The print titles (header row on every page) and print areas of the sheets. exceljs's streaming
 * writer drops `pageSetup.printTitlesRow`, so the workbook's defined names are given here, each
 * tied to its sheet by position (`localSheetId`) as Excel and LibreOffice require. Like
 * zipDrained, this reaches into exceljs 4.4.0 (pinned): the writer's `_definedNames.model`.
 */
class PrintNames {
  private readonly names: { name: string; ranges: string[]; localSheetId: number }[] = [];
  private sheets = 0;

  add(sheet: ExcelJS.Worksheet, rows: number, printedColumns?: number): void {
    const quoted = `'${sheet.name.replace(/'/g, "''")}'`;
    const localSheetId = this.sheets++;
    this.names.push({ name: '_xlnm.Print_Titles', ranges: [`${quoted}!$1:$1`], localSheetId });
    if (printedColumns) {
      const last = sheet.getColumn(printedColumns).letter;
      this.names.push({
        name: '_xlnm.Print_Area',
        ranges: [`${quoted}!$A$1:$${last}$${rows}`],
        localSheetId,
      });
    }
  }

  applyTo(book: ExcelJS.stream.xlsx.WorkbookWriter): void {
    (book as unknown as { _definedNames: { model: unknown } })._definedNames = { model: this.names };
  }
}

/** One logical sheet, continued on "Name (2)", "Name (3)"… past the row limit. */
class SheetSeries<T> {
  private sheet?: ExcelJS.Worksheet;
  private rowsInSheet = 0;
  private parts = 0;
  private readonly plain: Partial<ExcelJS.Style>[];
  private readonly highlighted: Partial<ExcelJS.Style>[];
  private readonly wrapped: number[];

  constructor(
    private readonly book: ExcelJS.stream.xlsx.WorkbookWriter,
    private readonly spec: SheetSpec<T>,
    private readonly maxRows: number,
    private readonly printNames: PrintNames,
  ) {
    // Shared style objects: exceljs caches a style's id by object identity, per cell.
    this.plain = spec.columns.map((c) => ({
      ...(c.wrap ? WRAPPED_STYLE : CELL_STYLE),
      ...(typeof c.numFmt === 'string' && { numFmt: c.numFmt }),
    }));
    this.highlighted = this.plain.map((style) => ({ ...style, fill: BREACH_FILL }));
    this.wrapped = spec.columns.flatMap((c, i) => (c.wrap ? [i] : []));
  }

  /** Returns how many rows were written; rejects with the file's error once `failure` is aborted. */
  async write(rows: readonly T[], failure: AbortSignal): Promise<number> {
    const { columns, breached } = this.spec;
    for (const row of rows) {
      if (!this.sheet || this.rowsInSheet >= this.maxRows) this.nextSheet();
      const styles = breached?.(row) ? this.highlighted : this.plain;
      const values: ExcelJS.CellValue[] = [];
      for (const column of columns) values.push(column.value(row));
      const excelRow = this.sheet!.addRow(values);
      // Readers do not grow a row for wrapped text on their own: its height is given, a line per width's worth.
      let lines = 1;
      for (const i of this.wrapped) {
        lines = Math.max(lines, Math.ceil(String(values[i] ?? '').length / columns[i].width));
      }
      if (lines > 1) excelRow.height = LINE_HEIGHT_PT * lines;
      for (let i = 0; i < excelRow.cellCount; i++) {
        const { numFmt } = columns[i];
        excelRow.getCell(i + 1).style = typeof numFmt === 'function' ? { numFmt: numFmt(row) } : styles[i];
      }
      excelRow.commit();
      this.rowsInSheet++;
    }
    if (this.sheet) await zipDrained(this.sheet, failure);
    return rows.length;
  }

  close(): void {
    if (!this.sheet) this.nextSheet();
    this.finishSheet();
  }

  private nextSheet(): void {
    if (this.sheet) this.finishSheet();
    this.parts++;
    const name = this.parts === 1 ? this.spec.name : `${this.spec.name} (${this.parts})`;
    this.sheet = this.book.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 1 }],
      pageSetup: PAGE_SETUP,
      headerFooter: HEADER_FOOTER,
    });
    this.sheet.columns = this.spec.columns.map((c) => ({ width: c.width }));
    const header = this.sheet.addRow(this.spec.columns.map((c) => c.header));
    header.eachCell((cell) => {
      cell.style = HEADER_STYLE;
    });
    header.commit();
    this.rowsInSheet = 1;
  }

  private finishSheet(): void {
    const sheet = this.sheet!;
    sheet.autoFilter = {
      from: { row: 1, column: 1 },
      to: { row: this.rowsInSheet, column: this.spec.columns.length },
    };
    this.printNames.add(sheet, this.rowsInSheet, this.spec.printedColumns);
    sheet.commit();
  }
}

/**
 * Writes the compliance workbook for the manual archive with exceljs's streaming writer: rows
 * are committed as they come and sheets one after another, so memory stays bounded whatever
 * the size of the period. `target` is written in place; making that atomic is the caller's.
 */
export async function writeComplianceWorkbook(
  target: string,
  content: ComplianceWorkbookContent,
  options: ComplianceWorkbookOptions = {},
): Promise<number> {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
  const { figures, sopVersions, counts } = content;
  const summary = summaryLines(figures, sopVersions);
  options.onTotal?.(
    summary.length + counts.renewals + counts.steps + counts.breaches + counts.documents + counts.auditEvents,
  );
  // Opened here rather than by exceljs, which listens for the file's errors only once it commits:
  // an unwritable path or a full disk before that would hang the export, not fail it.
  const out = createWriteStream(target);
  await once(out, 'open');
  // Aborted with the file's error. A race of every batch with one pending promise would add a
  // reaction to it per batch, kept until the export ends: a thousand of them at a million rows.
  const failure = new AbortController();
  const failed = new Promise<never>((_, reject) =>
    out.on('error', (error) => {
      failure.abort(error);
      reject(error);
    }),
  );
  failed.catch(() => undefined);
  // Loaded on first use: half a second of start-up that every other command (a PDF) would pay.
  const exceljs = await import('exceljs');
  // Node's import() of this CommonJS package puts its exports on `default` (the built CLI and
  // API); Jest's transform gives them directly. test/boot.e2e exports through the built CLI.
  const { stream } = exceljs.default ?? exceljs;
  const book = new stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // Shared strings are kept in memory until the end; inline strings stream.
    useSharedStrings: false,
  });
  book.title = TITLE;
  book.subject = [...new Set(sopVersions.map((v) => v.number))].join('; ');
  book.creator = 'Mutu';
  book.created = new Date(figures.judgedAt);

  let written = 0;
  const printNames = new PrintNames();
  const writeSheet = async <T>(
    spec: SheetSpec<T>,
    batches: AsyncIterable<readonly T[]> | Iterable<readonly T[]>,
  ) => {
    const sheet = new SheetSeries(book, spec, maxRows, printNames);
    for await (const batch of batches) {
      written += await sheet.write(batch, failure.signal);
      options.onProgress?.(written);
    }
    sheet.close();
  };
  await writeSheet(SUMMARY, [summary]);
  await writeSheet(RENEWALS, content.renewals);
  await writeSheet(STEPS, content.steps);
  await writeSheet(BREACHES, content.breaches);
  await writeSheet(DOCUMENTS, content.documents);
  await writeSheet(AUDIT, content.auditEvents);
  printNames.applyTo(book);
  await Promise.race([book.commit(), failed]);
  return written;
}
