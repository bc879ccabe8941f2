import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** SHA-256 (hex) and size of a file, read as a stream so large exports never sit in memory. */
export async function fileFingerprint(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Has `produce` write a file beside `path`, then renames it into place: a reader sees no file or
 * the whole file, never a partial one, and a failure leaves nothing behind. The file and the
 * rename are synced to disk before this resolves.
 */
export async function writeFileAtomically<T>(
  path: string,
  produce: (partialPath: string) => Promise<T>,
): Promise<T> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const partial = join(folder, `.${basename(path)}.${randomUUID()}.partial`);
  try {
    const result = await produce(partial);
    await fsync(partial);
    await rename(partial, path);
    await fsync(folder);
    return result;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
