import { Controller, Get, Inject, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { RENEWAL_STATUSES } from '@mutu/domain';
import { RenewalsService } from '@mutu/renewals';
import { Public } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { QueueQuery } from './renewal.forms';
import { summaryRow } from './renewal.view-model';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { STATUS_NAMES } from './web-labels';
import { WebPages } from './web-pages';
import { Page, type WebRequest } from './web-request';

/** The work queues: the verifier's, of their agencies, and BSrE's, of the renewals awaiting its check. */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller()
export class QueuePages {
  constructor(
    private readonly renewals: RenewalsService,
    private readonly pages: WebPages,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  @Get('antrian')
  @Page(['VERIFIKATOR'])
  async queue(
    @Query() query: QueueQuery,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { user, language } = request.web!;
    const L = this.pages.labels(language);
    const list = await this.renewals.list(
      {
        search: query.q,
        status: query.status,
        atRiskOnly: query.atRisk,
        breachedOnly: query.breached,
        order: query.sort,
        page: query.page,
        pageSize: query.pageSize,
      },
      principalOf(user!),
    );
    const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
    const link = (page: number) => {
      const params = new URLSearchParams({
        ...(query.q && { q: query.q }),
        ...(query.status && { status: query.status }),
        ...(query.atRisk && { atRisk: 'on' }),
        ...(query.breached && { breached: 'on' }),
        sort: query.sort,
        page: String(page),
      });
      return `/antrian?${params.toString()}`;
    };
    await this.pages.render(request, response, 'queue', L.queue, {
      rows: list.items.map((r) => summaryRow(r, language, this.config.timeZone)),
      filters: {
        q: query.q ?? '',
        atRisk: Boolean(query.atRisk),
        breached: Boolean(query.breached),
        statuses: RENEWAL_STATUSES.map((s) => ({
          value: s,
          label: STATUS_NAMES[language][s],
          selected: s === query.status,
        })),
        sorts: (['time_left', 'oldest', 'newest'] as const).map((s) => ({
          value: s,
          label: { time_left: L.sortTimeLeft, oldest: L.sortOldest, newest: L.sortNewest }[s],
          selected: s === query.sort,
        })),
      },
      total: list.total,
      page: list.page,
      pages,
      previous: list.page > 1 ? link(list.page - 1) : null,
      next: list.page < pages ? link(list.page + 1) : null,
    });
  }

  @Get('bsre')
  @Page(['BSRE'])
  async bsre(
    @Query() query: QueueQuery,
    @Req() request: WebRequest,
    @Res() response: Response,
  ): Promise<void> {
    const { user, language } = request.web!;
    const list = await this.renewals.list(
      { status: 'step3', order: 'oldest', page: query.page, pageSize: query.pageSize },
      principalOf(user!),
    );
    await this.pages.render(request, response, 'bsre-queue', this.pages.labels(language).bsreQueue, {
      rows: list.items.map((r) => summaryRow(r, language, this.config.timeZone)),
      total: list.total,
    });
  }
}
