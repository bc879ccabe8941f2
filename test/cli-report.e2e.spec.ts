import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditModule, AuditService } from '@mutu/audit';
import { browserCandidates, resolveBrowserExecutable } from '@mutu/chromium';
import { loadConfig } from '@mutu/config';
import { CLI, exited } from './support/built-app';
import { pdfText } from './support/pdf-text';
import { createTestContext, type TestContext } from './support/test-app';

/** PIDs of the processes whose command line names `dir` (Chromium names its profile folder). */
function processesNaming(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // the process ended while we looked
      }
    })
    .map(Number);
}

/** Waits up to a minute (a cold start on a busy machine) for `check`. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`never: ${what}`);
}

describe('the built CLI prints with the Chromium it starts first, and leaves none behind', () => {
  let ctx: TestContext;
  let dataDir: string;
  // The CLI's temporary folder (TMPDIR), where Chromium's profile lies while it runs.
  let tmp: string;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [AuditModule] });
    dataDir = mkdtempSync(join(tmpdir(), 'mutu-cli-report-'));
    tmp = join(dataDir, 'tmp');
    mkdirSync(tmp);
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => {
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    return {
      ...rest,
      DATABASE_URL: ctx.database.url,
      MUTU_DATA_DIR: dataDir,
      MUTU_REPORTS_DIR: join(dataDir, 'reports'),
      TMPDIR: tmp,
      LOG_LEVEL: 'warn',
    };
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: env(), encoding: 'utf8' });
  const nothingLeft = () => processesNaming(tmp).length === 0 && readdirSync(tmp).length === 0;

  it('writes the SOP document and its audit event, then stops Chromium and removes its profile', async () => {
    const result = cli('report', 'sop', '--by', 'penguji');
    expect([result.status, result.stderr]).toEqual([0, 'Membuat dokumen SOP…\n']);
    const [file, id] = /^(\S+\/([0-9a-f-]{36})-\S+\.pdf)$/m.exec(result.stdout)!.slice(1);
    expect(pdfText(readFileSync(file))).toContain('Pembaruan Sertifikat Elektronik');
    const events = await ctx.get(AuditService).history('report', id);
    expect(events.map((e) => [e.action, e.actorId])).toEqual([['report.generated', 'cli:penguji']]);
    expect(nothingLeft()).toBe(true);
  }, 120_000);

  it('stops Chromium when the command refuses its options, and for a workbook alone', () => {
    const refused = cli('report', 'compliance', '--format', 'pdf');
    expect([refused.status, refused.stderr]).toEqual([65, expect.stringContaining('beri --month YYYY-MM')]);
    expect(nothingLeft()).toBe(true);
    const workbook = cli('report', 'compliance', '--month', '2026-10', '--format', 'xlsx');
    expect(workbook.status).toBe(0);
    expect(nothingLeft()).toBe(true);
  }, 120_000);

  it('starts no Chromium for workbooks alone, and one for a document', async () => {
    // Chromium behind a script that notes each start.
    const starts = join(dataDir, 'chromium-starts');
    const chromium = join(dataDir, 'chromium');
    const real = await resolveBrowserExecutable(await browserCandidates(loadConfig({})));
    writeFileSync(chromium, `#!/bin/sh\necho >> '${starts}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI, ...args], {
        env: { ...env(), PUPPETEER_EXECUTABLE_PATH: chromium },
        encoding: 'utf8',
      });
    expect(run('report', 'compliance', '--month', '2026-10', '--format', 'xlsx').status).toBe(0);
    expect(existsSync(starts)).toBe(false);
    expect(run('report', 'sop').status).toBe(0);
    expect(readFileSync(starts, 'utf8')).toBe('\n');
    expect(nothingLeft()).toBe(true);
  }, 120_000);

  it('stops Chromium when interrupted while it prints (SIGINT), and ends by the signal as before', async () => {
    const child: ChildProcess = spawn(process.execPath, [CLI, 'report', 'sop'], {
      env: env(),
      stdio: 'ignore',
    });
    const status = new Promise<NodeJS.Signals | null>((r) => exited(child).then(() => r(child.signalCode)));
    try {
      await eventually(() => processesNaming(tmp).length > 0, 'Chromium started');
      child.kill('SIGINT');
      expect(await status).toBe('SIGINT');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // Killed at once, Chromium may leave its own empty org.chromium.* folder; nothing of Mutu's remains.
    await eventually(
      () => processesNaming(tmp).length === 0 && !readdirSync(tmp).some((f) => f.startsWith('mutu-')),
      'Chromium stopped and its profile removed',
    );
  }, 120_000);
});
