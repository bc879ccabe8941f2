import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A configured secret, or else one generated on first use and kept (mode 0600) in the data
 * folder, so that a single-machine install works with no set-up and keeps its keys across
 * restarts. Several processes starting at once agree: only the first write succeeds.
 */
export function persistentSecret(configured: string | null, dataDir: string, name: string): string {
  if (configured) return configured;
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
