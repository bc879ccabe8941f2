import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { NestFactory } from '@nestjs/core';
import { type Command, CommanderError, Option } from 'commander';
import type { ChromiumProcess } from '@mutu/chromium';
import { type MutuConfig, SettableClock } from '@mutu/config';
import {
  createMigration,
  realData,
  SLA_MEASURES,
  type SlaMeasure,
  startDatabaseServer,
  wipeDatabase,
} from '@mutu/db';
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
import {
  ACTOR_ROLES,
  type ActorRole,
  DomainError,
  isCalendarDate,
  monthOf,
  ValidationError,
  wibDate,
} from '@mutu/domain';
import { RENEWAL_SOP_CODE, RenewalsService, SlaMeasurementsService } from '@mutu/renewals';
import { AuditService } from '@mutu/audit';
import type { AuthService } from '@mutu/auth';
import { SopsService } from '@mutu/sops';
import {
  type ChromiumRenderer,
  chromiumRenderer,
  ReportingService,
  type ReportRequest,
} from '@mutu/reporting';
import { CalendarService } from '@mutu/calendar';
import { CliModule, type CliContext } from './cli.module';
import { cliProgram, define, EXIT, usageMessage } from './cli-program';
import { weeklyHoursFromWords, weeklyHoursText } from './hours-args';

/** What every command gets: the configuration and a running database. */
interface Runtime {
  readonly config: MutuConfig;
  readonly databaseUrl: string;
}

/** A command's work; its result is the exit code (nothing = success). */
type Work<O> = (runtime: Runtime, options: O, args: string[]) => Promise<number | void>;

/** What the entry (main.ts) prepared before this module was loaded. */
export interface Startup {
  /** The configuration; an invalid one ends the process (exit 78) here, when a command runs: not for --help. */
  readonly configuration: () => MutuConfig;
  /** Chromium, started first thing for a command that may print (`report`). */
  readonly chromium?: ChromiumProcess;
}

let startup: Startup;
let exitCode: number = EXIT.ok;

/** The action of a command: configuration loaded and the database started only when it runs (not for --help). */
function runs<O>(work: Work<O>) {
  return async function (this: Command) {
    const config = startup.configuration();
    const database = await startDatabaseServer(config);
    try {
      exitCode =
        (await work(
          { config, databaseUrl: database.url },
          this.opts() as O,
          this.processedArgs as string[],
        )) ?? EXIT.ok;
    } finally {
      await database.stop();
    }
  };
}

/**
 * Runs `work` inside the application context: migrations applied, shipped SOPs and holidays
 * seeded. `context`: see CliModule.forRoot.
 */
async function withApp<T>(
  { config, databaseUrl }: Runtime,
  work: (get: <S>(t: new (...a: never[]) => S) => S) => Promise<T>,
  context: CliContext = {},
) {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, databaseUrl, context), {
    logger: ['error', 'warn'],
  });
  try {
    return await work((type) => app.get(type));
  } finally {
    await app.close();
  }
}

/** The account and document contexts, for the commands that use them (see accounts.ts). */
const accountContexts = () => import('./accounts.js');

/** withApp with the account context (AuthModule) added, its service handed to `work`: the user:* commands. */
async function withAccounts<T>(runtime: Runtime, work: (auth: AuthService) => Promise<T>): Promise<T> {
  const { AuthModule, AuthService } = await accountContexts();
  return withApp(runtime, (get) => work(get(AuthService)), { modules: [AuthModule] });
}

/** `--by`: who runs the command, recorded as `cli:<name>`; a Mutu account name prints as its person. */
const byOption = () =>
  new Option('--by <nama>', 'siapa yang menjalankan (nama akun Mutu) / who runs it (account name)').default(
    userInfo().username,
  );

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

interface ReportOptions {
  by: string;
  month?: string;
  from?: string;
  to?: string;
  format: string;
  lang?: 'id' | 'en';
  agency?: string;
  sopVersion?: string;
  measure?: SlaMeasure;
  code?: string;
  version?: string;
}

