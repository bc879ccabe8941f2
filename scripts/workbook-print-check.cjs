// For developers: prints a compliance workbook as the archive would (LibreOffice headless to PDF)
// and checks the print setup held: per sheet, how many pages, and on each page the header row
// with every printed column (no column pushed onto a page of its own).
//
//   node scripts/workbook-print-check.cjs reports/compliance/2026/…-laporan-kepatuhan-2026-10.xlsx
//
// Needs soffice (LibreOffice), pdfinfo and pdftotext (poppler). Exit code 1 when a page misses a column.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, join } = require('node:path');
const ExcelJS = require('exceljs');

async function main(file) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(file);
  // Printed columns: the print area's, else all of the header row.
  const headers = new Map(
    book.worksheets.map((sheet) => {
      const area = sheet.pageSetup.printArea;
      const last = area ? sheet.getColumn(area.split(':')[1].replace(/\d+/g, '')).number : sheet.columnCount;
      const row = sheet.getRow(1);
      return [sheet.name, Array.from({ length: last }, (_, i) => String(row.getCell(i + 1).value ?? ''))];
    }),
  );

  const out = mkdtempSync(join(tmpdir(), 'mutu-print-'));
  try {
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, file], {
      stdio: 'ignore',
      env: { ...process.env, HOME: out },
    });
    const pdf = join(out, basename(file).replace(/\.xlsx$/, '.pdf'));
    const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
    const texts = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .split('\f')
      .slice(0, pages);
    const perSheet = new Map();
    let failed = false;
    texts.forEach((text, i) => {
      // The footer names the sheet: "<sheet>   Halaman N dari M".
      const footer = /^\s*(.+?)\s{2,}Halaman \d+ dari \d+\s*$/m.exec(text);
      const sheet = footer?.[1] ?? '?';
      const columns = headers.get(sheet) ?? [];
      // A header may wrap in its cell: its longest word stands for it.
      const found = columns.filter((h) => {
        const word = h.split(/\s+/).sort((a, b) => b.length - a.length)[0];
        return text.includes(word);
      });
      const entry = perSheet.get(sheet) ?? { pages: 0, narrowest: Infinity, columns: columns.length };
      entry.pages++;
      entry.narrowest = Math.min(entry.narrowest, found.length);
      perSheet.set(sheet, entry);
      if (found.length < columns.length) {
        failed = true;
        const missing = columns.filter((h) => !found.includes(h));
        console.log(
          `halaman ${i + 1} (${sheet}): kolom tidak tercetak / columns missing: ${missing.join(', ')}`,
        );
      }
    });
    console.log(`${pages} halaman / pages`);
    for (const [sheet, e] of perSheet) {
      console.log(
        `  ${sheet.padEnd(14)} ${String(e.pages).padStart(4)} halaman, kolom per halaman ${e.narrowest}/${e.columns}`,
      );
    }
    return failed ? 1 : 0;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`Gagal / failed: ${error.message}\n`);
    process.exit(1);
  },
);
