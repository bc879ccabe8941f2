import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { PROJECT_ROOT, SOP_DEFINITIONS_DIR } from '@mutu/config';
import { freePort } from './support/free-port';

const API = join(PROJECT_ROOT, 'dist/apps/api/src/main.js');
const CLI = join(PROJECT_ROOT, 'dist/apps/cli/src/main.js');
const CODE = 'pembaruan-sertifikat-elektronik';

/** PIDs of postgres processes serving a given data folder. */
function postgresServing(dataDir: string): number[] {
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

async function waitForHealth(base: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become healthy:\n${output()}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('the built API on the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    if (!existsSync(API)) throw new Error(`${API} is missing: run "npm run build" (npm test does)`);
    mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
    dataDir = mkdtempSync(join(PROJECT_ROOT, '.data', 'boot-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // The boot test always exercises the embedded database, whatever the suite runs against.
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = {
      ...rest,
      PORT: String(port),
      MUTU_DATA_DIR: dataDir,
      MUTU_EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function startApi(): Promise<{ child: ChildProcess; output: () => string }> {
    const child = spawn(process.execPath, [API], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    await waitForHealth(base, child, () => log);
    return { child, output: () => log };
  }

  it('starts, is healthy, serves the SOP and a valid OpenAPI 3 document, and stops leaving no postgres behind', async () => {
    const { child } = await startApi();
    try {
      const health = await (await fetch(`${base}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });

      const sop = await (await fetch(`${base}/sops/${CODE}`)).json();
      expect(sop).toMatchObject({ version: 1, number: '555/SOP-DISKOMINFOTIK/X/2022/003' });

      const document = (await (await fetch(`${base}/docs-json`)).json()) as any;
      expect(document.openapi).toMatch(/^3\./);
      await expect(SwaggerParser.validate(document)).resolves.toBeDefined();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/health',
          '/sops',
          '/sops/{code}',
          '/sops/{code}/versions',
          '/auth/login',
          '/renewals',
          '/renewals/{id}',
          '/renewals/{id}/verification',
          '/renewals/{id}/corrections',
          '/audit/verify',
        ]),
      );
      expect((await fetch(`${base}/docs`)).status).toBe(200);

      expect(postgresServing(dataDir)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    expect(postgresServing(dataDir)).toEqual([]);
  }, 120_000);

  it('keeps its data across a restart, including a version loaded by the CLI in between', async () => {
    const revision = JSON.parse(readFileSync(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`), 'utf8'));
    revision.identity.revisedOn = '2026-12-01';
    revision.identity.effectiveOn = '2026-12-01';
    const file = join(dataDir, 'revisi.json');
    writeFileSync(file, JSON.stringify(revision));

    const loaded = execFileSync(process.execPath, [CLI, 'sop:load', file, '--by', 'admin'], {
      env,
      encoding: 'utf8',
    });
    expect(loaded).toContain('SOP 555/SOP-DISKOMINFOTIK/X/2022/003 versi 2 dimuat (berlaku 2026-12-01)');
    expect(postgresServing(dataDir)).toEqual([]);

    const { child } = await startApi();
    try {
      const versions = (await (await fetch(`${base}/sops/${CODE}/versions`)).json()) as any[];
      expect(versions.map((v: { version: number; loadedBy: string }) => [v.version, v.loadedBy])).toEqual([
        [1, 'system:seed'],
        [2, 'cli:admin'],
      ]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited(child)).toBe(0);
    expect(postgresServing(dataDir)).toEqual([]);
  }, 120_000);

  it('refuses a bad configuration with one line naming the variable', () => {
    const result = spawnSync(process.execPath, [API], {
      env: { ...env, PORT: 'tiga-ribu' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Konfigurasi tidak valid / invalid configuration: PORT="tiga-ribu" — harus bilangan bulat 1–65535 / must be an integer 1–65535',
    ]);
  });

  it('the CLI refuses an invalid definition, naming the problem', () => {
    const broken = JSON.parse(readFileSync(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`), 'utf8'));
    broken.steps[0].time.duration = '-PT5M';
    const file = join(dataDir, 'rusak.json');
    writeFileSync(file, JSON.stringify(broken));
    const result = spawnSync(process.execPath, [CLI, 'sop:load', file], { env, encoding: 'utf8' });
    expect(result.status).toBe(65);
    expect(result.stderr).toContain('steps[0].time.duration');
    expect(postgresServing(dataDir)).toEqual([]);
  }, 60_000);
});
