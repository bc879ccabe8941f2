import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, shutdownOnSignals } from '@mutu/config';
import { startDatabaseServer } from '@mutu/db';
import { ReportingService } from '@mutu/reporting';
import { configureApiApp } from './api.app';
import { rootModule } from './root.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const logger = new Logger('Mutu');
  if (!config.databaseUrl) logger.log(`PostgreSQL tertanam dijalankan di ${config.dataDir}/postgres …`);
  const database = await startDatabaseServer(config);

  let app;
  try {
    app = configureApiApp(await NestFactory.create(rootModule(config, database.url), { bufferLogs: true }));
    await app.listen(config.port, config.host);
    // Chromium starts now rather than inside the first PDF request (a cold start takes seconds).
    app.get(ReportingService).warmUpRenderer();
  } catch (error) {
    await app?.close();
    await database.stop();
    throw error;
  }
  const started = app;
  // Order matters: stop the job timer and let a running job record itself, stop taking requests,
  // then close the ORM's pool (all inside close()), then stop our own database.
  shutdownOnSignals(
    async () => {
      await started.close();
      await database.stop();
    },
    (line) => logger.log(line),
  );
  logger.log(
    `Mutu API siap di http://localhost:${config.port} — dokumentasi OpenAPI: /docs, kesehatan: /health` +
      (config.runWorker ? ' — tugas terjadwal berjalan di proses ini' : ''),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Mutu API gagal dijalankan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
