import { type ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { API, builtAppEnvironment, CLI, exited, postgresServing, startBuiltApi } from './support/built-app';

const CODE = 'pembaruan-sertifikat-elektronik';

describe('the built API on the embedded PostgreSQL', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let base: string;

  beforeAll(async () => {
    ({ dataDir, env, base } = await builtAppEnvironment('boot-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const startApi = (): Promise<{ child: ChildProcess; output: () => string }> => startBuiltApi(env, base);

  it('starts, is healthy, serves the SOP and a valid OpenAPI 3 document, and stops leaving no postgres behind', async () => {
    const { child } = await startApi();
    try {
      const health = await (await fetch(`${base}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });

      const sop = await (await fetch(`${base}/sops/${CODE}`)).json();
      expect(sop).toMatchObject({ version: 1, number: '555/SOP-DISKOMINFOTIK/X/2022/003' });

      // Before the validation below: it can hold the event loop past the server's keep-alive
      // timeout on a loaded machine, and the next request would meet a socket closed under it.
      expect((await fetch(`${base}/docs`)).status).toBe(200);
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

      // One process is also the worker: its first tick at start signs the audit head.
      execFileSync(
        process.execPath,
        [CLI, 'user:create', 'kadis', '--role', 'KEPALA_DINAS', '--password', 'kata-sandi-kadis-01'],
        { env },
      );
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'kadis', password: 'kata-sandi-kadis-01' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const checkpoints = async () =>
        (await (
          await fetch(`${base}/jobs?job=audit-checkpoint&status=succeeded`, {
            headers: { Authorization: `Bearer ${accessToken}` },
          })
        ).json()) as { total: number };
      let runs = await checkpoints();
      for (let i = 0; i < 40 && runs.total === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        runs = await checkpoints();
      }
      expect(runs.total).toBe(1);

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

  it('the CLI refuses reports that could only be empty and NIPs that cannot exist, naming the field (exit 65)', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8' });
    const thisMonth = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 7);
    const future = cli('report', 'compliance', '--month', `${Number(thisMonth.slice(0, 4)) + 1}-05`);
    expect([future.status, future.stderr]).toEqual([
      65,
      expect.stringContaining('from: periode belum dimulai'),
    ]);
    const unknown = cli('report', 'compliance', '--month', thisMonth, '--agency', 'Dinas Xyz');
    expect([unknown.status, unknown.stderr]).toEqual([
      65,
      expect.stringContaining('agency: OPD "Dinas Xyz" tidak dikenal'),
    ]);
    // The built CLI writes a workbook (exceljs is loaded on first use, through Node's own import()).
    const workbook = cli('report', 'compliance', '--month', thisMonth, '--format', 'xlsx');
    expect([workbook.status, workbook.stderr]).toEqual([0, expect.any(String)]);
    const xlsx = /kepatuhan[^\s]*\.xlsx/.exec(workbook.stdout + workbook.stderr)?.[0];
    expect(xlsx).toBeDefined();
    const nip = cli('user:create', 'pegawai.baru', '--role', 'PENGGUNA', '--nip', '199001012015017001');
    expect([nip.status, nip.stderr]).toEqual([
      65,
      expect.stringContaining('holderNip: digit jenis kelamin (digit 15) 7'),
    ]);
    expect(postgresServing(dataDir)).toEqual([]);
  }, 120_000);
});
