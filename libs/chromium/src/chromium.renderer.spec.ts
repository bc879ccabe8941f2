import { mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'puppeteer';
import { loadConfig } from '@mutu/config';
import { chromiumChildren, pdfText } from '../../../test/support/pdf-text';
import { BrowserNotFoundError, browserCandidates, resolveBrowserExecutable } from './chromium.executable';
import { ChromiumProcess } from './chromium.process';
import { ChromiumRenderer, RendererUnavailableError } from './chromium.renderer';

const A4 = { format: 'A4' } as const;
const page = (text: string) => `<!doctype html><html lang="id"><body><h1>${text}</h1></body></html>`;

describe('ChromiumRenderer with real Chromium', () => {
  const renderer = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 2);
  afterAll(() => renderer.onApplicationShutdown());

  it('renders many documents at once through a pool of two pages', async () => {
    const texts = Array.from({ length: 8 }, (_, i) => `Dokumen nomor ${i + 1}`);
    const pdfs = await Promise.all(texts.map((text) => renderer.pdf(page(text), A4)));
    pdfs.forEach((pdf, i) => {
      expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
      expect(pdfText(pdf)).toContain(texts[i]);
    });
    // One browser for all of them.
    expect(chromiumChildren()).toHaveLength(1);
  });

  it('launches Chromium again after it was killed', async () => {
    await renderer.pdf(page('sebelum'), A4);
    const [pid] = chromiumChildren();
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(pdfText(await renderer.pdf(page('sesudah dijalankan ulang'), A4))).toContain(
      'sesudah dijalankan ulang',
    );
    expect(chromiumChildren()).not.toContain(pid);
  });

  it('survives Chromium dying in the middle of renders', async () => {
    await renderer.pdf(page('hangat'), A4);
    const [pid] = chromiumChildren();
    const renders = [1, 2, 3].map((i) => renderer.pdf(page(`tetap jadi ${i}`), A4));
    process.kill(pid, 'SIGKILL');
    const pdfs = await Promise.all(renders);
    pdfs.forEach((pdf, i) => expect(pdfText(pdf)).toContain(`tetap jadi ${i + 1}`));
  });

  it('closes Chromium on application shutdown', async () => {
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 1);
    const before = chromiumChildren();
    await own.pdf(page('sebentar'), A4);
    const started = chromiumChildren().filter((pid) => !before.includes(pid));
    expect(started).toHaveLength(1);
    await own.onApplicationShutdown();
    expect(chromiumChildren()).not.toContain(started[0]);
    await expect(own.pdf(page('terlambat'), A4)).rejects.toThrow(/sudah ditutup/);
  });
});

describe('Chromium prepared before the first render (the CLI)', () => {
  const launchedSince = (before: number[]) => chromiumChildren().filter((pid) => !before.includes(pid));

  it('is launched at once, then printed with; no second browser', async () => {
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 1);
    const before = chromiumChildren();
    try {
      own.prepare();
      for (let i = 0; i < 600 && !launchedSince(before).length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const launched = launchedSince(before);
      expect(launched).toHaveLength(1);
      expect(pdfText(await own.pdf(page('sudah disiapkan'), A4))).toContain('sudah disiapkan');
      expect(launchedSince(before)).toEqual(launched);
    } finally {
      await own.onApplicationShutdown();
    }
    expect(launchedSince(before)).toEqual([]);
  });

  it('leaves nothing running when shut down while still launching (a command that failed)', async () => {
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 1);
    const before = chromiumChildren();
    own.prepare();
    await own.onApplicationShutdown();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(launchedSince(before)).toEqual([]);
  });
});

