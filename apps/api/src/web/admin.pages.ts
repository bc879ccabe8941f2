import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuthService } from '@mutu/auth';
import { CalendarService } from '@mutu/calendar';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { OUTBOX_STATUSES, type OutboxStatus } from '@mutu/db';
import {
  ACTOR_ROLES,
  type ActorRole,
  HOLIDAY_KINDS,
  type HolidayKind,
  JOB_RUN_STATUSES,
  type JobRunStatus,
  OFFICE_WEEKDAYS,
  type OpeningHours,
  officeDate,
  ValidationError,
  type WeeklyHours,
} from '@mutu/domain';
import { JobsService } from '@mutu/jobs';
import { NotificationsService } from '@mutu/notifications';
import { ReportFormatter } from '@mutu/reporting';
import { SopsService } from '@mutu/sops';
import { Public } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { AcceptsPassword } from '../http/secret-fields.guard';
import { uuidParam } from '../http/uuid.pipe';
import { pager, pageNumber } from './pager';
import { sopVersionRows } from './sop-versions.view-model';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { ROLE_NAMES } from './web-labels';
import { WebPages } from './web-pages';
import { Page, Web, type WebContext, type WebRequest } from './web-request';

const ADMIN = ['ADMIN'] as const;
const LIST_PAGE_SIZE = 25;
// An SOP definition is a few tens of KB; anything far larger is not one.
const DEFINITION_MAX_BYTES = 1_048_576;

