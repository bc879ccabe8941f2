import { browserCandidates, ChromiumProcess } from '@mutu/chromium';
import type { MutuConfig } from '@mutu/config';

/**
 * Chromium for a command that may print, started before the application loads (see main.ts).
 * None when no Chromium is found: the renderer looks again when it prints, and reports it there.
 */
export async function chromiumFirst(config: MutuConfig): Promise<ChromiumProcess | undefined> {
  return ChromiumProcess.start(await browserCandidates(config)).catch(() => undefined);
}
