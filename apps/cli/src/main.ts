import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit, type MutuConfig } from '@mutu/config';
import { createMigration, startDatabaseServer } from '@mutu/db';
import { ValidationError } from '@mutu/domain';
import { SopsService } from '@mutu/sops';
import { CliModule } from './cli.module';

const USAGE = `Pemakaian / usage: npm run cli -- <perintah> [opsi]

Perintah / commands:
  migrate                         terapkan migrasi basis data / apply database migrations
  sop:load <berkas.json> [--by N] muat definisi SOP sebagai versi baru / load an SOP definition as a new version
  migration:create [--name N]     (pengembang) buat migrasi dari perubahan entitas / write a migration for entity changes
`;

interface Invocation {
  config: MutuConfig;
  databaseUrl: string;
  args: string[];
  options: { by: string; name?: string };
}
type Command = (call: Invocation) => Promise<void>;

/** Runs `work` inside the application context: migrations applied, shipped SOPs seeded. */
async function withApp<T>(
  config: MutuConfig,
  databaseUrl: string,
  work: (get: <S>(t: new (...a: never[]) => S) => S) => Promise<T>,
) {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, databaseUrl), {
    logger: ['error', 'warn'],
  });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

const COMMANDS: Record<string, Command> = {
  migrate: ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async () => console.log('Migrasi basis data sudah mutakhir.')),

  'sop:load': async ({ config, databaseUrl, args: [file], options }) => {
    if (!file) throw new Error('sop:load butuh berkas definisi / needs a definition file');
    await withApp(config, databaseUrl, async (get) => {
      const { created, version } = await get(SopsService).loadFile(resolve(file), `cli:${options.by}`);
      console.log(
        created
          ? `SOP ${version.number} versi ${version.version} dimuat (berlaku ${version.effectiveOn}).`
          : `Definisi ini sudah dimuat sebagai versi ${version.version}; tidak ada perubahan.`,
      );
    });
  },

  'migration:create': async ({ databaseUrl, options }) => {
    const file = await createMigration(databaseUrl, options.name);
    console.log(file ? `Migrasi baru: ${file}` : 'Skema sudah sesuai entitas; tidak ada migrasi baru.');
  },
};

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    options: { by: { type: 'string', default: 'cli' }, name: { type: 'string' }, help: { type: 'boolean' } },
    allowPositionals: true,
  });
  const [name, ...args] = positionals;
  const command = name ? COMMANDS[name] : undefined;
  if (!command || values.help) {
    process.stderr.write(name && !values.help ? `Perintah tidak dikenal: ${name}\n\n${USAGE}` : USAGE);
    return name && !values.help ? 64 : 0;
  }
  const config = loadConfigOrExit(process.env);
  const database = await startDatabaseServer(config);
  try {
    await command({ config, databaseUrl: database.url, args, options: { by: values.by, name: values.name } });
    return 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 65;
    }
    throw error;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