/** A value from a closed list (a filter), or undefined when absent; anything else is a 400 naming the field. */
function oneOf<T extends string>(values: readonly T[], value: unknown, field: string): T | undefined {
  if (value === undefined || value === '') return undefined;
  if ((values as readonly unknown[]).includes(value)) return value as T;
  throw new ValidationError([{ field, message: `harus salah satu dari ${values.join(', ')}` }]);
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** The opening-hours form's fields (`fri_opens`, `fri_closes`, `fri_closed`) as the service's input. */
function weeklyHoursOfForm(body: Record<string, unknown>): Record<string, OpeningHours | null> {
  return Object.fromEntries(
    OFFICE_WEEKDAYS.map((day) => [
      day,
      body[`${day}_closed`]
        ? null
        : { opens: text(body[`${day}_opens`]), closes: text(body[`${day}_closes`]) },
    ]),
  );
}

/**
 * The override form's hours as the service's input: one pair for Monday–Friday, and Friday's own
 * pair when either of its fields is filled in.
 */
function overrideHoursOfForm(body: Record<string, unknown>): Record<string, OpeningHours> {
  const all = { opens: text(body.opens), closes: text(body.closes) };
  const friday =
    text(body.fri_opens) || text(body.fri_closes)
      ? { opens: text(body.fri_opens), closes: text(body.fri_closes) }
      : all;
  return Object.fromEntries(OFFICE_WEEKDAYS.map((day) => [day, day === 'fri' ? friday : all]));
}

/** The admin's pages: accounts, the office calendar and opening hours, SOP versions, scheduled jobs and the e-mail outbox. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller('admin')
export class AdminPages {
  constructor(
    private readonly auth: AuthService,
    private readonly calendar: CalendarService,
    private readonly sops: SopsService,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationsService,
    private readonly pages: WebPages,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  @Get('pengguna')
  @Page(ADMIN)
  async users(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { language, user } = request.web!;
    const L = this.pages.labels(language);
    const users = await this.auth.listUsers();
    await this.pages.render(request, response, 'admin-users', L.users, {
      roles: ACTOR_ROLES.map((role) => ({ value: role, label: ROLE_NAMES[language][role] })),
      rows: users.map((u) => ({
        username: u.username,
        displayName: u.displayName,
        role: ROLE_NAMES[language][u.role],
        scope: u.holderNip ?? (u.agencies.join(', ') || L.none),
        email: u.email ?? L.none,
        active: u.active !== false,
        self: u.id === user!.id,
      })),
    });
  }

  @Post('pengguna')
  @Page(ADMIN)
  @AcceptsPassword()
  async createUser(
    @Body() body: Record<string, unknown>,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const agencies = text(body.agencies)
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean);
    await this.auth.createUser(
      {
        username: text(body.username),
        displayName: text(body.displayName) || text(body.username),
        role: text(body.role) as ActorRole,
        password: typeof body.password === 'string' ? body.password : '',
        holderNip: text(body.holderNip) || null,
        agencies,
        email: text(body.email) || null,
      },
      principalOf(web.user!),
    );
    this.done(response, web, '/admin/pengguna', 'userCreated');
  }

  @Post('pengguna/:username/nonaktif')
  @Page(ADMIN)
  async deactivate(
    @Param('username') username: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.auth.deactivateUser(username, web.user!);
    this.done(response, web, '/admin/pengguna', 'deactivated');
  }

  @Post('pengguna/:username/kata-sandi')
  @Page(ADMIN)
  @AcceptsPassword()
  async resetPassword(
    @Param('username') username: string,
    @Body() body: { password?: unknown },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.auth.resetPassword(
      username,
      typeof body.password === 'string' ? body.password : '',
      web.user!,
    );
    this.done(response, web, '/admin/pengguna', 'passwordReset');
  }

  @Get('kalender')
  @Page(ADMIN)
  async calendarPage(
    @Query('tahun') yearText: string | undefined,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    const thisYear = Number(officeDate(this.clock.now(), this.config.timeZone).slice(0, 4));
    const year = yearText === undefined || yearText === '' ? thisYear : Number(yearText);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
      throw new ValidationError([{ field: 'tahun', message: 'harus tahun 2000–2100' }]);
    }
    const format = new ReportFormatter(language, this.config.timeZone);
    const holidays = await this.calendar.list(year);
    await this.pages.render(request, response, 'admin-calendar', L.calendar, {
      year,
      years: [year - 1, year, year + 1].map((y) => ({ value: y, selected: y === year })),
      kinds: HOLIDAY_KINDS.map((kind) => ({ value: kind, label: L[kind] })),
      rows: holidays.map((h) => ({
        date: h.date,
        day: format.date(h.date),
        name: h.name,
        kind: L[h.kind],
      })),
    });
  }

  @Post('kalender')
  @Page(ADMIN)
  async putHoliday(
    @Body() body: { date?: unknown; name?: unknown; kind?: unknown },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const date = text(body.date);
    await this.calendar.put(
      date,
      { name: text(body.name), kind: text(body.kind) as HolidayKind },
      principalOf(web.user!),
    );
    this.done(response, web, `/admin/kalender?tahun=${date.slice(0, 4)}`, 'holidaySaved');
  }

  @Post('kalender/:date/hapus')
  @Page(ADMIN)
  async removeHoliday(
    @Param('date') date: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.calendar.remove(date, principalOf(web.user!));
    this.done(response, web, `/admin/kalender?tahun=${date.slice(0, 4)}`, 'holidayRemoved');
  }

  @Get('jam-kerja')
  @Page(ADMIN)
  async officeHoursPage(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const L = this.pages.labels(request.web!.language);
    const [weekly, overrides] = await Promise.all([this.calendar.weeklyHours(), this.calendar.overrides()]);
    const hoursText = (hours: WeeklyHours) =>
      OFFICE_WEEKDAYS.map((day) => {
        const open = hours[day];
        return `${L[`weekday_${day}`]} ${open ? `${open.opens}–${open.closes}` : L.closedShort}`;
      }).join('; ');
    await this.pages.render(request, response, 'admin-office-hours', L.officeHours, {
      days: OFFICE_WEEKDAYS.map((day) => ({
        day,
        name: L[`weekday_${day}`],
        opens: weekly[day]?.opens ?? '',
        closes: weekly[day]?.closes ?? '',
        closed: weekly[day] === null,
      })),
      overrides: overrides.map((o) => ({ ...o, hoursText: hoursText(o.hours) })),
    });
  }

  @Post('jam-kerja')
  @Page(ADMIN)
  async setWeeklyHours(
    @Body() body: Record<string, unknown>,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.calendar.setWeeklyHours(weeklyHoursOfForm(body), principalOf(web.user!));
    this.done(response, web, '/admin/jam-kerja', 'hoursSaved');
  }

  @Post('jam-kerja/khusus')
  @Page(ADMIN)
  async addHoursOverride(
    @Body() body: Record<string, unknown>,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.calendar.addOverride(
      { from: text(body.from), to: text(body.to), name: text(body.name), hours: overrideHoursOfForm(body) },
      principalOf(web.user!),
    );
    this.done(response, web, '/admin/jam-kerja', 'overrideAdded');
  }

  @Post('jam-kerja/khusus/:id/hapus')
  @Page(ADMIN)
  async removeHoursOverride(
    @Param('id', uuidParam('id')) id: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.calendar.removeOverride(id, principalOf(web.user!));
    this.done(response, web, '/admin/jam-kerja', 'overrideRemoved');
  }

  @Get('sop')
  @Page(ADMIN)
  async sopVersions(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const L = this.pages.labels(request.web!.language);
    await this.pages.render(request, response, 'admin-sop', L.sopVersions, {
      versions: await sopVersionRows(this.sops),
      maxBytes: DEFINITION_MAX_BYTES,
    });
  }

  /** Loads an SOP definition file as the next version (multipart: the form token rides in the query). */
  @Post('sop')
  @Page(ADMIN)
  @UseInterceptors(FileInterceptor('definition', { limits: { fileSize: DEFINITION_MAX_BYTES, files: 1 } }))
  async loadSop(
    @UploadedFile() file: { readonly originalname: string; readonly buffer: Buffer } | undefined,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    let definition: unknown;
    try {
      definition = JSON.parse(file?.buffer.toString('utf8') ?? '');
    } catch {
      throw new ValidationError([
        { field: 'definition', message: 'berkas JSON definisi SOP wajib dan harus JSON yang sah' },
      ]);
    }
    const result = await this.sops.load(definition, file!.originalname, `user:${web.user!.username}`);
    this.done(response, web, '/admin/sop', result.created ? 'sopLoaded' : 'sopUnchanged');
  }

  @Get('tugas')
  @Page(ADMIN)
  async jobRuns(
    @Query('status') statusText: string | undefined,
    @Query('halaman') page: string | undefined,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    const status = oneOf<JobRunStatus>(JOB_RUN_STATUSES, statusText, 'status');
    const format = new ReportFormatter(language, this.config.timeZone);
    const list = await this.jobs.history({ status }, pageNumber(page), LIST_PAGE_SIZE);
    await this.pages.render(request, response, 'admin-jobs', L.jobs, {
      statuses: JOB_RUN_STATUSES.map((s) => ({ value: s, label: L[`job_${s}`], selected: s === status })),
      rows: list.items.map((run) => ({
        job: run.job,
        status: L[`job_${run.status}`],
        attempt: run.attempt,
        scheduledAt: format.dateTimeOf(run.scheduledAt),
        duration: format.duration(run.durationMs),
        error: run.error ?? '',
        nextAttempt: run.nextAttemptAt ? format.dateTimeOf(run.nextAttemptAt) : '',
      })),
      pager: pager('/admin/tugas', { status }, list),
    });
  }

  @Get('surel')
  @Page(ADMIN)
  async outbox(
    @Query('status') statusText: string | undefined,
    @Query('halaman') page: string | undefined,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    const status = oneOf<OutboxStatus>(OUTBOX_STATUSES, statusText, 'status');
    const format = new ReportFormatter(language, this.config.timeZone);
    const list = await this.notifications.list({ status }, pageNumber(page), LIST_PAGE_SIZE);
    await this.pages.render(request, response, 'admin-outbox', L.outbox, {
      statuses: OUTBOX_STATUSES.map((s) => ({ value: s, label: L[`outbox_${s}`], selected: s === status })),
      rows: list.items.map((m) => ({
        id: m.id,
        subject: m.subject,
        to: m.to.join(', '),
        status: L[`outbox_${m.status}`],
        failed: m.status === 'failed',
        attempts: m.attempts,
        createdAt: format.dateTimeOf(m.createdAt.utc),
        error: m.lastError ?? '',
      })),
      pager: pager('/admin/surel', { status }, list),
    });
  }

  @Post('surel/:id/kirim-ulang')
  @Page(ADMIN)
  async retry(
    @Param('id', uuidParam('id')) id: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    await this.notifications.retry(id, principalOf(web.user!));
    this.done(response, web, '/admin/surel', 'retried');
  }

  /** Post-redirect-get with the confirmation in the person's language. */
  private done(
    response: Response,
    web: WebContext,
    to: string,
    label:
      | 'userCreated'
      | 'deactivated'
      | 'passwordReset'
      | 'holidaySaved'
      | 'holidayRemoved'
      | 'hoursSaved'
      | 'overrideAdded'
      | 'overrideRemoved'
      | 'sopLoaded'
      | 'sopUnchanged'
      | 'retried',
  ): void {
    this.pages.redirect(response, web, to, { kind: 'ok', text: this.pages.labels(web.language)[label] });
  }
}
