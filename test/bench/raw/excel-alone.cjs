// The raw baseline of the Excel row of test/bench/side-by-side.bench.ts: exceljs's streaming
// writer alone writing rows of the same sheets, columns, types and formats as Mutu's workbook,
// made in memory (no database), drained between batches as Mutu drains. Arguments: target file,
// renewal rows, step rows, breach rows. Prints one JSON line: seconds, peak RSS.
'use strict';
const { once } = require('node:events');
const { createWriteStream } = require('node:fs');
const ExcelJS = require('exceljs');

const BATCH = 5000;
const day = 86_400_000;
const base = Date.UTC(2025, 10, 1);

async function drained(sheet) {
  const entry = sheet.stream.pipes[0];
  if (entry && entry._writableState.needDrain) await once(entry, 'drain');
}

async function sheetOf(book, name, columns, count, row) {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(() => ({ width: 16 }));
  sheet.addRow(columns.map((c) => c.header)).commit();
  const styles = columns.map((c) => (c.numFmt ? { numFmt: c.numFmt } : {}));
  for (let i = 0; i < count; i++) {
    const excelRow = sheet.addRow(row(i));
    excelRow.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.style = styles[column - 1];
    });
    excelRow.commit();
    if (i % BATCH === BATCH - 1) await drained(sheet);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: count + 1, column: columns.length } };
  sheet.commit();
}

const DATE = 'dd/mm/yyyy hh:mm';
const col = (header, numFmt) => ({ header, numFmt });
const uuid = (i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const excelDate = (ms) => new Date(ms);

async function main([target, renewals, steps, breaches]) {
  const started = process.hrtime.bigint();
  const out = createWriteStream(target);
  await once(out, 'open');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  await sheetOf(book, 'Ringkasan', [col('Ukuran'), col('Nilai')], 30, (i) => [`Ukuran ${i}`, i]);
  await sheetOf(
    book,
    'Permohonan',
    [
      col('ID'),
      col('Pemegang'),
      col('NIP'),
      col('OPD'),
      col('Status'),
      col('Putaran'),
      col('Dibuka', DATE),
      col('Ditutup', DATE),
      col('Waktu tempuh (jam)', '0.00'),
    ],
    Number(renewals),
    (i) => [
      uuid(i),
      `Pemegang ${i % 20000}`,
      String(i).padStart(18, '0'),
      `OPD ${i % 12}`,
      'completed',
      1,
      excelDate(base + i * 120_000),
      excelDate(base + i * 120_000 + 3 * day),
      72,
    ],
  );
  const stepColumns = [
    col('ID permohonan'),
    col('Putaran'),
    col('Langkah'),
    col('Pelaksana'),
    col('Oleh'),
    col('Mulai', DATE),
    col('Selesai', DATE),
    col('Mutu baku'),
    col('Standar'),
    col('Durasi (menit)', '0.0'),
    col('SLA'),
    col('Lewat (menit)', '0.0'),
    col('Dikoreksi'),
  ];
  const stepRow = (i) => [
    uuid(i >> 2),
    1,
    1 + (i % 4),
    'VERIFIKATOR',
    'bench',
    excelDate(base + i * 30_000),
    excelDate(base + i * 30_000 + 240_000),
    '5 menit',
    'PT5M',
    4,
    'met',
    null,
    'tidak',
  ];
  await sheetOf(book, 'Langkah', stepColumns, Number(steps), stepRow);
  await sheetOf(book, 'Pelanggaran', [col('Pemegang'), col('OPD'), ...stepColumns], Number(breaches), (i) => [
    `Pemegang ${i % 20000}`,
    `OPD ${i % 12}`,
    ...stepRow(i),
  ]);
  await sheetOf(book, 'Dokumen', [col('ID permohonan'), col('Berkas')], 0, () => []);
  await sheetOf(book, 'Jejak audit', [col('Nomor'), col('Waktu', DATE), col('Aksi')], 0, () => []);
  await book.commit();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
