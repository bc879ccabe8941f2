import { readFileSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { CronTime } from 'cron';
import { PROJECT_ROOT } from './project-paths';
import { nipProblem } from '@mutu/domain';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const absolute = (value: string) => (isAbsolute(value) ? value : join(PROJECT_ROOT, value));

const folder = (fallback: string) =>
  z.string().min(1, 'tidak boleh kosong / must not be empty').default(fallback).transform(absolute);

const MAX_DOCUMENT_BYTES = 100 * 1_048_576;

/** Whether `path` is a readable PNG (by its signature) or SVG (by its root element) file. */
function isLogoImage(path: string): boolean {
  let head: string;
  try {
    head = readFileSync(path).subarray(0, 1024).toString('latin1');
  } catch {
    return false;
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return head.startsWith('\x89PNG\r\n\x1a\n');
  return extension === '.svg' && /<svg[\s>]/.test(head);
}

/** An integer setting; `note` explains the range in the message, e.g. " (100 MB)". */
const integer = (min: number, max: number, fallback: number, note = '') => {
  const message = `harus bilangan bulat ${min}–${max}${note} / must be an integer ${min}–${max}`;
  return z.coerce
    .number({ error: message })
    .int(message)
    .min(min, message)
    .max(max, message)
    .default(fallback);
};

const port = (fallback: number) => integer(1, 65535, fallback);

/** A job's cron expression (read in MUTU_TIME_ZONE), or `off` to disable the job. */
function isCron(value: string): boolean {
  try {
    new CronTime(value, 'UTC');
    return true;
  } catch {
    return false;
  }
}

const jobCron = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (v) => v === 'off' || isCron(v),
      'harus ekspresi cron, mis. "*/10 * * * *", atau off / must be a cron expression, or off',
    )
    .transform((v) => (v === 'off' ? null : v));

/** Every environment variable Mutu reads, with its default; the README's configuration table mirrors it. */
const schema = z.object({
  PORT: port(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MUTU_PUBLIC_URL: z
    .string()
    .default('http://localhost:3000')
    .refine(
      (v) => /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(v),
      'harus alamat http(s) tanpa ? atau #, mis. https://mutu.merantikab.go.id / must be an http(s) address without ? or #',
    )
    .transform((v) => v.replace(/\/+$/, '')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'harus URL postgres://… / must be a postgres:// URL')
    .optional(),
  MUTU_DATA_DIR: folder('.data'),
  MUTU_EMBEDDED_PG_PORT: port(54329),
  MUTU_DB_POOL_SIZE: integer(1, 100, 10),
  MUTU_DB_ACQUIRE_TIMEOUT_MS: integer(100, 60_000, 5_000),
  MUTU_DB_CONNECT_TIMEOUT_MS: integer(100, 60_000, 5_000),
  MUTU_DB_STATEMENT_TIMEOUT_MS: integer(100, 3_600_000, 60_000),
  MUTU_DB_IDLE_TX_TIMEOUT_MS: integer(1_000, 3_600_000, 60_000),
  MUTU_REPORTS_DIR: folder('reports'),
  MUTU_DOCUMENTS_DIR: z.string().transform(absolute).optional(),
  MUTU_DOCUMENT_MAX_BYTES: integer(1, MAX_DOCUMENT_BYTES, 10 * 1_048_576, ' (100 MB)'),
  MUTU_TIME_ZONE: z
    .string()
    .default('Asia/Jakarta')
    .refine(isTimeZone, 'harus zona waktu IANA, mis. Asia/Jakarta / must be an IANA time zone'),
  MUTU_LOCALE: z.enum(['id', 'en'], { error: 'harus "id" atau "en" / must be "id" or "en"' }).default('id'),
  MUTU_SLA_AT_RISK_SHARE: z.coerce
    .number({ error: 'harus angka di antara 0 dan 1 / must be a number between 0 and 1' })
    .gt(0, 'harus angka di antara 0 dan 1 / must be a number between 0 and 1')
    .lt(1, 'harus angka di antara 0 dan 1 / must be a number between 0 and 1')
    .default(0.8),
  MUTU_JWT_SECRET: z.string().min(32, 'minimal 32 karakter / at least 32 characters').optional(),
  MUTU_AUDIT_KEY: z.string().min(32, 'minimal 32 karakter / at least 32 characters').optional(),
  MUTU_JWT_TTL_SECONDS: integer(60, 86400, 3600),
  MUTU_LOGIN_MAX_FAILURES: integer(1, 100, 5),
  MUTU_CORS_ORIGINS: z
    .string()
    .default('')
    .refine(
      (v) => v === '' || v === '*' || v.split(',').every((o) => /^https?:\/\/[^\s/]+$/.test(o.trim())),
      'daftar asal dipisah koma, mis. https://mutu.merantikab.go.id, atau * / comma-separated origins, or *',
    ),
  MUTU_WEB_IDLE_MINUTES: integer(5, 1440, 30),
  MUTU_TRUST_PROXY: z
    .enum(['true', 'false'], { error: 'harus "true" atau "false" / must be "true" or "false"' })
    .default('false')
    .transform((v) => v === 'true'),
  MUTU_BSRE_VERDICT_BY: z
    .enum(['BSRE', 'VERIFIKATOR'], { error: 'harus "BSRE" atau "VERIFIKATOR" / must be BSRE or VERIFIKATOR' })
    .default('BSRE'),
  MUTU_RUN_WORKER: z
    .enum(['true', 'false'], { error: 'harus "true" atau "false" / must be "true" or "false"' })
    .default('true')
    .transform((v) => v === 'true'),
  MUTU_JOBS_CATCHUP_HOURS: integer(1, 8760, 48),
  MUTU_JOBS_MAX_ATTEMPTS: integer(1, 20, 5),
  MUTU_JOB_AUDIT_CHECKPOINT_CRON: jobCron('*/10 * * * *'),
  MUTU_JOBS_STALE_MINUTES: integer(5, 1440, 60),
  MUTU_JOB_MONTHLY_REPORT_CRON: jobCron('0 7 1 * *'),
  MUTU_JOB_WEEKLY_DIGEST_CRON: jobCron('0 7 * * 1'),
  MUTU_JOB_SLA_WATCH_CRON: jobCron('* * * * *'),
  MUTU_JOB_EXPIRY_REMINDERS_CRON: jobCron('0 7 * * *'),
  MUTU_COMPLIANCE_TARGET: z
    .string()
    .regex(/^\d{1,3}(?:[.,]\d+)?%?$/, 'harus persen 1–100, mis. 90 atau 90% / must be a percentage 1–100')
    .transform((v) => Number(v.replace('%', '').replace(',', '.')) / 100)
    .refine(
      (share) => share >= 0.01 && share <= 1,
      'harus persen 1–100, mis. 90 atau 90% / must be a percentage 1–100',
    )
    .default(0.9),
  MUTU_LETTERHEAD_LOGO: z
    .string()
    .transform(absolute)
    .refine(isLogoImage, 'harus berkas PNG atau SVG yang dapat dibaca / must be a readable PNG or SVG file')
    .optional(),
  MUTU_OFFICE_CITY: z
    .string()
    .trim()
    .min(1, 'tidak boleh kosong / must not be empty')
    .default('Selatpanjang'),
  MUTU_HEAD_OF_OFFICE_NAME: z.string().trim().min(3, 'minimal 3 karakter / at least 3 characters').optional(),
  MUTU_HEAD_OF_OFFICE_NIP: z
    .string()
    .superRefine((nip, context) => {
      const problem = nipProblem(nip);
      if (problem) context.addIssue({ code: 'custom', message: `${problem} / not a NIP that can exist` });
    })
    .optional(),
  MUTU_HEAD_OF_OFFICE_TITLE: z
    .string()
    .trim()
    .min(3, 'minimal 3 karakter / at least 3 characters')
    .optional(),
  MUTU_REPORT_RECIPIENTS: z
    .string()
    .refine(
      (v) => v.split(',').every((a) => z.email().safeParse(a.trim()).success),
      'alamat e-mail dipisah koma / comma-separated e-mail addresses',
    )
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'harus URL smtp://… atau smtps://… / must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z
    .string()
    .min(3, 'tidak boleh kosong / must not be empty')
    .default('"Mutu Diskominfotik Kepulauan Meranti" <mutu@merantikab.go.id>'),
  MUTU_OUTBOX_DIR: z.string().transform(absolute).optional(),
  MUTU_MAIL_MAX_ATTEMPTS: integer(1, 20, 8),
  PUPPETEER_EXECUTABLE_PATH: z
    .string()
    .refine(isAbsolute, 'harus path absolut, mis. /usr/bin/chromium / must be an absolute path')
    .optional(),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `harus salah satu dari / must be one of: ${LOG_LEVELS.join(', ')}` })
    .default('info'),
});

