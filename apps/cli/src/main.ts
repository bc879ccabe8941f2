import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { type Clock, loadConfigOrExit, type MutuConfig, SettableClock } from '@mutu/config';
import { createMigration, SLA_MEASURES, type SlaMeasure, startDatabaseServer } from '@mutu/db';
import {
  DEFAULT_DEMO_SEED,
  adoptOfficeHoursRevision,
  createDemoAccounts,
  DEMO_READER,
  demoAccountsText,
  demoSummaryText,
  planDemo,
  replayDemoPlan,
  summarizeDemo,
} from '@mutu/demo';
import { type ActorRole, DomainError, isCalendarDate, monthOf, ValidationError, wibDate } from '@mutu/domain';
import { RENEWAL_SOP_CODE, RenewalsService, SlaMeasurementsService } from '@mutu/renewals';
import { DocumentsService } from '@mutu/documents';
import { AuditService } from '@mutu/audit';
import { AuthService } from '@mutu/auth';
import { SopsService } from '@mutu/sops';
import { breachCount, type ComplianceFigures } from '@mutu/compliance';
import { ReportingService, type ReportRequest } from '@mutu/reporting';
import { Presets, SingleBar } from 'cli-progress';
import { CalendarService } from '@mutu/calendar';
import { CliModule } from './cli.module';
import { weeklyHoursFromWords, weeklyHoursText } from './hours-args';

const USAGE = `Pemakaian / usage: npm run cli -- <perintah> [opsi]

Perintah / commands:
  migrate                         terapkan migrasi basis data / apply database migrations
  sop:load <berkas.json> [--by N] [--effective-on YYYY-MM-DD] [--revised-on YYYY-MM-DD]
                                  muat definisi SOP sebagai versi baru, berlaku mulai --effective-on bila diberi / load an SOP definition as a new version
  migration:create [--name N]     (pengembang) buat migrasi dari perubahan entitas / write a migration for entity changes
  demo [--seed N]                 isi basis data kosong dengan riwayat contoh 6 bulan dan akun demo per peran / fill an empty database with a 6-month sample history and one demo account per role
  user:create <nama> --role R [--display "Nama"] [--nip NIP] [--agency OPD ...] [--email E] [--password P]
                                  buat akun (kata sandi dibuat acak bila tidak diberi) / create an account
  user:list                       daftar akun / list accounts
  user:reset-password <nama> [--password P]
                                  atur kata sandi baru (dibuat acak bila tidak diberi) / set a new password
  user:deactivate <nama>          nonaktifkan akun seketika / deactivate an account at once
  audit:verify                    periksa rantai jejak audit; kode keluar 2 bila rusak / verify the audit chain (exit 2 when broken)
  audit:checkpoint                tanda tangani kepala rantai audit / sign the audit chain's head
  report compliance --month YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD
         [--format pdf,xlsx] [--lang id|en] [--agency OPD] [--sop-version N] [--measure measured|recalculated]
                                  buat laporan kepatuhan ke folder laporan dan arsipnya / write compliance reports into the archive
  hours:show                      tampilkan jam kerja dan jam kerja khusus / show opening hours and dated overrides
  hours:set <hari>=HH:MM-HH:MM|tutup ...
                                  ubah jam kerja (hari: mon … fri, all) / set opening hours, e.g. fri=07:30-16:30
  hours:override:add --from YYYY-MM-DD --to YYYY-MM-DD --name "Ramadan 1448 H" <hari>=HH:MM-HH:MM ...
                                  tambah jam kerja khusus; hari yang tak disebut ikut jam biasa / add a dated override
  hours:override:remove <id>      hapus jam kerja khusus / remove a dated override
  sla:measure                     ukur langkah selesai yang belum diukur / measure ended steps not yet measured
  sla:recalculate --from YYYY-MM-DD --to YYYY-MM-DD --reason "…" [--by N]
                                  hitung ulang mutu baku suatu periode dengan kalender hari ini, di samping hasil ukur
                                  semula (tercatat di jejak audit) / recalculate a period beside the original (audited)
  report sop [--code KODE] [--version N]
                                  buat dokumen SOP (PDF) ke arsip / write the SOP document into the archive
`;