describe('Chromium started before the renderer (the CLI, see ChromiumProcess)', () => {
  const startedSince = (before: number[]) => chromiumChildren().filter((pid) => !before.includes(pid));
  // Made in shared memory where there is some (see ChromiumProcess), else in the temporary folder.
  const profiles = () =>
    ['/dev/shm', tmpdir()].flatMap((dir) =>
      readdirSync(dir)
        .filter((name) => name.startsWith('mutu-chromium-'))
        .map((name) => join(dir, name)),
    );

  it('is the browser printed with, no second one launched; shutdown ends it and removes its profile', async () => {
    const before = chromiumChildren();
    const started = await ChromiumProcess.start(await browserCandidates(loadConfig({})));
    const [pid] = startedSince(before);
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 1, { started });
    try {
      own.prepare();
      expect(pdfText(await own.pdf(page('sudah berjalan'), A4))).toContain('sudah berjalan');
      expect(startedSince(before)).toEqual([pid]);
      expect(profiles()).toHaveLength(1);
      // Chromium's own temporary files go into the profile, removed with it even when it is killed.
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environment).toContain(`TMPDIR=${profiles()[0]}`);
      // In shared memory only when it is large: Chromium's shared-memory files follow its TMPDIR.
      const shm = statfsSync('/dev/shm');
      expect(dirname(profiles()[0])).toBe(shm.bavail * shm.bsize >= 1024 ** 3 ? '/dev/shm' : tmpdir());
    } finally {
      await own.onApplicationShutdown();
    }
    expect(startedSince(before)).toEqual([]);
    expect(profiles()).toEqual([]);
  });

  it('prints a render asked for while the prepared page still opens on that page, not a second one', async () => {
    const started = await ChromiumProcess.start(await browserCandidates(loadConfig({})));
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 2, { started });
    try {
      own.prepare();
      expect(pdfText(await own.pdf(page('halaman yang disiapkan'), A4))).toContain('halaman yang disiapkan');
      const browser = await (own as unknown as { browser: Promise<Browser> }).browser;
      // Chromium's first blank tab (it starts with one) and the page prepared.
      expect(await browser.pages()).toHaveLength(2);
    } finally {
      await own.onApplicationShutdown();
    }
  });

  it('told how many documents it prints, ends Chromium after the last without waiting for shutdown', async () => {
    const before = chromiumChildren();
    const started = await ChromiumProcess.start(await browserCandidates(loadConfig({})));
    const own = new ChromiumRenderer(() => browserCandidates(loadConfig({})), 2, { started, documents: 1 });
    try {
      expect(pdfText(await own.pdf(page('satu-satunya'), A4))).toContain('satu-satunya');
      for (let i = 0; i < 100 && (startedSince(before).length || profiles().length); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(startedSince(before)).toEqual([]);
      expect(profiles()).toEqual([]);
      await expect(own.pdf(page('kedua'), A4)).rejects.toThrow(/sudah ditutup/);
    } finally {
      await own.onApplicationShutdown();
    }
  });

  it('ends when quit without having printed (a command that refused its options)', async () => {
    const before = chromiumChildren();
    const started = await ChromiumProcess.start(await browserCandidates(loadConfig({})));
    expect(startedSince(before)).toHaveLength(1);
    await started.quit();
    expect(startedSince(before)).toEqual([]);
    expect(profiles()).toEqual([]);
  });
});

describe('a slow first launch of Chromium', () => {
  it('is started in the background; a render meanwhile is refused as unavailable (503), then works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chromium-lambat-'));
    const chromium = await resolveBrowserExecutable(await browserCandidates(loadConfig({})));
    // A real Chromium that takes 3 s longer to start, as on a cold, busy server.
    const slow = join(dir, 'chromium');
    writeFileSync(slow, `#!/bin/sh\nsleep 3\nexec ${chromium} "$@"\n`, { mode: 0o755 });
    const renderer = new ChromiumRenderer(async () => [{ place: 'uji', path: slow }], 1, {
      readyWaitMs: 500,
    });
    try {
      renderer.warmUp();
      const refused = await renderer.pdf(page('terlalu cepat'), A4).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(RendererUnavailableError);
      expect((refused as RendererUnavailableError).publicMessage).toMatch(/coba lagi/);

      // A client retrying after a while gets its document.
      let pdf: Uint8Array | null = null;
      for (let attempt = 0; attempt < 60 && !pdf; attempt++) {
        pdf = await renderer.pdf(page('setelah siap'), A4).catch((e: unknown) => {
          if (e instanceof RendererUnavailableError) return null;
          throw e;
        });
      }
      expect(pdfText(pdf!)).toContain('setelah siap');
    } finally {
      await renderer.onApplicationShutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('finding Chromium', () => {
  it('looks in PUPPETEER_EXECUTABLE_PATH, then puppeteer’s cache, then /usr/bin/chromium', async () => {
    const candidates = await browserCandidates(
      loadConfig({ PUPPETEER_EXECUTABLE_PATH: '/opt/chromium/chrome' }),
    );
    expect(candidates).toEqual([
      { place: 'PUPPETEER_EXECUTABLE_PATH', path: '/opt/chromium/chrome' },
      { place: expect.stringContaining('cache puppeteer'), path: expect.stringContaining('puppeteer') },
      { place: expect.stringContaining('Chromium sistem'), path: '/usr/bin/chromium' },
    ]);
  });

  it('fails with a message naming every place looked in and how to install Chromium', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tanpa-chromium-'));
    try {
      const config = loadConfig({ PUPPETEER_EXECUTABLE_PATH: join(empty, 'chromium') });
      // The real fallbacks exist on this machine; they are pointed at an empty folder here.
      const candidates = (await browserCandidates(config)).map((c, i) =>
        i === 0 ? c : { ...c, path: join(empty, `tidak-ada-${i}`) },
      );
      const renderer = new ChromiumRenderer(async () => candidates, 2);
      const error = await renderer.pdf(page('x'), A4).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BrowserNotFoundError);
      const message = (error as Error).message;
      expect(message).toContain(`PUPPETEER_EXECUTABLE_PATH: ${join(empty, 'chromium')}`);
      expect(message).toContain('cache puppeteer');
      expect(message).toContain('Chromium sistem');
      expect(message).toContain('tidak ditemukan / no Chromium found');
      expect(message).toContain('apt-get install chromium');
      await renderer.onApplicationShutdown();
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
