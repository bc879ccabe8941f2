import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshots, signIn, startWebApp } from './support/web-browser';

type WebApp = Awaited<ReturnType<typeof startWebApp>>;

// A person's whole part of the SOP in a real browser: longer than one request, on a shared machine.
jest.setTimeout(180_000);

describe('pages: first run, sessions and forms (Chromium)', () => {
  let browser: Browser;
  let web: WebApp;

  beforeAll(async () => {
    [browser, web] = await Promise.all([launchChromium(), startWebApp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.ctx.close();
  });

  it('lets the first person of a fresh install in once, with the code from the data folder', async () => {
    const codeFile = join(web.dataDir, 'setup-code');
    const code = readFileSync(codeFile, 'utf8').trim();
    expect(statSync(codeFile).mode & 0o777).toBe(0o600);

    const page = await browser.newPage();
    await page.goto(web.base);
    expect(new URL(page.url()).pathname).toBe('/setup');
    await screenshots(page, 'setup');

    const fill = async (setupCode: string) => {
      await page.getByLabel('Kode penyiapan').fill(setupCode);
      await page.getByLabel('Nama pengguna').fill('admin.kantor');
      await page.getByLabel('Nama', { exact: true }).fill('Admin Kantor');
      await page.getByLabel('Kata sandi baru').fill('kata-sandi-admin-01');
      await page.getByRole('button', { name: 'Buat admin pertama' }).click();
    };
    await fill('kode-yang-salah');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('kode penyiapan salah');

    await fill(code);
    // The first admin lands where an admin starts: the accounts page, to create everyone else’s.
    await page.waitForURL(`${web.base}/admin/pengguna`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Admin pertama dibuat');
    expect(await page.locator('main').textContent()).toContain('admin.kantor');
    expect(existsSync(codeFile)).toBe(false);

    // Once an admin exists, setup is closed, also to someone holding the old code.
    const stranger = await browser.newContext();
    const other = await stranger.newPage();
    await other.goto(`${web.base}/setup`);
    expect(new URL(other.url()).pathname).toBe('/masuk');
    expect(await other.getByRole('status').textContent()).toContain('Penyiapan pertama sudah selesai');
    await other.goto(web.base);
    expect(new URL(other.url()).pathname).toBe('/masuk');
    const token = await other.locator('input[name=_csrf]').inputValue();
    const refused = await other.request.post(`${web.base}/setup`, {
      form: { _csrf: token, setupCode: code, username: 'penyusup', password: 'kata-sandi-penyusup' },
    });
    expect(await refused.text()).toContain('Admin pertama sudah dibuat');
    expect(new URL(refused.url()).pathname).toBe('/masuk');
    await stranger.close();
    await page.close();
  });

  it('refuses a form posted without its token, with a page saying so in Indonesian', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, web.base, 'admin.kantor', 'kata-sandi-admin-01');
    // A form as another site would post it: the session cookie goes along, the token cannot.
    const response = await page.request.post(`${web.base}/akun/kata-sandi`, {
      form: { currentPassword: 'kata-sandi-admin-01', newPassword: 'kata-sandi-dicuri-1' },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('token keamanan tidak cocok');
    // The same form from the page, token included, works; the new password is the one that counts.
    await page.goto(`${web.base}/akun`);
    await screenshots(page, 'account');
    await page.getByLabel('Kata sandi sekarang').fill('kata-sandi-admin-01');
    await page.getByLabel('Kata sandi baru').fill('kata-sandi-admin-02');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Kata sandi diganti');
    await page.getByRole('button', { name: /Keluar/ }).click();
    await page.waitForURL(/\/masuk$/);
    await page.goto(`${web.base}/akun`);
    expect(new URL(page.url()).pathname).toBe('/masuk');
    await signIn(page, web.base, 'admin.kantor', 'kata-sandi-admin-02');
    await context.close();
  });

  it('ends an idle session, and tells a wrong password in words', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${web.base}/masuk`);
    await screenshots(page, 'sign-in');
    await page.getByLabel('Nama pengguna').fill('admin.kantor');
    await page.getByLabel('Kata sandi').fill('salah-sama-sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'Nama pengguna atau kata sandi salah',
    );

    await signIn(page, web.base, 'admin.kantor', 'kata-sandi-admin-02');
    web.ctx.clock.advance(31 * 60_000);
    await page.goto(`${web.base}/akun`);
    expect(new URL(page.url()).pathname).toBe('/masuk');
    expect(new URL(page.url()).searchParams.get('kembali')).toBe('/akun');
    await context.close();
  });

  it('switches to English and back with a cookie', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.base}/masuk`);
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: 'Bahasa Indonesia' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Masuk');
    await page.close();
  });
});