interface Invocation {
  config: MutuConfig;
  databaseUrl: string;
  args: string[];
  options: {
    by: string;
    name?: string;
    seed?: string;
    role?: string;
    display?: string;
    nip?: string;
    agency?: string[];
    email?: string;
    password?: string;
    month?: string;
    from?: string;
    to?: string;
    format?: string;
    lang?: string;
    'sop-version'?: string;
    'effective-on'?: string;
    'revised-on'?: string;
    code?: string;
    version?: string;
    reason?: string;
    measure?: string;
  };
}
/** A command's exit code; nothing means success. */
type Command = (call: Invocation) => Promise<number | void>;

/** Runs `work` inside the application context: migrations applied, shipped SOPs and holidays seeded. */
async function withApp<T>(
  config: MutuConfig,
  databaseUrl: string,
  work: (get: <S>(t: new (...a: never[]) => S) => S) => Promise<T>,
  clock?: Clock,
) {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, databaseUrl, clock), {
    logger: ['error', 'warn'],
  });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

const COMMANDS: Record<string, Command> = {
  migrate: ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async () => console.log('Migrasi basis data sudah mutakhir.')),

  'sop:load': async ({ config, databaseUrl, args: [file], options }) => {
    if (!file) throw new Error('sop:load butuh berkas definisi / needs a definition file');
    await withApp(config, databaseUrl, async (get) => {
      const { created, version } = await get(SopsService).loadFile(resolve(file), `cli:${options.by}`, {
        effectiveOn: options['effective-on'],
        revisedOn: options['revised-on'],
      });
      console.log(
        created
          ? `SOP ${version.number} versi ${version.version} dimuat (berlaku ${version.effectiveOn}).`
          : `Definisi ini sudah dimuat sebagai versi ${version.version}; tidak ada perubahan.`,
      );
    });
  },

  'migration:create': async ({ databaseUrl, options }) => {
    const file = await createMigration(databaseUrl, options.name);
    console.log(file ? `Migrasi baru: ${file}` : 'Skema sudah sesuai entitas; tidak ada migrasi baru.');
  },

  'user:create': async ({ config, databaseUrl, args: [username], options }) => {
    if (!username) throw new Error('user:create butuh nama pengguna / needs a username');
    const password = options.password ?? randomBytes(12).toString('base64url');
    const user = await withApp(config, databaseUrl, (get) =>
      get(AuthService).createUser(
        {
          username,
          displayName: options.display ?? username,
          role: options.role as ActorRole,
          password,
          holderNip: options.nip ?? null,
          agencies: options.agency ?? [],
          email: options.email ?? null,
        },
        cliOperator(options.by),
      ),
    );
    console.log(`Akun ${user.username} (${user.role}) dibuat.`);
    if (!options.password) console.log(`Kata sandi (hanya ditampilkan sekali): ${password}`);
  },

  'user:list': ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async (get) => {
      const users = await get(AuthService).listUsers();
      const rows = users.map((u) => [
        u.username,
        u.role,
        u.active ? 'aktif' : 'nonaktif',
        u.displayName,
        u.holderNip ?? u.agencies.join(', '),
        u.email ?? '',
      ]);
      console.log(table(['NAMA PENGGUNA', 'PERAN', 'STATUS', 'NAMA', 'NIP / OPD', 'E-MAIL'], rows));
    }),

  'user:reset-password': async ({ config, databaseUrl, args: [username], options }) => {
    if (!username) throw new Error('user:reset-password butuh nama pengguna / needs a username');
    const password = options.password ?? randomBytes(12).toString('base64url');
    const user = await withApp(config, databaseUrl, (get) =>
      get(AuthService).resetPassword(username, password, cliOperator(options.by)),
    );
    console.log(`Kata sandi ${user.username} diganti.`);
    if (!options.password) console.log(`Kata sandi baru (hanya ditampilkan sekali): ${password}`);
  },

  'user:deactivate': async ({ config, databaseUrl, args: [username], options }) => {
    if (!username) throw new Error('user:deactivate butuh nama pengguna / needs a username');
    const user = await withApp(config, databaseUrl, (get) =>
      get(AuthService).deactivateUser(username, cliOperator(options.by)),
    );
    console.log(`Akun ${user.username} (${user.role}) nonaktif.`);
  },

  'audit:verify': ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async (get) => {
      const started = process.hrtime.bigint();
      const report = await get(AuditService).verify();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = report.checkedEvents / Math.max(seconds, 1e-9);
      console.log(
        `${report.message} (${seconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('id-ID')} peristiwa/detik)`,
      );
      return report.ok ? 0 : 2;
    }),

  'audit:checkpoint': ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async (get) => {
      const checkpoint = await get(AuditService).checkpoint();
      console.log(
        `Checkpoint ditandatangani pada nomor urut ${checkpoint.seq} (${checkpoint.headHash.slice(0, 16)}…).`,
      );
    }),

  'hours:show': ({ config, databaseUrl }) =>
    withApp(config, databaseUrl, async (get) => {
      const calendar = get(CalendarService);
      console.log(`Jam kerja / opening hours:\n${weeklyHoursText(await calendar.weeklyHours())}`);
      const overrides = await calendar.overrides();
      console.log(overrides.length ? 'Jam kerja khusus / dated overrides:' : 'Tidak ada jam kerja khusus.');
      for (const o of overrides) {
        console.log(`  ${o.id}  ${o.from} s.d. ${o.to}  ${o.name}\n${weeklyHoursText(o.hours, '    ')}`);
      }
    }),

  'hours:set': ({ config, databaseUrl, args, options }) =>
    withApp(config, databaseUrl, async (get) => {
      const calendar = get(CalendarService);
      const hours = weeklyHoursFromWords(args, await calendar.weeklyHours());
      const saved = await calendar.setWeeklyHours(hours, { id: `cli:${options.by}`, role: 'ADMIN' });
      console.log(
        `Jam kerja disimpan; berlaku untuk langkah yang mulai sesudah ini:\n${weeklyHoursText(saved)}`,
      );
    }),

  'hours:override:add': ({ config, databaseUrl, args, options }) =>
    withApp(config, databaseUrl, async (get) => {
      const calendar = get(CalendarService);
      const hours = weeklyHoursFromWords(args, await calendar.weeklyHours());
      const added = await calendar.addOverride(
        { from: options.from, to: options.to, name: options.name ?? '', hours },
        { id: `cli:${options.by}`, role: 'ADMIN' },
      );
      console.log(
        `Jam kerja khusus ${added.id} (${added.from} s.d. ${added.to}, ${added.name}) ditambahkan.`,
      );
    }),

  'hours:override:remove': ({ config, databaseUrl, args: [id], options }) =>
    withApp(config, databaseUrl, async (get) => {
      if (!id)
        throw new ValidationError([
          { field: 'id', message: 'sebutkan id jam kerja khusus (lihat hours:show)' },
        ]);
      await get(CalendarService).removeOverride(id, { id: `cli:${options.by}`, role: 'ADMIN' });
      console.log(`Jam kerja khusus ${id} dihapus.`);
    }),

  'sla:measure': ({ config, databaseUrl }) =>
    // Starting the application context measures them (as every start does); this says how many.
    withApp(config, databaseUrl, async (get) => {
      const left = await get(SlaMeasurementsService).measureUnmeasured();
      console.log(`Semua langkah selesai sudah diukur terhadap mutu baku${left ? ` (${left} baru)` : ''}.`);
    }),

  'sla:recalculate': ({ config, databaseUrl, options }) =>
    withApp(config, databaseUrl, async (get) => {
      const recalculation = await get(SlaMeasurementsService).recalculate(
        { from: options.from ?? '', to: options.to ?? '', reason: options.reason ?? '' },
        { id: `cli:${options.by}`, role: 'ADMIN' },
      );
      console.log(
        `Penghitungan ulang ${recalculation.id}: ${recalculation.steps} langkah selesai (${recalculation.period.from} s.d. ` +
          `${recalculation.period.to}), ${recalculation.statusChanged} berubah status. Hasil ukur semula tetap; ` +
          `angka hasil hitung ulang: report compliance … --measure recalculated.`,
      );
    }),

  report: ({ config, databaseUrl, args: [kind], options }) =>
    withApp(config, databaseUrl, async (get) => {
      const reporting = get(ReportingService);
      const actor = { id: `cli:${options.by}`, role: 'ADMIN' };
      const requests = reportRequests(kind, options, config);
      for (const request of requests) {
        const rows = request.kind === 'compliance' && request.format === 'xlsx' ? rowsBar() : null;
        if (!rows)
          process.stderr.write(
            `Membuat ${request.kind === 'sop-document' ? 'dokumen SOP' : 'laporan PDF'}…\n`,
          );
        const report = await reporting.generate(request, actor, rows?.progress);
        rows?.stop();
        console.log(
          `${join(config.reportsDir, report.storedPath)}\n  ${report.size.toLocaleString('id-ID')} bita, SHA-256 ${report.sha256}`,
        );
      }
    }),

  demo: async ({ config, databaseUrl, options }) => {
    const seed = options.seed === undefined ? DEFAULT_DEMO_SEED : Number(options.seed);
    // The generator takes a 32-bit seed; larger ones would silently repeat smaller ones' histories.
    if (!Number.isInteger(seed) || seed < 0 || seed > 0x7fff_ffff) {
      throw new Error(`--seed harus bilangan bulat 0–2147483647, bukan "${options.seed}"`);
    }
    const now = new Date();
    const clock = new SettableClock(now);
    await withApp(
      config,
      databaseUrl,
      async (get) => {
        const renewals = get(RenewalsService);
        const { total } = await renewals.list({ page: 1, pageSize: 1 }, DEMO_READER);
        if (total > 0) {
          throw new Error(
            `Basis data sudah berisi ${total} permohonan pembaruan; demo hanya mengisi basis data yang kosong.\n` +
              (config.databaseUrl
                ? 'Arahkan DATABASE_URL ke basis data baru yang kosong, lalu jalankan lagi.'
                : `Hentikan Mutu, hapus folder ${join(config.dataDir, 'postgres')} (basis data tertanam) atau pakai DATABASE_URL lain, lalu jalankan lagi.`),
          );
        }
        const started = Date.now();
        const plan = planDemo({ seed, now });
        await adoptOfficeHoursRevision(get(SopsService), plan);
        console.log(
          `Mengisi riwayat demo (seed ${seed}): ${plan.renewals.length} permohonan sejak ${wibDate(plan.renewals[0].openedAt)} WIB…`,
        );
        const views = await replayDemoPlan(
          plan,
          { renewals, documents: get(DocumentsService) },
          clock,
          progressReporter(plan.renewals.length),
        );
        const seconds = ((Date.now() - started) / 1000).toLocaleString('id-ID', { maximumFractionDigits: 1 });
        const summary = summarizeDemo(views);
        const accounts = await createDemoAccounts(get(AuthService), summary.examples.reworkedCompleted);
        console.log(
          `Selesai dalam ${seconds} detik.\n\n${demoSummaryText(summary, config.port)}\n\n${demoAccountsText(accounts, config.port)}`,
        );
      },
      clock,
    );
  },
};