export type MutuConfig = Readonly<{
  port: number;
  host: string;
  /**
   * Where people reach Mutu's pages (no trailing slash), for links in e-mail: what the browser
   * sees, which behind a reverse proxy is not `host:port`.
   */
  publicUrl: string;
  /** Null means: start the embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number;
  /** Bounded waits on the database, so an outage is answered (503) instead of hanging requests. */
  database: DatabaseLimits;
  reportsDir: string;
  /** Where uploaded supporting documents are kept, by SHA-256; outside anything served. */
  documentsDir: string;
  /** Largest upload accepted; uploads are held in memory while checked, hence the cap. */
  documentMaxBytes: number;
  timeZone: string;
  locale: 'id' | 'en';
  slaAtRiskShare: number;
  /** Null means: a secret generated once and kept in `<dataDir>/jwt-secret`. */
  jwtSecret: string | null;
  jwtTtlSeconds: number;
  /** HMAC key signing audit checkpoints; null means generated once into `<dataDir>/audit-key`. */
  auditKey: string | null;
  /** Failed sign-ins per account and address within a minute before further tries get 429. */
  loginMaxFailures: number;
  /** Origins allowed to call the API from a browser; empty = none, ['*'] = any. */
  corsOrigins: readonly string[];
  /** Whether the API process also runs the scheduled jobs (`npm start` as one process). */
  runWorker: boolean;
  web: Readonly<{
    /** A web session unused this long is over; the person signs in again. */
    idleMinutes: number;
    /**
     * Behind a reverse proxy that terminates HTTPS: the client's address and protocol are read
     * from X-Forwarded-*, so the session cookie is marked Secure.
     */
    trustProxy: boolean;
  }>;
  /**
   * Who may record BSrE's step-3 verdict: BSrE operators signed in here (BSRE), or also the
   * agency's verifiers, who relay what BSrE said through AMS or e-mail (VERIFIKATOR).
   */
  bsreVerdictBy: 'BSRE' | 'VERIFIKATOR';
  jobs: Readonly<{
    /**
     * How far back a scheduled time with no run is still run, e.g. after the server was down;
     * at least an hour, as it also covers the time between two ticks.
     */
    catchUpHours: number;
    /** Tries of one scheduled run before it stays failed. */
    maxAttempts: number;
    /** Cron of the audit checkpoint; null = disabled. */
    auditCheckpointCron: string | null;
    /** A run still `running` after this long was left by a process that died; it is retried. */
    staleMinutes: number;
    /** Crons of the scheduled mail (WIB); null = disabled. */
    monthlyReportCron: string | null;
    weeklyDigestCron: string | null;
    slaWatchCron: string | null;
    expiryRemindersCron: string | null;
    /** Who receives the monthly report and weekly digest; empty = the KEPALA_DINAS accounts' e-mail. */
    reportRecipients: readonly string[];
  }>;
  mail: Readonly<{
    /** SMTP server of outgoing mail; null = every message is written as .eml into `outboxDir`. */
    smtpUrl: string | null;
    /** Sender of every message, as an address header ("Name" <address>). */
    from: string;
    outboxDir: string;
    /** Tries of one message (SMTP temporary failures) before it stays failed. */
    maxAttempts: number;
  }>;
  /**
   * Who signs the compliance report ("Mengetahui, …") and where; null = the SOP's own signatory.
   * `complianceTarget` is the office's target share of steps within standard (0–1) the report marks
   * agencies and steps against; `letterheadLogo` the regency's arms (absolute PNG/SVG path), null = a placeholder.
   */
  office: Readonly<{
    city: string;
    complianceTarget: number;
    letterheadLogo: string | null;
    headOfOffice: Readonly<{ name: string; nip: string; title: string | null }> | null;
  }>;
  /** Chromium for rendering documents; null means puppeteer's cache, then /usr/bin/chromium. */
  browserExecutablePath: string | null;
  logLevel: (typeof LOG_LEVELS)[number];
}>;

