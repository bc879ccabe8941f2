import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './mutu-config';
import { PROJECT_ROOT } from './project-paths';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      publicUrl: 'http://localhost:3000',
      databaseUrl: null,
      dataDir: join(PROJECT_ROOT, '.data'),
      embeddedPgPort: 54329,
      database: {
        poolSize: 10,
        acquireTimeoutMs: 5_000,
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 60_000,
        idleInTransactionTimeoutMs: 60_000,
      },
      reportsDir: join(PROJECT_ROOT, 'reports'),
      documentsDir: join(PROJECT_ROOT, '.data', 'documents'),
      documentMaxBytes: 10_485_760,
      timeZone: 'Asia/Jakarta',
      locale: 'id',
      slaAtRiskShare: 0.8,
      jwtSecret: null,
      jwtTtlSeconds: 3600,
      auditKey: null,
      loginMaxFailures: 5,
      corsOrigins: [],
      runWorker: true,
      web: { idleMinutes: 30, trustProxy: false },
      bsreVerdictBy: 'BSRE',
      jobs: {
        catchUpHours: 48,
        maxAttempts: 5,
        auditCheckpointCron: '*/10 * * * *',
        staleMinutes: 60,
        monthlyReportCron: '0 7 1 * *',
        weeklyDigestCron: '0 7 * * 1',
        slaWatchCron: '* * * * *',
        expiryRemindersCron: '0 7 * * *',
        reportRecipients: [],
      },
      mail: {
        smtpUrl: null,
        from: '"Mutu Diskominfotik Kepulauan Meranti" <mutu@merantikab.go.id>',
        outboxDir: join(PROJECT_ROOT, '.data', 'outbox'),
        maxAttempts: 8,
      },
      office: { city: 'Selatpanjang', complianceTarget: 0.9, letterheadLogo: null, headOfOffice: null },
      browserExecutablePath: null,
      logLevel: 'info',
    });
  });

  it('reads good values, keeps absolute folders and resolves relative ones from the project root', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/test',
      MUTU_DATA_DIR: '/var/lib/mutu',
      MUTU_REPORTS_DIR: 'out/reports',
      MUTU_TIME_ZONE: 'Asia/Makassar',
      MUTU_LOCALE: 'en',
      MUTU_SLA_AT_RISK_SHARE: '0.75',
      PUPPETEER_EXECUTABLE_PATH: '/opt/chromium/chrome',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@127.0.0.1:5432/test',
      dataDir: '/var/lib/mutu',
      reportsDir: join(PROJECT_ROOT, 'out/reports'),
      timeZone: 'Asia/Makassar',
      locale: 'en',
      slaAtRiskShare: 0.75,
      browserExecutablePath: '/opt/chromium/chrome',
      logLevel: 'warn',
    });
  });

  it('reads a list of CORS origins', () => {
    expect(loadConfig({ MUTU_CORS_ORIGINS: 'https://a.go.id, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.go.id',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ MUTU_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('keeps documents under the data folder unless told otherwise, and reads their size limit', () => {
    expect(loadConfig({ MUTU_DATA_DIR: '/var/lib/mutu' }).documentsDir).toBe('/var/lib/mutu/documents');
    expect(loadConfig({ MUTU_DOCUMENTS_DIR: 'arsip/dokumen' }).documentsDir).toBe(
      join(PROJECT_ROOT, 'arsip/dokumen'),
    );
    expect(loadConfig({ MUTU_DOCUMENT_MAX_BYTES: '5242880' }).documentMaxBytes).toBe(5_242_880);
  });

  it('reads the jobs settings; off disables a job', () => {
    expect(
      loadConfig({
        MUTU_RUN_WORKER: 'false',
        MUTU_JOBS_CATCHUP_HOURS: '1',
        MUTU_JOBS_MAX_ATTEMPTS: '3',
        MUTU_JOB_AUDIT_CHECKPOINT_CRON: 'off',
        MUTU_JOB_SLA_WATCH_CRON: 'off',
        MUTU_JOBS_STALE_MINUTES: '15',
        MUTU_REPORT_RECIPIENTS: 'kadis@merantikab.go.id, sekretaris@merantikab.go.id',
      }),
    ).toMatchObject({
      runWorker: false,
      jobs: expect.objectContaining({
        catchUpHours: 1,
        maxAttempts: 3,
        auditCheckpointCron: null,
        slaWatchCron: null,
        monthlyReportCron: '0 7 1 * *',
        staleMinutes: 15,
        reportRecipients: ['kadis@merantikab.go.id', 'sekretaris@merantikab.go.id'],
      }),
    });
    expect(() => loadConfig({ MUTU_REPORT_RECIPIENTS: 'kadis@merantikab.go.id;bukan-alamat' })).toThrow(
      /MUTU_REPORT_RECIPIENTS=.*alamat e-mail dipisah koma/,
    );
    expect(loadConfig({ MUTU_JOB_AUDIT_CHECKPOINT_CRON: '0 * * * *' }).jobs.auditCheckpointCron).toBe(
      '0 * * * *',
    );
  });

  it('reads who signs the compliance report, both name and NIP or neither', () => {
    expect(loadConfig({}).office).toMatchObject({ city: 'Selatpanjang', headOfOffice: null });
    expect(
      loadConfig({
        MUTU_HEAD_OF_OFFICE_NAME: 'Dra. Siti Aminah, M.Si.',
        MUTU_HEAD_OF_OFFICE_NIP: '197501012000032001',
        MUTU_OFFICE_CITY: 'Selat Panjang',
      }).office,
    ).toMatchObject({
      city: 'Selat Panjang',
      headOfOffice: { name: 'Dra. Siti Aminah, M.Si.', nip: '197501012000032001', title: null },
    });
    expect(() => loadConfig({ MUTU_HEAD_OF_OFFICE_NAME: 'Dra. Siti Aminah, M.Si.' })).toThrow(
      /MUTU_HEAD_OF_OFFICE_NIP belum diisi/,
    );
    expect(() => loadConfig({ MUTU_HEAD_OF_OFFICE_NIP: '1975' })).toThrow(
      /MUTU_HEAD_OF_OFFICE_NIP=.*18 digit/,
    );
    // The one NIP rule of the domain: a NIP that cannot exist names the part at fault.
    expect(() =>
      loadConfig({
        MUTU_HEAD_OF_OFFICE_NAME: 'Dra. Siti Aminah, M.Si.',
        MUTU_HEAD_OF_OFFICE_NIP: '199001012015017001',
      }),
    ).toThrow(/MUTU_HEAD_OF_OFFICE_NIP=.*jenis kelamin \(digit 15\) 7/);
    expect(
      loadConfig({
        MUTU_HEAD_OF_OFFICE_NAME: 'Dra. Siti Aminah, M.Si.',
        MUTU_HEAD_OF_OFFICE_NIP: '199001012022211001',
      }).office.headOfOffice?.nip,
    ).toBe('199001012022211001');
  });

  it('reads the office target in percent, as "90" or "90%"', () => {
    expect(loadConfig({ MUTU_COMPLIANCE_TARGET: '85' }).office.complianceTarget).toBeCloseTo(0.85);
    expect(loadConfig({ MUTU_COMPLIANCE_TARGET: '97,5%' }).office.complianceTarget).toBeCloseTo(0.975);
    for (const bad of ['0', '101', '0.9x', 'sembilan puluh']) {
      expect(() => loadConfig({ MUTU_COMPLIANCE_TARGET: bad })).toThrow(
        /MUTU_COMPLIANCE_TARGET=.* — harus persen 1–100/,
      );
    }
  });

  it('checks the letterhead logo at start: a readable PNG or SVG file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutu-logo-'));
    const png = join(dir, 'lambang.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const svg = join(dir, 'lambang.svg');
    writeFileSync(svg, '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    const fake = join(dir, 'bukan.png');
    writeFileSync(fake, 'GIF89a');
    expect(loadConfig({ MUTU_LETTERHEAD_LOGO: png }).office.letterheadLogo).toBe(png);
    expect(loadConfig({ MUTU_LETTERHEAD_LOGO: svg }).office.letterheadLogo).toBe(svg);
    for (const bad of [fake, join(dir, 'tidak-ada.svg'), join(dir, 'lambang.jpg')]) {
      expect(() => loadConfig({ MUTU_LETTERHEAD_LOGO: bad })).toThrow(
        /MUTU_LETTERHEAD_LOGO=.* — harus berkas PNG atau SVG/,
      );
    }
  });

  it('reads the mail settings; the outbox folder follows the data folder', () => {
    expect(
      loadConfig({
        SMTP_URL: 'smtps://mutu:rahasia@mail.merantikab.go.id:465',
        MAIL_FROM: 'Mutu <mutu@merantikab.go.id>',
        MUTU_DATA_DIR: '/var/lib/mutu',
        MUTU_MAIL_MAX_ATTEMPTS: '3',
      }).mail,
    ).toEqual({
      smtpUrl: 'smtps://mutu:rahasia@mail.merantikab.go.id:465',
      from: 'Mutu <mutu@merantikab.go.id>',
      outboxDir: '/var/lib/mutu/outbox',
      maxAttempts: 3,
    });
    expect(loadConfig({ MUTU_OUTBOX_DIR: 'surel' }).mail.outboxDir).toBe(join(PROJECT_ROOT, 'surel'));
    expect(() => loadConfig({ SMTP_URL: 'mail.merantikab.go.id:25' })).toThrow(
      /SMTP_URL="mail.merantikab.go.id:25" — harus URL smtp:\/\/… atau smtps:\/\/…/,
    );
    expect(() => loadConfig({ MUTU_MAIL_MAX_ATTEMPTS: '0' })).toThrow(/MUTU_MAIL_MAX_ATTEMPTS="0"/);
  });

  it('reads the bounded waits on the database and refuses unbounded or absurd ones', () => {
    expect(
      loadConfig({
        MUTU_DB_POOL_SIZE: '4',
        MUTU_DB_ACQUIRE_TIMEOUT_MS: '1500',
        MUTU_DB_CONNECT_TIMEOUT_MS: '2000',
        MUTU_DB_STATEMENT_TIMEOUT_MS: '30000',
        MUTU_DB_IDLE_TX_TIMEOUT_MS: '10000',
      }).database,
    ).toEqual({
      poolSize: 4,
      acquireTimeoutMs: 1_500,
      connectTimeoutMs: 2_000,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 10_000,
    });
    // 0 would mean "wait for ever" to PostgreSQL and pg-pool alike.
    for (const [key, value] of [
      ['MUTU_DB_ACQUIRE_TIMEOUT_MS', '0'],
      ['MUTU_DB_STATEMENT_TIMEOUT_MS', '0'],
      ['MUTU_DB_IDLE_TX_TIMEOUT_MS', '0'],
      ['MUTU_DB_CONNECT_TIMEOUT_MS', '1.5'],
      ['MUTU_DB_POOL_SIZE', '0'],
    ]) {
      expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(`${key}=.*must be an integer`));
    }
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, databaseUrl: null });
  });

  it('keeps the public address without its trailing slash, so links join it with one', () => {
    expect(loadConfig({ MUTU_PUBLIC_URL: 'https://mutu.merantikab.go.id/' }).publicUrl).toBe(
      'https://mutu.merantikab.go.id',
    );
    expect(loadConfig({ MUTU_PUBLIC_URL: 'https://kominfo.go.id/mutu' }).publicUrl).toBe(
      'https://kominfo.go.id/mutu',
    );
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  it.each([
    ['PORT', 'abc', /PORT="abc" — harus bilangan bulat 1–65535/],
    ['PORT', '70000', /PORT="70000" — harus bilangan bulat 1–65535/],
    ['PORT', '3.5', /PORT="3.5"/],
    ['MUTU_EMBEDDED_PG_PORT', '0', /MUTU_EMBEDDED_PG_PORT="0"/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x" — harus URL postgres/],
    ['MUTU_TIME_ZONE', 'Mars/Olympus', /MUTU_TIME_ZONE="Mars\/Olympus" — harus zona waktu IANA/],
    ['MUTU_LOCALE', 'fr', /MUTU_LOCALE="fr" — harus "id" atau "en"/],
    ['MUTU_SLA_AT_RISK_SHARE', '1.5', /MUTU_SLA_AT_RISK_SHARE="1.5" — harus angka di antara 0 dan 1/],
    ['MUTU_JWT_SECRET', 'short', /MUTU_JWT_SECRET="short" — minimal 32 karakter/],
    ['MUTU_AUDIT_KEY', 'pendek', /MUTU_AUDIT_KEY="pendek" — minimal 32 karakter/],
    ['MUTU_CORS_ORIGINS', 'mutu.example', /MUTU_CORS_ORIGINS="mutu.example" — daftar asal dipisah koma/],
    [
      'MUTU_PUBLIC_URL',
      'mutu.merantikab.go.id',
      /MUTU_PUBLIC_URL="mutu.merantikab.go.id" — harus alamat http\(s\)/,
    ],
    [
      'MUTU_PUBLIC_URL',
      'https://mutu.go.id/?a=1',
      /MUTU_PUBLIC_URL="https:\/\/mutu.go.id\/\?a=1" — harus alamat/,
    ],
    ['MUTU_LOGIN_MAX_FAILURES', '0', /MUTU_LOGIN_MAX_FAILURES="0" — harus bilangan bulat 1–100/],
    ['MUTU_JWT_TTL_SECONDS', '5', /MUTU_JWT_TTL_SECONDS="5" — harus bilangan bulat 60–86400/],
    ['MUTU_DOCUMENT_MAX_BYTES', '0', /MUTU_DOCUMENT_MAX_BYTES="0" — harus bilangan bulat 1–104857600/],
    ['MUTU_DOCUMENT_MAX_BYTES', '1e9', /MUTU_DOCUMENT_MAX_BYTES="1e9" — harus bilangan bulat 1–104857600/],
    ['MUTU_RUN_WORKER', 'yes', /MUTU_RUN_WORKER="yes" — harus "true" atau "false"/],
    ['MUTU_JOBS_CATCHUP_HOURS', '0', /MUTU_JOBS_CATCHUP_HOURS="0" — harus bilangan bulat 1–8760/],
    ['MUTU_JOBS_MAX_ATTEMPTS', '0', /MUTU_JOBS_MAX_ATTEMPTS="0" — harus bilangan bulat 1–20/],
    [
      'MUTU_JOB_AUDIT_CHECKPOINT_CRON',
      'tiap jam',
      /MUTU_JOB_AUDIT_CHECKPOINT_CRON="tiap jam" — harus ekspresi cron/,
    ],
    ['PUPPETEER_EXECUTABLE_PATH', 'chromium', /PUPPETEER_EXECUTABLE_PATH="chromium" — harus path absolut/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" — harus salah satu dari.*info/],
  ])('rejects %s=%s with one readable line naming it', (key, value, message) => {
    let error: unknown;
    try {
      loadConfig({ [key]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('names every bad variable, one line each', () => {
    expect(() => loadConfig({ PORT: 'x', MUTU_LOCALE: 'fr' })).toThrow(/PORT=.*\n.*MUTU_LOCALE=/);
  });
});
