import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '@mutu/config';
import { CLI } from './support/built-app';

/*
 * Each run of the CLI loads its application anew; the build bundles it (scripts/bundle-cli.cjs)
 * because loading it as some 1,600 modules from node_modules took about a second.
 */
describe('the built CLI', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'mutu-cli-bundle-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads its application from its two bundled files, and little else', () => {
    // The CommonJS modules loaded by the time it exits, listed by an -e wrapper that runs it.
    const script = `process.argv.splice(1, 0, ${JSON.stringify(CLI)});
      process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache))));
      require(${JSON.stringify(CLI)});`;
    const result = spawnSync(process.execPath, ['-e', script, '--', '--help'], {
      env: { ...process.env, MUTU_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('Pemakaian / usage');
    const loaded = (JSON.parse(result.stderr) as string[]).map((file) => relative(PROJECT_ROOT, file));
    expect(loaded.filter((file) => !file.startsWith('node_modules/'))).toEqual([
      'dist/apps/cli/src/main.js',
      'dist/apps/cli/src/cli.app.js',
    ]);
    // Of the packages left outside the bundle, only async-exit-hook is loaded before a cluster starts.
    expect(loaded.filter((file) => file.startsWith('node_modules/'))).toEqual([
      'node_modules/async-exit-hook/index.js',
    ]);
  });
});