export type DatabaseLimits = Readonly<{
  /** Connections in the pool of one process. */
  poolSize: number;
  /** Longest wait for a pooled connection (including opening one), in ms; then 503. */
  acquireTimeoutMs: number;
  /** Longest wait for PostgreSQL to accept a new connection, in ms. */
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout for every connection, in ms. */
  statementTimeoutMs: number;
  /** PostgreSQL's idle_in_transaction_session_timeout, in ms: a transaction left idle is ended by the server. */
  idleInTransactionTimeoutMs: number;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Builds the one configuration object from an environment. Empty strings count as unset, as
 * shells and .env files often leave them. Throws a ConfigError whose message is one line per
 * bad variable, naming it and what is allowed.
 */
/** The database limits when nothing is configured (tools and tests that build no whole config). */
export function defaultDatabaseLimits(): DatabaseLimits {
  return loadConfig({}).database;
}

export function loadConfig(env: Record<string, string | undefined>): MutuConfig {
  const present = Object.fromEntries(
    Object.keys(schema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `Konfigurasi tidak valid / invalid configuration: ${key}=${JSON.stringify(env[key])} — ${issue.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const v = parsed.data;
  // The signatory is a person: a name without a NIP (or the reverse) is half a setting.
  const [name, nip] = ['MUTU_HEAD_OF_OFFICE_NAME', 'MUTU_HEAD_OF_OFFICE_NIP'] as const;
  if (!v[name] !== !v[nip]) {
    const missing = v[name] ? nip : name;
    throw new ConfigError(
      `Konfigurasi tidak valid / invalid configuration: ${missing} belum diisi — ${name} dan ${nip} diisi bersama / are set together`,
    );
  }
  return Object.freeze({
    port: v.PORT,
    host: v.HOST,
    publicUrl: v.MUTU_PUBLIC_URL,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: v.MUTU_DATA_DIR,
    embeddedPgPort: v.MUTU_EMBEDDED_PG_PORT,
    database: Object.freeze({
      poolSize: v.MUTU_DB_POOL_SIZE,
      acquireTimeoutMs: v.MUTU_DB_ACQUIRE_TIMEOUT_MS,
      connectTimeoutMs: v.MUTU_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: v.MUTU_DB_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: v.MUTU_DB_IDLE_TX_TIMEOUT_MS,
    }),
    reportsDir: v.MUTU_REPORTS_DIR,
    documentsDir: v.MUTU_DOCUMENTS_DIR ?? join(v.MUTU_DATA_DIR, 'documents'),
    documentMaxBytes: v.MUTU_DOCUMENT_MAX_BYTES,
    timeZone: v.MUTU_TIME_ZONE,
    locale: v.MUTU_LOCALE,
    slaAtRiskShare: v.MUTU_SLA_AT_RISK_SHARE,
    jwtSecret: v.MUTU_JWT_SECRET ?? null,
    jwtTtlSeconds: v.MUTU_JWT_TTL_SECONDS,
    auditKey: v.MUTU_AUDIT_KEY ?? null,
    loginMaxFailures: v.MUTU_LOGIN_MAX_FAILURES,
    corsOrigins: v.MUTU_CORS_ORIGINS ? v.MUTU_CORS_ORIGINS.split(',').map((o) => o.trim()) : [],
    runWorker: v.MUTU_RUN_WORKER,
    web: Object.freeze({ idleMinutes: v.MUTU_WEB_IDLE_MINUTES, trustProxy: v.MUTU_TRUST_PROXY }),
    bsreVerdictBy: v.MUTU_BSRE_VERDICT_BY,
    jobs: Object.freeze({
      catchUpHours: v.MUTU_JOBS_CATCHUP_HOURS,
      maxAttempts: v.MUTU_JOBS_MAX_ATTEMPTS,
      auditCheckpointCron: v.MUTU_JOB_AUDIT_CHECKPOINT_CRON,
      staleMinutes: v.MUTU_JOBS_STALE_MINUTES,
      monthlyReportCron: v.MUTU_JOB_MONTHLY_REPORT_CRON,
      weeklyDigestCron: v.MUTU_JOB_WEEKLY_DIGEST_CRON,
      slaWatchCron: v.MUTU_JOB_SLA_WATCH_CRON,
      expiryRemindersCron: v.MUTU_JOB_EXPIRY_REMINDERS_CRON,
      reportRecipients: Object.freeze(
        v.MUTU_REPORT_RECIPIENTS ? v.MUTU_REPORT_RECIPIENTS.split(',').map((a) => a.trim()) : [],
      ),
    }),
    mail: Object.freeze({
      smtpUrl: v.SMTP_URL ?? null,
      from: v.MAIL_FROM,
      outboxDir: v.MUTU_OUTBOX_DIR ?? join(v.MUTU_DATA_DIR, 'outbox'),
      maxAttempts: v.MUTU_MAIL_MAX_ATTEMPTS,
    }),
    office: Object.freeze({
      city: v.MUTU_OFFICE_CITY,
      complianceTarget: v.MUTU_COMPLIANCE_TARGET,
      letterheadLogo: v.MUTU_LETTERHEAD_LOGO ?? null,
      headOfOffice:
        v.MUTU_HEAD_OF_OFFICE_NAME && v.MUTU_HEAD_OF_OFFICE_NIP
          ? Object.freeze({
              name: v.MUTU_HEAD_OF_OFFICE_NAME,
              nip: v.MUTU_HEAD_OF_OFFICE_NIP,
              title: v.MUTU_HEAD_OF_OFFICE_TITLE ?? null,
            })
          : null,
    }),
    browserExecutablePath: v.PUPPETEER_EXECUTABLE_PATH ?? null,
    logLevel: v.LOG_LEVEL,
  });
}
