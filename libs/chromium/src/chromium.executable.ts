import { access, constants } from 'node:fs/promises';
import puppeteer from 'puppeteer';
import type { MutuConfig } from '@mutu/config';
import { DomainError } from '@mutu/domain';

/** One place a Chromium may be found, named as an operator would look for it. */
export interface BrowserCandidate {
  readonly place: string;
  /** Null when the place names no file at all (the variable is unset). */
  readonly path: string | null;
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Where Mutu looks for Chromium, in order: the configured path, puppeteer's own cache, Debian's package. */
export async function browserCandidates(config: MutuConfig): Promise<BrowserCandidate[]> {
  return [
    { place: 'PUPPETEER_EXECUTABLE_PATH', path: config.browserExecutablePath },
    { place: 'cache puppeteer / puppeteer cache', path: await puppeteer.executablePath() },
    { place: 'Chromium sistem / system Chromium', path: SYSTEM_CHROMIUM },
  ];
}

/** The office's server lacks a browser: a 503 for callers, an installation hint for the operator. */
export class BrowserNotFoundError extends DomainError {
  readonly code = 'BROWSER_NOT_FOUND';

  override get publicMessage(): string {
    return 'Pembuat dokumen PDF belum tersedia di server ini; hubungi admin';
  }

  constructor(readonly tried: readonly BrowserCandidate[]) {
    super(
      [
        'Chromium untuk membuat dokumen PDF tidak ditemukan / no Chromium found to render PDF documents. Dicari di / looked in:',
        ...tried.map((c, i) => `  ${i + 1}. ${c.place}: ${c.path ?? '(tidak diisi / unset)'}`),
        'Pasang dengan / install with: apt-get install chromium — atau isi / or set PUPPETEER_EXECUTABLE_PATH=/path/ke/chromium',
      ].join('\n'),
    );
  }
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first candidate that is an executable file; BrowserNotFoundError naming every place otherwise. */
export async function resolveBrowserExecutable(candidates: readonly BrowserCandidate[]): Promise<string> {
  for (const { path } of candidates) {
    if (path && (await isExecutable(path))) return path;
  }
  throw new BrowserNotFoundError(candidates);
}
