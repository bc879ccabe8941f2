import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '@mutu/config';
import { freePort } from './free-port';

export const API = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');
export const CLI = join(PROJECT_ROOT, 'dist/apps/cli/src/main.js');

/** PIDs of postgres processes serving a given data folder. */
export function postgresServing(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return cmd[0].endsWith('/postgres') && cmd.includes(join(dataDir, 'postgres'));
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', (code) => r(code)));
}

/**
 * The built apps (as `npm start` runs them) on an embedded PostgreSQL in a folder of their own,
 * whatever database the rest of the suite uses.
 */
export async function builtAppEnvironment(prefix: string, extra: Record<string, string> = {}) {
  if (!existsSync(API)) throw new Error(`${API} is missing: run "npm run build" (npm test does)`);
  mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
  const dataDir = mkdtempSync(join(PROJECT_ROOT, '.data', prefix));
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...rest,
    PORT: String(port),
    MUTU_DATA_DIR: dataDir,
    MUTU_EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    ...extra,
  };
  return { dataDir, env, base: `http://127.0.0.1:${port}` };
}

/** Starts the built API and waits until /health answers; everything it prints is kept. */
export async function startBuiltApi(env: NodeJS.ProcessEnv, base: string) {
  const child = spawn(process.execPath, [API], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${log}`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, output: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`the API did not become healthy:\n${log}`);
}