/** The command line acts as an admin with no account of its own, named `cli:<--by>`. */
const cliOperator = (by: string) => ({ id: `cli:${by}`, username: `cli:${by}`, role: 'ADMIN' as const });

/** Columns padded to their widest cell, for a terminal. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const positiveInteger = (value: string | undefined, field: string) => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new ValidationError([{ field, message: 'harus bilangan bulat ≥ 1' }]);
  return Number(value);
};

/** What `report …` asks for, checked; the period's own checks happen where every caller's do. */
function reportRequests(
  kind: string | undefined,
  options: Invocation['options'],
  config: MutuConfig,
): ReportRequest[] {
  if (kind === 'sop') {
    return [
      {
        kind: 'sop-document',
        code: options.code ?? RENEWAL_SOP_CODE,
        version: positiveInteger(options.version, 'version'),
      },
    ];
  }
  if (kind !== 'compliance') {
    throw new ValidationError(
      [{ field: 'jenis', message: 'harus "compliance" atau "sop"' }],
      'Jenis laporan tidak dikenal',
    );
  }
  let period: { from: string; to: string };
  if (options.month) {
    if (!/^\d{4}-\d{2}$/.test(options.month) || !isCalendarDate(`${options.month}-01`)) {
      throw new ValidationError([{ field: 'month', message: 'harus bulan YYYY-MM' }]);
    }
    period = monthOf(`${options.month}-01`);
  } else if (options.from && options.to) {
    period = { from: options.from, to: options.to };
  } else {
    throw new ValidationError(
      [{ field: 'month', message: 'beri --month YYYY-MM, atau --from dan --to' }],
      'Periode laporan belum diberikan',
    );
  }
  const formats = (options.format ?? '').split(',').map((f) => f.trim());
  if (!formats.length || formats.some((f) => f !== 'pdf' && f !== 'xlsx')) {
    throw new ValidationError([{ field: 'format', message: 'pdf, xlsx, atau pdf,xlsx' }]);
  }
  if (options.lang && options.lang !== 'id' && options.lang !== 'en') {
    throw new ValidationError([{ field: 'lang', message: 'harus id atau en' }]);
  }
  if (options.measure && !(SLA_MEASURES as readonly string[]).includes(options.measure)) {
    throw new ValidationError([{ field: 'measure', message: `harus ${SLA_MEASURES.join(' atau ')}` }]);
  }
  return formats.map((format) => ({
    kind: 'compliance' as const,
    format: format as 'pdf' | 'xlsx',
    lang: (options.lang as 'id' | 'en' | undefined) ?? config.locale,
    ...period,
    agency: options.agency?.[0],
    sopVersion: positiveInteger(options['sop-version'], 'sop-version'),
    measure: options.measure as SlaMeasure | undefined,
  }));
}

