import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AuthService } from '@mutu/auth';
import { CHROMIUM_LAUNCH_FLAGS } from '@mutu/reporting';
import type { ActorRole } from '@mutu/domain';
import { configureApiApp } from '../../apps/api/src/api.app';
import { ApiModule } from '../../apps/api/src/api.module';
import { createTestContext, type TestContext } from './test-app';

/** The system's Chromium (apt-get install chromium), with the flags Mutu's own renderer uses. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_LAUNCH_FLAGS],
  });
}

/** The whole API with its pages on a test database of its own, listening on a free port. */
export async function startWebApp(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mutu-web-'));
  const ctx = await createTestContext({
    root: ApiModule.forRoot,
    configure: configureApiApp,
    env: { MUTU_DATA_DIR: dataDir, ...env },
  });
  await ctx.app.listen(0, '127.0.0.1');
  const { port } = ctx.app.getHttpServer().address() as { port: number };
  return { ctx, dataDir, base: `http://127.0.0.1:${port}` };
}

export const PASSWORD = 'kata-sandi-uji-web-1';

/** An account made through the service, as an admin would. */
export function createAccount(
  ctx: TestContext,
  username: string,
  role: ActorRole,
  extra: { holderNip?: string; agencies?: string[]; displayName?: string; email?: string } = {},
) {
  return ctx.get(AuthService).createUser(
    {
      username,
      displayName: extra.displayName ?? username,
      role,
      password: PASSWORD,
      holderNip: extra.holderNip ?? null,
      agencies: extra.agencies ?? [],
      email: extra.email ?? null,
    },
    { id: 'test', role: 'ADMIN' },
  );
}

/** Signs in through the sign-in page, as a person would. */
export async function signIn(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/masuk`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/masuk')),
    page.getByRole('button', { name: 'Masuk' }).click(),
  ]);
}

/**
 * Writes a screenshot of the page at a phone's and a laptop's width when MUTU_WEB_SCREENSHOTS
 * names a folder (for a person to look at); otherwise nothing.
 */
export async function screenshots(page: Page, name: string): Promise<void> {
  const folder = process.env.MUTU_WEB_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  for (const width of [1366, 360]) {
    await page.setViewportSize({ width, height: width > 400 ? 800 : 740 });
    await page.screenshot({ path: join(folder, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}
