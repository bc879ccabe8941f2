import { browserCandidates, ChromiumProcess } from '@mutu/chromium';
import { ConfigError, loadConfig, loadConfigOrExit, type MutuConfig } from '@mutu/config';
import { EXIT } from './cli-program';

/*
 * The command line's entry. Loading the application (Nest, MikroORM and the rest, cli.commands)
 * takes about two seconds, and Chromium about one to start. So `report`, the command that
 * prints, starts Chromium before that load, and its start-up runs on the other core meanwhile;
 * only the configuration and puppeteer, which finds and starts it, load first. The command's
 * own options (read with the rest) decide whether it prints; a `report` that does not, or fails,
 * stops it again.
 */

const argv = process.argv.slice(2);
let config: MutuConfig | undefined;
const configuration = () => (config ??= loadConfigOrExit(process.env));

/** Chromium started for `report`; none when the configuration is invalid (the command reports that) or no Chromium is found. */
async function chromiumFirst(): Promise<ChromiumProcess | undefined> {
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
  // Not found: the renderer looks again when a document is printed and reports it there, as without this start.
  return ChromiumProcess.start(await browserCandidates(config)).catch(() => undefined);
}

async function run(): Promise<number> {
  const chromium = argv[0] === 'report' ? await chromiumFirst() : undefined;
  try {
    const { main } = await import('./cli.commands.js');
    return await main(argv, { configuration, chromium });
  } finally {
    chromium?.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.failed);
  },
);
