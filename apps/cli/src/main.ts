import { enableCompileCache } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadConfigOrExit, type MutuConfig } from '@mutu/config';
import { EXIT } from './cli-program';

/*
 * The command line's entry. Each run loads the application (Nest, MikroORM and the rest, in
 * cli.commands) anew; built, it is one bundled file (cli.app, see scripts/bundle-cli.cjs), and
 * this entry another, an eighth of its size (the configuration's validation, zod, and the
 * options' parser: ~1.5 MB, compiled before the cache is on, and again inside cli.app; nothing
 * but plain values passes between the two), so that Node's compile cache, in the data folder,
 * spares compiling the application again. Chromium takes about a second to start, so a `report` that may
 * print starts it before the commands load: its start-up then runs on the other core meanwhile.
 * The command's own options, read once the rest has loaded, decide whether it prints; a `report`
 * that does not, or fails, ends it again.
 */

const argv = process.argv.slice(2);

/**
 * The configuration when it is valid. An invalid one is reported by the command that reads it
 * (exit 78), as before: not by --help or a usage error.
 */
function validConfiguration(): MutuConfig | undefined {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}

/**
 * Whether the command may print with Chromium: a `report`, unless it asks for workbooks alone
 * (`--format xlsx`), which then runs with no browser beside it. Read before the command's parser
 * has loaded, as loosely as a guess may be: the command decides again from its parsed options.
 */
function mayPrint(args: readonly string[]): boolean {
  if (args[0] !== 'report') return false;
  const { values } = parseArgs({
    args: args.slice(1),
    options: { format: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.format !== 'string' || values.format.split(',').some((f) => f.trim() !== 'xlsx');
}

async function run(): Promise<number> {
  const config = validConfiguration();
  if (config) enableCompileCache(join(config.dataDir, 'compile-cache'));
  // Loaded here, not imported above, so that it is compiled through the cache.
  const app = await import('./cli.app.js');
  const chromium =
    config && mayPrint(argv) ? await (await app.chromiumPart()).chromiumFirst(config) : undefined;
  try {
    const { main } = await app.commandsPart();
    return await main(argv, { configuration: () => config ?? loadConfigOrExit(process.env), chromium });
  } finally {
    await chromium?.quit();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
