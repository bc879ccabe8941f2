import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { transformFileSync } from '@swc/core';
import { PROJECT_ROOT } from '@mutu/config';
import { SopsModule } from '@mutu/sops';
import { createTestContext } from '../support/test-app';
import { fillYearOfRenewals, RENEWALS } from './year-of-renewals';

const NOW = '2026-11-01T00:00:00Z';

interface ChildFigures {
  rows: number;
  seconds: number;
  bootedRssBytes: number;
  peakRssBytes: number;
}

/**
 * Compiles the libraries and the child to JavaScript below the project root (where the code
 * finds its templates), as the app runs from dist/: a compiler loaded in the child would count.
 */
function compileChild(outDir: string): string {
  const swc = JSON.parse(readFileSync(join(PROJECT_ROOT, '.swcrc'), 'utf8'));
  const sources = [
    ...readdirSync(join(PROJECT_ROOT, 'libs'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
      .map((file) => join(PROJECT_ROOT, 'libs', file)),
    join(__dirname, 'excel-export.child.ts'),
  ];
  for (const source of sources) {
    const target = join(outDir, relative(PROJECT_ROOT, source)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, transformFileSync(source, { ...swc, swcrc: false, sourceMaps: false }).code);
  }
  return join(outDir, relative(PROJECT_ROOT, __dirname), 'excel-export.child.js');
}

it(`writes a year's compliance workbook with ${RENEWALS * 4} step rows in bounded memory`, async () => {
  // Boots only to seed the SOP the generated renewals follow.
  const ctx = await createTestContext({ imports: [SopsModule], now: NOW });
  const { database } = ctx;
  const dir = mkdtempSync(join(tmpdir(), 'mutu-excel-bench-'));
  mkdirSync(join(PROJECT_ROOT, '.data'), { recursive: true });
  const build = mkdtempSync(join(PROJECT_ROOT, '.data', 'excel-bench-build-'));
  try {
    const started = Date.now();
    await fillYearOfRenewals(database.url, 6);
    console.log(
      `filled ${RENEWALS} renewals / ${RENEWALS * 4} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const path = join(dir, 'kepatuhan.xlsx');
    // The export runs alone in a child process: inside Jest its peak would include Jest's heap.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '-r',
        'tsconfig-paths/register',
        compileChild(build),
        database.url,
        path,
        NOW,
        '2025-11-01',
        '2026-10-31',
      ],
      // @mutu/* resolve as tsconfig.json says, below the compiled tree.
      { cwd: PROJECT_ROOT, env: { ...process.env, TS_NODE_BASEURL: build }, maxBuffer: 1 << 20 },
    );
    const child = JSON.parse(stdout.trim().split('\n').pop()!) as ChildFigures;
    const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
    console.log(
      `excel workbook: ${child.rows} rows in ${child.seconds.toFixed(1)} s, file ${mb(statSync(path).size)}, ` +
        `peak RSS of the exporting process ${mb(child.peakRssBytes)} (${mb(child.bootedRssBytes)} once booted, ` +
        `before the export) (target < 60 s, < 300 MB)`,
    );
    expect(child.rows).toBeGreaterThan(RENEWALS * 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(build, { recursive: true, force: true });
    await ctx.close();
  }
});
