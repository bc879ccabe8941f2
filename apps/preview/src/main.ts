import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit, type MutuConfig, PROJECT_ROOT } from '@mutu/config';
import { DatabaseModule, startDatabaseServer } from '@mutu/db';
import { monthOf, officeDate, previousPeriod } from '@mutu/domain';
import { ReportingModule, ReportingService } from '@mutu/reporting';
import { RENEWAL_SOP_CODE } from '@mutu/renewals';

/**
 * For developers: renders an SOP document, or the compliance report of a month, from the database
 * as the API serves it, and its first pages as PNG, so that a person can look at them without a
 * PDF viewer.
 *
 *   npm run preview:sop -- [code] [--version N]
 *   npm run preview:report -- [YYYY-MM] [--lang en]     (default: the month before this one)
 */
const PNG_PAGES = 3;
const PNG_DPI = '110';

@Module({})
class PreviewModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: PreviewModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl, config.database),
        ReportingModule,
      ],
    };
  }
}

/** Writes `<name>.pdf`, `<name>.html` and the first pages as `<name>-pN.png`; returns the page count and paths. */
function writePreview(dir: string, name: string, pdfBytes: Uint8Array, html: string) {
  for (const old of readdirSync(dir).filter((f) => f.startsWith(`${name}-p`) && f.endsWith('.png'))) {
    rmSync(join(dir, old));
  }
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, pdfBytes);
  writeFileSync(join(dir, `${name}.html`), html);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  const written = [relative(PROJECT_ROOT, pdf), relative(PROJECT_ROOT, join(dir, `${name}.html`))];
  for (let page = 1; page <= Math.min(pages, PNG_PAGES); page++) {
    const png = join(dir, `${name}-p${page}`);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      PNG_DPI,
      '-f',
      `${page}`,
      '-l',
      `${page}`,
      '-singlefile',
      pdf,
      png,
    ]);
    written.push(relative(PROJECT_ROOT, `${png}.png`));
  }
  return { pages, written };
}

/** The month before the one `today` (YYYY-MM-DD) falls in. */
function lastMonth(today: string): string {
  return previousPeriod(monthOf(today)).from.slice(0, 7);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { version: { type: 'string' }, report: { type: 'boolean' }, lang: { type: 'string' } },
  });
  const config = loadConfigOrExit(process.env);
  const database = await startDatabaseServer(config);
  try {
    const app = await NestFactory.createApplicationContext(PreviewModule.forRoot(config, database.url), {
      logger: ['error', 'warn'],
    });
    try {
      const reporting = app.get(ReportingService);
      const dir = join(config.reportsDir, 'preview');
      mkdirSync(dir, { recursive: true });
      if (values.report) {
        const month = positionals[0] ?? lastMonth(officeDate(new Date(), config.timeZone));
        const query = monthOf(`${month}-01`);
        const options = { lang: values.lang === 'en' ? 'en' : 'id', generatedBy: 'preview' } as const;
        const { content, html } = await reporting.complianceReportPdf(query, options);
        const { pages, written } = writePreview(dir, `report-${options.lang}`, content, html);
        console.log(
          `Laporan kepatuhan ${month} (${pages} halaman) ditulis ke / written to:\n  ${written.join('\n  ')}`,
        );
        return;
      }
      const code = positionals[0] ?? RENEWAL_SOP_CODE;
      const version = values.version === undefined ? undefined : Number(values.version);
      const { content, html } = await reporting.sopDocumentPdf(code, version);
      const { pages, written } = writePreview(dir, 'sop', content, html);
      console.log(
        `Dokumen SOP ${code} (${pages} halaman) ditulis ke / written to:\n  ${written.join('\n  ')}`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Pratinjau gagal / preview failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