/**
 * A progress bar for a workbook export. Its length is the renewal, step and breach rows the
 * export's figures promise; documents and audit events come on top, and the bar grows to take them.
 */
function rowsBar() {
  const bar = new SingleBar(
    {
      format: 'Excel {bar} {value}/±{total} baris · {duration_formatted} · sisa ±{eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  return {
    progress: {
      onFigures: (figures: ComplianceFigures) =>
        bar.start(Math.max(figures.renewals.opened + breachCount(figures) + stepInstances(figures), 1), 0),
      onProgress: (rows: number) => {
        if (rows > bar.getTotal()) bar.setTotal(rows);
        bar.update(rows);
      },
    },
    stop: () => bar.stop(),
  };
}

const stepInstances = (figures: ComplianceFigures) => figures.steps.reduce((sum, s) => sum + s.instances, 0);

/** One line rewritten in place on a terminal; a line every 50 renewals in a log. */
function progressReporter(total: number): (replayed: number, at: Date) => void {
  return (replayed, at) => {
    const line = `  ${replayed}/${total} permohonan tercatat (waktu simulasi ${wibDate(at)} WIB)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${replayed === total ? '\n' : ''}`);
    else if (replayed % 50 === 0 || replayed === total) console.log(line);
  };
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      by: { type: 'string', default: 'cli' },
      name: { type: 'string' },
      seed: { type: 'string' },
      role: { type: 'string' },
      display: { type: 'string' },
      nip: { type: 'string' },
      agency: { type: 'string', multiple: true },
      email: { type: 'string' },
      password: { type: 'string' },
      month: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', default: 'pdf,xlsx' },
      lang: { type: 'string' },
      'sop-version': { type: 'string' },
      'effective-on': { type: 'string' },
      'revised-on': { type: 'string' },
      code: { type: 'string' },
      version: { type: 'string' },
      reason: { type: 'string' },
      measure: { type: 'string' },
      help: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const [name, ...args] = positionals;
  const command = name ? COMMANDS[name] : undefined;
  if (!command || values.help) {
    process.stderr.write(name && !values.help ? `Perintah tidak dikenal: ${name}\n\n${USAGE}` : USAGE);
    return name && !values.help ? 64 : 0;
  }
  const config = loadConfigOrExit(process.env);
  const database = await startDatabaseServer(config);
  try {
    const { help: _help, ...options } = values;
    return (await command({ config, databaseUrl: database.url, args, options })) ?? 0;
  } catch (error) {
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 65;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`Gagal: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
