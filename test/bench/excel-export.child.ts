import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ComplianceModule } from '@mutu/compliance';
import { ConfigModule, loadConfig, SettableClock } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { ReportingModule, ReportingService } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';

/**
 * The workbook export alone, in a process of its own, for the Excel row of side-by-side.bench.ts: Jest's own
 * heap would otherwise be counted in the peak. Prints one JSON line: rows, seconds, peak RSS.
 * Arguments: database URL, target file, the judging moment (ISO), period from, period to.
 */
async function main([url, target, now, from, to]: string[]): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url });
  @Module({
    imports: [
      ConfigModule.forRoot(config, new SettableClock(new Date(now))),
      DatabaseModule.forRoot(url),
      SopsModule,
      ComplianceModule,
      ReportingModule,
    ],
  })
  class ExportModule {}
  const app = await NestFactory.createApplicationContext(ExportModule, { logger: false });
  const bootedRssBytes = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const rows = await app.get(ReportingService).writeComplianceWorkbook({ from, to }, target);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await app.close();
  // maxRSS is the kernel's high-water mark of the whole process, in KiB.
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ rows, seconds, bootedRssBytes, peakRssBytes }));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
