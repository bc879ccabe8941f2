// Builds the TypeScript tree (nest build api), then bundles the CLI (bundle-cli.cjs), only when a
// source is newer than the last build, so `npm start` on an unchanged tree starts at once instead
// of compiling for 20–40 s.
// What counts as source: apps/, libs/ (TypeScript and folder listings, so deleted files count),
// tsconfig*.json, nest-cli.json, package-lock.json, scripts/bundle-cli.cjs. `--force` always builds.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['apps', 'libs'];
const FILES = [
  'tsconfig.json',
  'tsconfig.build.json',
  'nest-cli.json',
  'package-lock.json',
  'scripts/bundle-cli.cjs',
];

/** The newest modification time (ms) under `path`: files and the folders holding them. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function sourcesChangedSince(stampMs) {
  return [...SOURCES, ...FILES]
    .map((p) => join(ROOT, p))
    .filter(existsSync)
    .some((p) => newest(p) > stampMs);
}

const force = process.argv.includes('--force');
const stampMs = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
if (force || !existsSync(join(ROOT, 'dist', 'apps')) || sourcesChangedSince(stampMs)) {
  const started = Date.now();
  if (!force)
    process.stderr.write('Kode berubah sejak build terakhir; membangun ulang… (sources changed, building)\n');
  // The stamp takes the build's start time: a file saved during the build triggers the next one.
  execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', 'api'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  // Loaded only to build: esbuild is a devDependency, and an unchanged tree starts without it.
  require('./bundle-cli.cjs').bundleCli();
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(STAMP, `${new Date(started).toISOString()}\n`);
  utimesSync(STAMP, new Date(started), new Date(started));
}