/** What `report …` asks for, checked; the period's own checks happen where every caller's do. */
function reportRequests(kind: string, options: ReportOptions, config: MutuConfig): ReportRequest[] {
  if (kind === 'sop') {
    return [
      {
        kind: 'sop-document',
        code: options.code ?? RENEWAL_SOP_CODE,
        version: positiveInteger(options.version, 'version'),
      },
    ];
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
  const formats = options.format.split(',').map((f) => f.trim());
  if (!formats.length || formats.some((f) => f !== 'pdf' && f !== 'xlsx')) {
    throw new ValidationError([{ field: 'format', message: 'pdf, xlsx, atau pdf,xlsx' }]);
  }
  return formats.map((format) => ({
    kind: 'compliance' as const,
    format: format as 'pdf' | 'xlsx',
    lang: options.lang ?? config.locale,
    ...period,
    agency: options.agency,
    sopVersion: positiveInteger(options.sopVersion, 'sop-version'),
    measure: options.measure,
  }));
}

/**
 * A progress bar for a workbook export, its end every sheet's rows counted before the first is
 * written. cli-progress (some 16 modules) is loaded here, for a workbook, not by every command.
 */
async function rowsBar() {
  const { Presets, SingleBar } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: 'Excel {bar} {value}/{total} baris · {duration_formatted} · sisa ±{eta_formatted}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5_000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  return {
    progress: {
      onTotal: (rows: number) => bar.start(Math.max(rows, 1), 0),
      onProgress: (rows: number) => bar.update(rows),
    },
    stop: () => bar.stop(),
  };
}

