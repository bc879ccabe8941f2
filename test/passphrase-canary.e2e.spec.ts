import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { samplePdf } from '@mutu/demo';
import { builtAppEnvironment, CLI, exited, startBuiltApi } from './support/built-app';

const CANARY = 'Kanari-Passphrase-7f3a9c';
const EMBEDDED_URL = (port: string) => `postgres://postgres:mutu@127.0.0.1:${port}/mutu`;

/**
 * The holder's new passphrase must never reach the database or the logs. A renewal is driven
 * through the built API, logging everything, with passphrase-looking values sent every way a
 * client might; afterwards every row of every table and every log line is searched for them.
 */
describe('passphrase canary', () => {
  it('finds the canary in no table and no log line', async () => {
    const { dataDir, env, base } = await builtAppEnvironment('canary-', { LOG_LEVEL: 'trace' });
    const { child, output } = await startBuiltApi(env, base);
    try {
      execFileSync(
        process.execPath,
        [
          CLI,
          'user:create',
          'verifikator.canary',
          '--role',
          'VERIFIKATOR',
          '--agency',
          'Dinas Kesehatan',
          '--password',
          'kata-sandi-kanari-1',
        ],
        { env },
      );
      const json = (path: string, body: unknown, token?: string) =>
        fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
          body: JSON.stringify(body),
        });
      const login = await json('/auth/login', {
        username: 'verifikator.canary',
        password: 'kata-sandi-kanari-1',
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const opened = (await (
        await json(
          '/renewals',
          {
            nip: '198701012010011001',
            name: 'Siti',
            email: 'siti@merantikab.go.id',
            agency: 'Dinas Kesehatan',
            certificateSerial: 'C-1',
            currentExpiry: '2026-12-31',
          },
          accessToken,
        )
      ).json()) as { id: string };
      const upload = (item: string, extra: Record<string, string> = {}) => {
        const form = new FormData();
        form.append('item', item);
        for (const [key, value] of Object.entries(extra)) form.append(key, value);
        form.append('file', new Blob([samplePdf([item])], { type: 'application/pdf' }), `${item}.pdf`);
        return fetch(`${base}/renewals/${opened.id}/documents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${accessToken}` },
          body: form,
        });
      };
      expect((await upload('ktp', { passphrase: CANARY })).status).toBe(400);
      for (const item of ['surat-rekomendasi', 'ktp', 'sk-jabatan'])
        expect((await upload(item)).status).toBe(201);
      await json(`/renewals/${opened.id}/documents-ready`, { version: 1 }, accessToken);

      const attempts = [
        { version: 2, amsReference: 'AMS-1', passphraseSet: true, passphrase: CANARY },
        { version: 2, amsReference: 'AMS-1', passphraseSet: true, newPassphrase: CANARY },
        { version: 2, amsReference: 'AMS-1', passphraseSet: true, details: { amsPassword: CANARY } },
        { version: 2, amsReference: 'AMS-1', passphraseSet: true, token: CANARY },
      ];
      for (const body of attempts) {
        expect((await json(`/renewals/${opened.id}/submitted-to-ams`, body, accessToken)).status).toBe(400);
      }
      expect(
        (
          await fetch(`${base}/renewals?pin=${CANARY}`, {
            headers: { Authorization: `Bearer ${accessToken}` },
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await json(
            `/renewals/${opened.id}/submitted-to-ams`,
            { version: 2, amsReference: 'AMS-1', passphraseSet: true },
            accessToken,
          )
        ).status,
      ).toBe(200);

      const db = new Client({ connectionString: EMBEDDED_URL(env.MUTU_EMBEDDED_PG_PORT!) });
      await db.connect();
      try {
        const { rows: tables } = await db.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
        );
        expect(tables.length).toBeGreaterThan(10);
        let rowsSearched = 0;
        for (const { tablename } of tables) {
          const { rows } = await db.query(`SELECT t::text AS row FROM ${db.escapeIdentifier(tablename)} t`);
          rowsSearched += rows.length;
          expect(rows.filter((r) => r.row.includes(CANARY))).toEqual([]);
        }
        expect(rowsSearched).toBeGreaterThan(20);
      } finally {
        await db.end();
      }
      expect(output().split('\n').length).toBeGreaterThan(10); // the API did log, at trace level
      expect(output()).not.toContain(CANARY);
    } finally {
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
