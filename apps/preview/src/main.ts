import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule, loadConfigOrExit, type MutuConfig, PROJECT_ROOT } from '@mutu/config';
import { DatabaseModule, startDatabaseServer } from '@mutu/db';
import { ReportingModule, ReportingService } from '@mutu/reporting';

/**
 * For developers: renders an SOP document from the database as the API serves it, and its first
 * pages as PNG, so that a person can look at them without a PDF viewer.
 *
 *   npm run preview:sop -- [code] [--version N]
 */
const PNG_PAGES = 3;
const PNG_DPI = '110';

@Module({})
class PreviewModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: PreviewModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(databaseUrl), ReportingModule],
    };
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { version: { type: 'string' } },
  });
  const code = positionals[0] ?? 'pembaruan-sertifikat-elektronik';
  const version = values.version === undefined ? undefined : Number(values.version);
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
      for (const old of readdirSync(dir).filter((f) => /^sop-p\d+\.png$/.test(f))) rmSync(join(dir, old));

      const pdf = join(dir, 'sop.pdf');
      writeFileSync(pdf, (await reporting.sopDocumentPdf(code, version)).content);
      writeFileSync(join(dir, 'sop.html'), await reporting.sopDocumentHtml(code, version));
      const pages = Number(
        /^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1],
      );
      const written = [relative(PROJECT_ROOT, pdf), relative(PROJECT_ROOT, join(dir, 'sop.html'))];
      for (let page = 1; page <= Math.min(pages, PNG_PAGES); page++) {
        const png = join(dir, `sop-p${page}`);
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
