import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { loadConfigOrExit, shutdownOnSignals } from '@mutu/config';
import { startDatabaseServer } from '@mutu/db';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env);
  const database = await startDatabaseServer(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, database.url), {
    bufferLogs: true,
  }).catch(async (error: unknown) => {
    await database.stop();
    throw error;
  });
  app.useLogger(app.get(PinoLogger));
  const logger = new Logger('Mutu');
  shutdownOnSignals(
    async () => {
      await app.close();
      await database.stop();
    },
    (line) => logger.log(line),
  );
  logger.log('Mutu worker berjalan (jadwal aktif)');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Mutu worker gagal dijalankan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
