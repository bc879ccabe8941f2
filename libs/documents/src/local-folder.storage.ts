import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from '@mutu/config';
import { type DocumentStorage, sha256Of } from './document-storage';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Documents in a local folder as `<root>/<first two hex digits>/<sha256>`: file names come from
 * the content alone, never from a client, and the fan-out keeps folders small.
 */
export class LocalFolderStorage implements DocumentStorage {
  constructor(private readonly root: string) {}

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(sha256);
    // Kept bytes that still match are left alone; damaged ones are replaced by the good copy.
    const kept = await this.get(sha256);
    if (kept && sha256Of(kept) === sha256) return;
    // Created here first: writeFileAtomically would make the folder without its restricted mode.
    await mkdir(dirname(path), { recursive: true, mode: 0o750 });
    // A reader sees the old file or the whole new one, never a partial write; both are synced.
    await writeFileAtomically(path, (partial) => writeFile(partial, bytes, { flag: 'wx', mode: 0o640 }));
  }

  async get(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${JSON.stringify(sha256)}`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}