/** One line rewritten in place on a terminal; a line every 50 renewals in a log. */
function progressReporter(total: number): (replayed: number, at: Date) => void {
  return (replayed, at) => {
    const line = `  ${replayed}/${total} permohonan tercatat (waktu simulasi ${wibDate(at)} WIB)`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${replayed === total ? '\n' : ''}`);
    else if (replayed % 50 === 0 || replayed === total) console.log(line);
  };
}

/** Asks the person at the terminal to type `word`; false without a terminal to ask at. */
async function confirmed(question: string, word: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (
      (
        await prompt.question(`${question}\nKetik "${word}" untuk melanjutkan / type "${word}" to go on: `)
      ).trim() === word
    );
  } finally {
    prompt.close();
  }
}

/**
 * `demo --reset`: empties the database for a new demo. Refused where people have worked (renewal
 * events not by the demo, accounts not the demo's) unless --force; asks for confirmation unless --yes.
 */
async function resetForDemo(
  runtime: Runtime,
  options: { force?: boolean; yes?: boolean },
): Promise<number | void> {
  const real = await realData(runtime.databaseUrl);
  if ((real.renewalEvents || real.accounts) && !options.force) {
    process.stderr.write(
      `Basis data ini berisi data nyata (${real.renewalEvents} peristiwa permohonan bukan demo, ${real.accounts} akun bukan demo); ` +
        'tidak dikosongkan. Tambahkan --force bila memang ingin menghapusnya.\n' +
        '/ This database holds real data; not reset. Add --force to delete it anyway.\n',
    );
    return EXIT.failed;
  }
  const where = runtime.config.databaseUrl ? 'basis data DATABASE_URL' : 'basis data tertanam';
  if (
    !options.yes &&
    !(await confirmed(`Semua data di ${where} akan dihapus. / Every row will be deleted.`, 'hapus'))
  ) {
    process.stderr.write('Dibatalkan; tidak ada yang dihapus. (Tanpa terminal, beri --yes.) / Cancelled.\n');
    return EXIT.failed;
  }
  await wipeDatabase(runtime.databaseUrl);
  console.log('Basis data dikosongkan. / Database emptied.');
}

const program = cliProgram();

define(program, 'migrate', 'terapkan migrasi basis data / apply database migrations').action(
  runs(async (runtime) => {
    await withApp(runtime, async () => console.log('Migrasi basis data sudah mutakhir.'));
  }),
);

define(program, 'sop:load <berkas>', 'muat definisi SOP (JSON) sebagai versi baru / load an SOP definition')
  .option('--effective-on <YYYY-MM-DD>', 'berlaku mulai, menggantikan tanggal di berkas / effective date')
  .option('--revised-on <YYYY-MM-DD>', 'tanggal revisi, menggantikan tanggal di berkas / revision date')
  .addOption(byOption())
  .action(
    runs<{ by: string; effectiveOn?: string; revisedOn?: string }>(async (runtime, options, [file]) => {
      await withApp(runtime, async (get) => {
        const { created, version } = await get(SopsService).loadFile(resolve(file), `cli:${options.by}`, {
          effectiveOn: options.effectiveOn,
          revisedOn: options.revisedOn,
        });
        console.log(
          created
            ? `SOP ${version.number} versi ${version.version} dimuat (berlaku ${version.effectiveOn}).`
            : `Definisi ini sudah dimuat sebagai versi ${version.version}; tidak ada perubahan.`,
        );
      });
    }),
  );

define(program, 'migration:create', '(pengembang) buat migrasi dari perubahan entitas / write a migration')
  .option('--name <nama>', 'nama migrasi / migration name')
  .action(
    runs<{ name?: string }>(async ({ databaseUrl }, options) => {
      const file = await createMigration(databaseUrl, options.name);
      console.log(file ? `Migrasi baru: ${file}` : 'Skema sudah sesuai entitas; tidak ada migrasi baru.');
    }),
  );

define(
  program,
  'demo',
  'isi basis data kosong dengan riwayat contoh 6 bulan dan akun demo per peran / fill an empty database with a sample history',
)
  .option('--seed <n>', 'benih acak 0–2147483647 / random seed', String(DEFAULT_DEMO_SEED))
  .option('--reset', 'kosongkan basis data dulu (dengan konfirmasi) / empty the database first (asks first)')
  .option('--force', 'bersama --reset: juga bila ada data nyata / with --reset: even over real data')
  .option('--yes', 'bersama --reset: tanpa pertanyaan konfirmasi / with --reset: do not ask')
  .action(
    runs<{ seed: string; reset?: boolean; force?: boolean; yes?: boolean }>(async (runtime, options) => {
      const seed = Number(options.seed);
      // The generator takes a 32-bit seed; larger ones would silently repeat smaller ones' histories.
      if (!/^\d+$/.test(options.seed) || seed > 0x7fff_ffff) {
        throw new ValidationError([
          { field: 'seed', message: `harus bilangan bulat 0–2147483647, bukan "${options.seed}"` },
        ]);
      }
      if (options.reset) {
        const refused = await resetForDemo(runtime, options);
        if (refused) return refused;
      }
      const { config } = runtime;
      const now = new Date();
      const clock = new SettableClock(now);
      const { AuthModule, AuthService, DocumentsModule, DocumentsService } = await accountContexts();
      await withApp(
        runtime,
        async (get) => {
          const renewals = get(RenewalsService);
          const { total } = await renewals.list({ page: 1, pageSize: 1 }, DEMO_READER);
          if (total > 0) {
            throw new Error(
              `Basis data sudah berisi ${total} permohonan pembaruan; demo hanya mengisi basis data yang kosong.\n` +
                'Jalankan "npm run demo -- --reset" untuk mengosongkannya lebih dulu' +
                (config.databaseUrl ? ', atau arahkan DATABASE_URL ke basis data baru yang kosong.' : '.'),
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
          const seconds = ((Date.now() - started) / 1000).toLocaleString('id-ID', {
            maximumFractionDigits: 1,
          });
          const summary = summarizeDemo(views);
          const accounts = await createDemoAccounts(get(AuthService), summary.examples.reworkedCompleted);
          console.log(
            `Selesai dalam ${seconds} detik.\n\n${demoSummaryText(summary, config.port)}\n\n${demoAccountsText(accounts, config.port)}`,
          );
        },
        { clock, modules: [AuthModule, DocumentsModule] },
      );
    }),
  );

define(program, 'user:create <nama>', 'buat akun (kata sandi acak bila tidak diberi) / create an account')
  // Checked in the action, not by commander, which would report a mistyped option as "--role missing".
  .addOption(new Option('--role <peran>', 'peran akun (wajib) / role (required)').choices(ACTOR_ROLES))
  .option('--display <nama>', 'nama tampilan, mis. "Dra. Siti Aminah" / display name')
  .option('--nip <nip>', 'NIP pemegang sertifikat (peran PENGGUNA) / holder NIP')
  .option('--agency <opd...>', 'OPD yang dilayani (VERIFIKATOR), boleh berulang / agencies served')
  .option('--email <alamat>', 'alamat e-mail / e-mail address')
  .option('--password <sandi>', 'kata sandi; tanpa ini dibuat acak / password; random when omitted')
  .addOption(byOption())
  .hook('preAction', (command) => {
    if (!command.opts().role) {
      throw new CommanderError(
        EXIT.usage,
        'commander.missingMandatoryOptionValue',
        "option '--role' missing",
      );
    }
  })
  .action(
    runs<{
      role: ActorRole;
      display?: string;
      nip?: string;
      agency?: string[];
      email?: string;
      password?: string;
      by: string;
    }>(async (runtime, options, [username]) => {
      const password = options.password ?? randomBytes(12).toString('base64url');
      const user = await withAccounts(runtime, (auth) =>
        auth.createUser(
          {
            username,
            displayName: options.display ?? username,
            role: options.role,
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
    }),
  );

define(program, 'user:list', 'daftar akun / list accounts').action(
  runs(async (runtime) => {
    await withAccounts(runtime, async (auth) => {
      const users = await auth.listUsers();
      const rows = users.map((u) => [
        u.username,
        u.role,
        u.active ? 'aktif' : 'nonaktif',
        u.displayName,
        u.holderNip ?? u.agencies.join(', '),
        u.email ?? '',
      ]);
      console.log(table(['NAMA PENGGUNA', 'PERAN', 'STATUS', 'NAMA', 'NIP / OPD', 'E-MAIL'], rows));
    });
  }),
);

define(
  program,
  'user:reset-password <nama>',
  'atur kata sandi baru (acak bila tidak diberi) / set a new password',
)
  .option('--password <sandi>', 'kata sandi baru, minimal 12 karakter / new password, at least 12 characters')
  .addOption(byOption())
  .action(
    runs<{ password?: string; by: string }>(async (runtime, options, [username]) => {
      const password = options.password ?? randomBytes(12).toString('base64url');
      const user = await withAccounts(runtime, (auth) =>
        auth.resetPassword(username, password, cliOperator(options.by)),
      );
      console.log(`Kata sandi ${user.username} diganti.`);
      if (!options.password) console.log(`Kata sandi baru (hanya ditampilkan sekali): ${password}`);
    }),
  );

define(program, 'user:deactivate <nama>', 'nonaktifkan akun seketika / deactivate an account at once')
  .addOption(byOption())
  .action(
    runs<{ by: string }>(async (runtime, options, [username]) => {
      const user = await withAccounts(runtime, (auth) =>
        auth.deactivateUser(username, cliOperator(options.by)),
      );
      console.log(`Akun ${user.username} (${user.role}) nonaktif.`);
    }),
  );

define(
  program,
  'audit:verify',
  'periksa rantai jejak audit; kode keluar 2 bila rusak / verify the audit chain',
).action(
  runs(async (runtime) =>
    withApp(runtime, async (get) => {
      const started = process.hrtime.bigint();
      const report = await get(AuditService).verify();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = report.checkedEvents / Math.max(seconds, 1e-9);
      console.log(
        `${report.message} (${seconds.toFixed(2)} s, ${Math.round(rate).toLocaleString('id-ID')} peristiwa/detik)`,
      );
      return report.ok ? EXIT.ok : EXIT.auditBroken;
    }),
  ),
);

define(program, 'audit:checkpoint', 'tanda tangani kepala rantai audit / sign the audit chain’s head').action(
  runs(async (runtime) =>
    withApp(runtime, async (get) => {
      const checkpoint = await get(AuditService).checkpoint();
      console.log(
        `Checkpoint ditandatangani pada nomor urut ${checkpoint.seq} (${checkpoint.headHash.slice(0, 16)}…).`,
      );
    }),
  ),
);

define(
  program,
  'hours:show',
  'tampilkan jam kerja dan jam kerja khusus / show opening hours and overrides',
).action(
  runs(async (runtime) =>
    withApp(runtime, async (get) => {
      const calendar = get(CalendarService);
      console.log(`Jam kerja / opening hours:\n${weeklyHoursText(await calendar.weeklyHours())}`);
      const overrides = await calendar.overrides();
      console.log(overrides.length ? 'Jam kerja khusus / dated overrides:' : 'Tidak ada jam kerja khusus.');
      for (const o of overrides) {
        console.log(`  ${o.id}  ${o.from} s.d. ${o.to}  ${o.name}\n${weeklyHoursText(o.hours, '    ')}`);
      }
    }),
  ),
);

define(
  program,
  'hours:set <hari=jam...>',
  'ubah jam kerja, mis. fri=07:30-16:30 atau sat=tutup (hari: mon … fri, all) / set opening hours',
)
  .addOption(byOption())
  .action(
    runs<{ by: string }>(async (runtime, options, [words]) =>
      withApp(runtime, async (get) => {
        const calendar = get(CalendarService);
        const hours = weeklyHoursFromWords(words as unknown as string[], await calendar.weeklyHours());
        const saved = await calendar.setWeeklyHours(hours, cliOperator(options.by));
        console.log(
          `Jam kerja disimpan; berlaku untuk langkah yang mulai sesudah ini:\n${weeklyHoursText(saved)}`,
        );
      }),
    ),
  );

define(
  program,
  'hours:override:add <hari=jam...>',
  'tambah jam kerja khusus; hari yang tak disebut ikut jam biasa / add a dated override',
)
  .requiredOption('--from <YYYY-MM-DD>', 'mulai / from')
  .requiredOption('--to <YYYY-MM-DD>', 'sampai / to')
  .requiredOption('--name <nama>', 'nama, mis. "Ramadan 1448 H" / name')
  .addOption(byOption())
  .action(
    runs<{ from: string; to: string; name: string; by: string }>(async (runtime, options, [words]) =>
      withApp(runtime, async (get) => {
        const calendar = get(CalendarService);
        const hours = weeklyHoursFromWords(words as unknown as string[], await calendar.weeklyHours());
        const added = await calendar.addOverride(
          { from: options.from, to: options.to, name: options.name, hours },
          cliOperator(options.by),
        );
        console.log(
          `Jam kerja khusus ${added.id} (${added.from} s.d. ${added.to}, ${added.name}) ditambahkan.`,
        );
      }),
    ),
  );

define(
  program,
  'hours:override:remove <id>',
  'hapus jam kerja khusus (id dari hours:show) / remove an override',
)
  .addOption(byOption())
  .action(
    runs<{ by: string }>(async (runtime, options, [id]) =>
      withApp(runtime, async (get) => {
        await get(CalendarService).removeOverride(id, cliOperator(options.by));
        console.log(`Jam kerja khusus ${id} dihapus.`);
      }),
    ),
  );

define(
  program,
  'sla:measure',
  'ukur langkah selesai yang belum diukur / measure ended steps not yet measured',
).action(
  // Starting the application context measures them (as every start does); this says how many.
  runs(async (runtime) =>
    withApp(runtime, async (get) => {
      const left = await get(SlaMeasurementsService).measureUnmeasured();
      console.log(`Semua langkah selesai sudah diukur terhadap mutu baku${left ? ` (${left} baru)` : ''}.`);
    }),
  ),
);

define(
  program,
  'sla:recalculate',
  'hitung ulang mutu baku suatu periode dengan kalender hari ini, di samping hasil ukur semula (tercatat di jejak audit) / recalculate a period beside the original',
)
  .requiredOption('--from <YYYY-MM-DD>', 'awal periode / period start')
  .requiredOption('--to <YYYY-MM-DD>', 'akhir periode / period end')
  .requiredOption('--reason <alasan>', 'alasan penghitungan ulang / why')
  .addOption(byOption())
  .action(
    runs<{ from: string; to: string; reason: string; by: string }>(async (runtime, options) =>
      withApp(runtime, async (get) => {
        const recalculation = await get(SlaMeasurementsService).recalculate(
          { from: options.from, to: options.to, reason: options.reason },
          cliOperator(options.by),
        );
        console.log(
          `Penghitungan ulang ${recalculation.id}: ${recalculation.steps} langkah selesai (${recalculation.period.from} s.d. ` +
            `${recalculation.period.to}), ${recalculation.statusChanged} berubah status. Hasil ukur semula tetap; ` +
            `angka hasil hitung ulang: report compliance … --measure recalculated.`,
        );
      }),
    ),
  );

define(
  program,
  'report <jenis>',
  'buat laporan ke folder laporan dan arsipnya: compliance (kepatuhan) atau sop (dokumen SOP) / write a report into the archive',
)
  .option('--month <YYYY-MM>', 'compliance: bulan laporan / the month')
  .option('--from <YYYY-MM-DD>', 'compliance: awal periode / period start')
  .option('--to <YYYY-MM-DD>', 'compliance: akhir periode / period end')
  .option('--format <daftar>', 'compliance: pdf, xlsx atau pdf,xlsx', 'pdf,xlsx')
  .addOption(new Option('--lang <bahasa>', 'compliance: bahasa laporan / language').choices(['id', 'en']))
  .option('--agency <opd>', 'compliance: hanya satu OPD / one agency only')
  .option('--sop-version <n>', 'compliance: hanya satu versi SOP / one SOP version only')
  .addOption(
    new Option(
      '--measure <ukuran>',
      'compliance: hasil ukur semula atau hitung ulang / as measured or recalculated',
    ).choices(SLA_MEASURES),
  )
  .option('--code <kode>', `sop: kode SOP / SOP code (bawaan ${RENEWAL_SOP_CODE})`)
  .option('--version <n>', 'sop: versi / version (bawaan: yang berlaku)')
  .addOption(byOption())
  .action(
    runs<ReportOptions>(async (runtime, options, [kind]) => {
      if (kind !== 'compliance' && kind !== 'sop') {
        throw new ValidationError(
          [{ field: 'jenis', message: 'harus "compliance" atau "sop"' }],
          'Jenis laporan tidak dikenal',
        );
      }
      const requests = reportRequests(kind, options, runtime.config);
      // Every report but the workbook is printed by Chromium: it was started before this module
      // loaded (see main.ts); puppeteer attaches to it now, while the application boots
      // (migrations checked, SOPs and holidays seeded), not after.
      const documents = requests.filter((r) => r.kind === 'sop-document' || r.format === 'pdf').length;
      // Told how many it prints, it ends Chromium after the last, while that one is filed.
      const renderer = documents ? chromiumRenderer(runtime.config, startup.chromium, documents) : undefined;
      // A workbook alone: the CPU goes to it rather than to an idle browser.
      if (!renderer) void startup.chromium?.quit();
      renderer?.prepare();
      try {
        await generateReports(runtime, requests, options.by, renderer);
      } finally {
        // Closed here too: the application closes it, unless it failed to boot.
        await renderer?.onApplicationShutdown();
      }
    }),
  );

/** Writes each report into the archive, printing where it went; `renderer` is already started. */
function generateReports(
  runtime: Runtime,
  requests: readonly ReportRequest[],
  by: string,
  renderer: ChromiumRenderer | undefined,
) {
  return withApp(
    runtime,
    async (get) => {
      const reporting = get(ReportingService);
      const actor = { id: `cli:${by}`, role: 'ADMIN' };
      for (const request of requests) {
        const rows = request.kind === 'compliance' && request.format === 'xlsx' ? await rowsBar() : null;
        if (!rows)
          process.stderr.write(
            `Membuat ${request.kind === 'sop-document' ? 'dokumen SOP' : 'laporan PDF'}…\n`,
          );
        const report = await reporting.generate(request, actor, rows?.progress);
        rows?.stop();
        console.log(
          `${join(runtime.config.reportsDir, report.storedPath)}\n  ${report.size.toLocaleString('id-ID')} bita, SHA-256 ${report.sha256}`,
        );
      }
    },
    { renderer },
  );
}

/** Runs the command `argv` names; the result is the exit code. */
export async function main(argv: readonly string[], prepared: Startup): Promise<number> {
  startup = prepared;
  if (argv.length === 0) {
    process.stdout.write(program.helpInformation());
    return EXIT.ok;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      const message = usageMessage(
        error,
        argv.find((a) => !a.startsWith('-') && program.commands.some((c) => c.name() === a)) ?? '',
      );
      if (message === null) return EXIT.ok;
      process.stderr.write(message);
      return EXIT.usage;
    }
    if (error instanceof ValidationError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.dataError;
    }
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT.failed;
    }
    throw error;
  }
}
