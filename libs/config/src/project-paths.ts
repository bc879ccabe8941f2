import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project root is found by walking up to Mutu's package.json, so that the same code finds
 * templates, SOP definitions and data folders whether it runs from sources (tests) or from dist/.
 */
function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'mutu') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Mutu's package.json not found above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const SOP_DEFINITIONS_DIR = join(PROJECT_ROOT, 'libs', 'sops', 'definitions');
/** Shipped revisions the office may adopt (`sop:load … --effective-on`); never loaded on their own. */
export const SOP_REVISIONS_DIR = join(SOP_DEFINITIONS_DIR, 'revisions');
export const TEMPLATES_DIR = join(PROJECT_ROOT, 'templates');
