// The raw baseline of the Excel row of test/bench/side-by-side.bench.ts: exceljs's streaming
// writer alone writing the workbook Mutu writes for the bench's year, made in memory (no
// database): the same six sheets with the same rows, columns, cell types, texts of the same
// length, styles (top alignment, number formats, the breach fill, the header style), page setup
// and print titles, drained between batches as Mutu drains. Arguments: target file, renewal
// rows, step rows, breach rows. Prints one JSON line: seconds, peak RSS.
'use strict';
const { once } = require('node:events');
const { createWriteStream } = require('node:fs');
const ExcelJS = require('exceljs');

const BATCH = 1000;
const base = Date.UTC(2025, 10, 1);
const day = 86_400_000;

async function drained(sheet) {
  const entry = sheet.stream.pipes[0];
  if (entry && entry._writableState.needDrain) await once(entry, 'drain');
}

const DATE_TIME = 'dd/mm/yyyy hh:mm:ss';
const HEADER_STYLE = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  alignment: { vertical: 'middle', wrapText: true },
};
const BREACH_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const PAGE_SETUP = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
};
const HEADER_FOOTER = { oddHeader: '&L&8Laporan kepatuhan', oddFooter: '&L&8&A&R&8Halaman &P dari &N' };

const names = [];
async function sheetOf(book, name, columns, count, row, breached = () => false) {
  const sheet = book.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: PAGE_SETUP,
    headerFooter: HEADER_FOOTER,
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  header.commit();
  const plain = columns.map((c) => ({
    alignment: { vertical: 'top', ...(c.wrap && { wrapText: true }) },
    ...(c.numFmt && { numFmt: c.numFmt }),
  }));
  const highlighted = plain.map((style) => ({ ...style, fill: BREACH_FILL }));
  for (let i = 0; i < count; i++) {
    const styles = breached(i) ? highlighted : plain;
    const excelRow = sheet.addRow(row(i));
    excelRow.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.style = styles[column - 1];
    });
    excelRow.commit();
    if (i % BATCH === BATCH - 1) await drained(sheet);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: columns.length } };
  names.push({ name: '_xlnm.Print_Titles', ranges: [`'${name}'!$1:$1`], localSheetId: names.length });
  sheet.commit();
}

const col = (header, width, numFmt, wrap) => ({ header, width, numFmt, wrap });
const uuid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const date = (ms) => new Date(ms);

async function main([target, renewals, steps, breaches]) {
  const started = process.hrtime.bigint();
  const out = createWriteStream(target);
  await once(out, 'open');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  // Mutu's summary: 17 headline lines and 4 per SOP step.
  await sheetOf(book, 'Ringkasan', [col('Uraian', 42), col('Nilai', 60)], 33, (i) => [
    `Langkah ${i % 4}: dalam mutu baku`,
    i,
  ]);
  await sheetOf(
    book,
    'Permohonan',
    [
      col('ID permohonan', 38),
      col('Nama pemegang', 28),
      col('NIP', 20),
      col('OPD', 36, undefined, true),
      col('Status', 34),
      col('Putaran', 9),
      col('Dibuka (WIB)', 20, DATE_TIME),
      col('Ditutup (WIB)', 20, DATE_TIME),
      col('Waktu tempuh (jam)', 14, '0.00'),
    ],
    Number(renewals),
    (i) => [
      uuid(i),
      `Pemegang ${i % 20000}`,
      String(i).padStart(18, '0'),
      `OPD ${1 + (i % 12)}`,
      'Selesai',
      1 + (i % 7 === 0),
      date(base + i * 630_000),
      date(base + i * 630_000 + 3 * day),
      72,
    ],
  );
  const stepColumns = [
    col('ID permohonan', 38),
    col('Putaran', 9),
    col('Langkah', 9),
    col('Pelaksana', 14),
    col('Oleh', 40),
    col('Mulai (WIB)', 20, DATE_TIME),
    col('Selesai (WIB)', 20, DATE_TIME),
    col('Mutu baku', 20),
    col('Durasi (menit)', 12, '0.0'),
    col('Status mutu baku', 22),
    col('Dikoreksi', 10),
  ];
  // The bench's steps: 1, 2 (5 minutes) and 4 (7 days) with a standard, 3 (BSrE) without;
  // about one in 24 rows past its standard.
  const late = (i) => i % 24 === 0;
  const stepRow = (i) => {
    const step = 1 + (i % 4);
    return [
      uuid(i >> 2),
      1,
      step,
      step === 3 ? 'BSrE' : step === 4 ? 'Pengguna' : 'Verifikator',
      'bench',
      date(base + i * 157_000),
      date(base + i * 157_000 + 240_000),
      step === 3 ? 'Tanpa mutu baku' : step === 4 ? '7 hari kalender (P7D)' : '5 menit kalender (PT5M)',
      1 + (i % 6),
      step === 3 ? 'Tanpa mutu baku' : late(i) ? 'Melampaui mutu baku' : 'Memenuhi mutu baku',
      'Tidak',
    ];
  };
  await sheetOf(
    book,
    'Langkah',
    [...stepColumns, col('Catatan', 36)],
    Number(steps),
    (i) => [...stepRow(i), ''],
    late,
  );
  await sheetOf(
    book,
    'Pelanggaran',
    [...stepColumns, col('Lewat mutu baku (menit)', 14, '0.0')],
    Number(breaches),
    (i) => [...stepRow(i * 24), 1],
    () => true,
  );
  const none = () => [];
  await sheetOf(
    book,
    'Dokumen',
    Array.from({ length: 9 }, (_, i) => col(`Kolom ${i}`, 20)),
    0,
    none,
  );
  await sheetOf(
    book,
    'Jejak Audit',
    Array.from({ length: 10 }, (_, i) => col(`Kolom ${i}`, 20)),
    0,
    none,
  );
  book._definedNames = { model: names };
  await book.commit();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
