import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileFingerprint, writeFileAtomically } from './durable-file';

describe('durable files', () => {
  let folder: string;
  beforeEach(async () => (folder = await mkdtemp(join(tmpdir(), 'mutu-durable-'))));
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('fingerprints a file as its SHA-256 and size', async () => {
    const bytes = Buffer.alloc(3 * 65_536 + 7, 'a');
    await writeFile(join(folder, 'f'), bytes);
    await expect(fileFingerprint(join(folder, 'f'))).resolves.toEqual({
      sha256: createHash('sha256').update(bytes).digest('hex'),
      size: bytes.length,
    });
  });

  it('shows the file only once complete, creating its folder', async () => {
    const target = join(folder, 'a', 'b', 'report.pdf');
    const seen = await writeFileAtomically(target, async (partial) => {
      await writeFile(partial, 'isi');
      return readdir(join(folder, 'a', 'b'));
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe('report.pdf');
    expect(await readFile(target, 'utf8')).toBe('isi');
    expect(await readdir(join(folder, 'a', 'b'))).toEqual(['report.pdf']);
  });

  it('leaves nothing behind when producing fails', async () => {
    const target = join(folder, 'report.pdf');
    await expect(
      writeFileAtomically(target, async (partial) => {
        await writeFile(partial, 'setengah');
        throw new Error('Chromium mati');
      }),
    ).rejects.toThrow('Chromium mati');
    expect(await readdir(folder)).toEqual([]);
  });
});
