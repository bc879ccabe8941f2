import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import type { WorkbookMessage, WorkbookRequest } from './compliance-workbook.process';

/*
 * The workbook process: started by WorkbookProcess (compliance-workbook.process.ts) with an IPC
 * channel, it receives one WorkbookRequest, writes that workbook, reports its total, progress
 * and end (WorkbookMessage), and exits. Everything heavy is loaded once the request has come,
 * through the data folder's compile cache (the CLI's), so the boot is as short as it can be.
 */

const send = (message: WorkbookMessage) =>
  new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

async function run(request: WorkbookRequest): Promise<void> {
  enableCompileCache(join(request.config.dataDir, 'compile-cache'));
  // One after another: Nest is ESM, and two imports loading it at once would race.
  const { NestFactory } = await import('@nestjs/core');
  const { ComplianceWorkbookModule } = await import('./compliance-workbook.module.js');
  const { ComplianceWorkbookExport } = await import('./compliance-workbook.export.js');
  // exceljs is this process's whole work: loaded with the rest of its boot (~0.1–0.25 s), not
  // on the writer's first use, which stays lazy for the processes that import this library
  // without writing a workbook.
  await import('exceljs');
  const app = await NestFactory.createApplicationContext(
    ComplianceWorkbookModule.forRoot(request.config, request.databaseUrl, new Date(request.now)),
    { logger: false },
  );
  try {
    const bootMs = performance.now();
    const rows = await app.get(ComplianceWorkbookExport).write(request.query, request.target, {
      maxRowsPerSheet: request.maxRowsPerSheet,
      onTotal: (total: number) => void send({ total }),
      onProgress: (progress: number) => void send({ progress }),
    });
    const exportMs = performance.now() - bootMs;
    // maxRSS is in KiB.
    await send({ done: { rows, bootMs, exportMs, peakRssBytes: process.resourceUsage().maxRSS * 1024 } });
  } finally {
    await app.close();
  }
}

// The process that asked is gone (it ended, or was killed): nobody is left to take the file.
process.once('disconnect', () => process.exit(1));
process.once('message', (request: WorkbookRequest) => {
  run(request).then(
    () => process.exit(0),
    async (error: unknown) => {
      const { message, code } =
        error instanceof Error
          ? (error as NodeJS.ErrnoException)
          : { message: String(error), code: undefined };
      await send({ failed: { message, code } });
      process.exit(1);
    },
  );
});
