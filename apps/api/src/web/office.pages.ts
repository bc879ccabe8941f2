import { createReadStream } from 'node:fs';
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
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';
import { ComplianceService } from '@mutu/compliance';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { isCalendarDate, monthOf, officeDate, ValidationError } from '@mutu/domain';
import { ReportFormatter, ReportingService } from '@mutu/reporting';
import { SopsService } from '@mutu/sops';
import { Public } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { uuidParam } from '../http/uuid.pipe';
import { dashboardModel } from './dashboard.view-model';
import { pager, pageNumber } from './pager';
import { sopVersionRows } from './sop-versions.view-model';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';
import { Page, Web, type WebContext, type WebRequest } from './web-request';

const OFFICE_ROLES = ['KEPALA_DINAS', 'ADMIN'] as const;
const ARCHIVE_PAGE_SIZE = 20;

/** A YYYY-MM month from a form, checked; none means this month. */
function monthField(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) && isCalendarDate(`${value}-01`)) return value;
  throw new ValidationError([{ field: 'bulan', message: 'harus bulan YYYY-MM' }], 'Bulan tidak valid');
}

/** The head of office's pages: the compliance dashboard, the reports archive and the SOP document. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller()
export class OfficePages {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly reporting: ReportingService,
    private readonly sops: SopsService,
    private readonly pages: WebPages,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  @Get('dasbor')
  @Page(OFFICE_ROLES)
  async dashboard(
    @Query('bulan') month: string | undefined,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    const dashboard = await this.compliance.dashboard(monthField(month));
    await this.pages.render(request, response, 'dashboard', L.dashboard, {
      d: dashboardModel(dashboard, language, this.config.timeZone, L),
    });
  }

  @Get('laporan')
  @Page(OFFICE_ROLES)
  async archive(
    @Query('halaman') page: string | undefined,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    const format = new ReportFormatter(language, this.config.timeZone);
    const list = await this.reporting.archived({}, pageNumber(page), ARCHIVE_PAGE_SIZE);
    const thisMonth = officeDate(this.clock.now(), this.config.timeZone).slice(0, 7);
    await this.pages.render(request, response, 'reports', L.reportsArchive, {
      month: thisMonth,
      rows: list.items.map((r) => ({
        href: `/laporan/${r.id}/unduh`,
        fileName: r.fileName,
        kind: r.kind === 'compliance' ? L.dashboard : L.sopDocument,
        format: r.format.toUpperCase(),
        period: r.period ? format.period(r.period.from, r.period.to!) : L.none,
        generatedAt: format.dateTimeOf(r.generatedAt),
        generatedBy: r.generatedBy,
        size: `${format.count(Math.ceil(r.size / 1024))} KB`,
      })),
      pager: pager('/laporan', {}, list),
    });
  }

  /** Generates a month's compliance report into the archive (PDF and/or Excel), then shows the archive. */
  @Post('laporan')
  @Page(OFFICE_ROLES)
  async generate(
    @Body() body: { bulan?: string; format?: string | string[] },
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const month = monthField(body.bulan) ?? officeDate(this.clock.now(), this.config.timeZone).slice(0, 7);
    const period = monthOf(`${month}-01`);
    const formats = [body.format ?? []].flat();
    if (!formats.length || formats.some((f) => f !== 'pdf' && f !== 'xlsx')) {
      throw new ValidationError(
        [{ field: 'format', message: 'pilih PDF dan/atau Excel' }],
        'Format tidak valid',
      );
    }
    for (const format of formats as ('pdf' | 'xlsx')[]) {
      await this.reporting.generate(
        { kind: 'compliance', format, lang: web.language, ...period },
        principalOf(web.user!),
      );
    }
    this.pages.redirect(response, web, '/laporan', {
      kind: 'ok',
      text: this.pages.labels(web.language).reportGenerated,
    });
  }

  /** An archived report's file, proven unchanged since it was generated (else the archive refuses it). */
  @Get('laporan/:id/unduh')
  @Page(OFFICE_ROLES)
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const { report, path } = await this.reporting.openArchived(id, principalOf(web.user!));
    response
      .status(200)
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('Content-Type', report.mediaType)
      .setHeader('Content-Length', String(report.size))
      .setHeader('Content-Disposition', contentDisposition(report.fileName, { type: 'attachment' }));
    createReadStream(path).pipe(response);
  }

  /** The SOP Mutu measures: every version, the one in force marked, each readable and printable. */
  @Get('dokumen-sop')
  @Page('any')
  async sopDocument(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { language } = request.web!;
    const L = this.pages.labels(language);
    await this.pages.render(request, response, 'sop-document', L.sopDocument, {
      versions: await sopVersionRows(this.sops),
    });
  }
}
