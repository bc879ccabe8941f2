import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UploadedFile,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { DocumentsService } from '@mutu/documents';
import {
  ACCEPTED_DOCUMENT_TYPES,
  mayUploadDocuments,
  officeMidnight,
  type RenewalCommand,
  type RenewalStatus,
  ValidationError,
} from '@mutu/domain';
import { RenewalsService } from '@mutu/renewals';
import { Public } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { DocumentUploadInterceptor } from '../documents/document-upload.interceptor';
import { OpenRenewalForm, RenewalActionForm, UploadForm } from './renewal.forms';
import { renewalPage, summaryRow } from './renewal.view-model';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';
import { Page, Web, type WebContext, type WebRequest } from './web-request';

/** "2026-11-24T09:30" typed in WIB (a datetime-local field) as an instant. */
function officeLocalTime(value: string, timeZone: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) {
    throw new ValidationError([
      { field: 'occurredAt', message: 'harus tanggal dan jam, mis. 2026-11-24 09:30' },
    ]);
  }
  return new Date(
    officeMidnight(match[1], timeZone).getTime() + (Number(match[2]) * 60 + Number(match[3])) * 60_000,
  );
}

/** What multer's memory storage hands over for the file. */
interface UploadedBytes {
  readonly buffer: Buffer;
  readonly originalname: string;
}

/**
 * The holder's "Permohonan saya", opening a renewal, and the renewal page with its timeline,
 * checklist, uploads and the action forms, over RenewalsService and DocumentsService. Scope is
 * theirs: a renewal outside it is a 404 page.
 */
@ApiExcludeController()
@Public()
@UseGuards(WebGuard)
@UseFilters(WebErrorFilter)
@Controller('permohonan')
export class RenewalPages {
  constructor(
    private readonly renewals: RenewalsService,
    private readonly documents: DocumentsService,
    private readonly pages: WebPages,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  @Get()
  @Page(['PENGGUNA'])
  async mine(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { user, language } = request.web!;
    const list = await this.renewals.list({ page: 1, pageSize: 100, order: 'newest' }, principalOf(user!));
    await this.pages.render(request, response, 'my-renewals', this.pages.labels(language).myRenewals, {
      rows: list.items.map((r) => summaryRow(r, language, this.config.timeZone)),
    });
  }

  @Get('baru')
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  async newRenewal(@Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { user, language } = request.web!;
    const L = this.pages.labels(language);
    await this.pages.render(
      request,
      response,
      'new-renewal',
      user!.role === 'PENGGUNA' ? L.newRenewal : L.openFor,
      {
        ownNip: user!.role === 'PENGGUNA' ? user!.holderNip : null,
        ownName: user!.role === 'PENGGUNA' ? user!.displayName : '',
        ownEmail: user!.role === 'PENGGUNA' ? (user!.email ?? '') : '',
        agencies: user!.agencies,
      },
    );
  }

  @Post()
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  async open(
    @Body() form: OpenRenewalForm,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const { _csrf, _back, ...input } = form;
    const renewal = await this.renewals.open(input, principalOf(web.user!));
    this.pages.redirect(response, web, `/permohonan/${renewal.id}`, {
      kind: 'ok',
      text: this.pages.labels(web.language).done,
    });
  }

  @Get(':id')
  @Page('any')
  async show(@Param('id') id: string, @Req() request: WebRequest, @Res() response: Response): Promise<void> {
    const { user, language } = request.web!;
    const principal = principalOf(user!);
    const renewal = await this.renewals.get(id, principal);
    const status = renewal.status as RenewalStatus;
    const L = this.pages.labels(language);
    await this.pages.render(request, response, 'renewal', `${L.renewalOf}: ${renewal.holder.name}`, {
      renewal: renewalPage(
        renewal,
        this.renewals.actionsFor(status, principal),
        mayUploadDocuments(status, user!.role),
        language,
        this.config.timeZone,
      ),
      relaysVerdict: user!.role === 'VERIFIKATOR',
      mayCorrect: user!.role !== 'PENGGUNA',
      maxUpload: this.config.documentMaxBytes,
      maxUploadText: `${Math.round(this.config.documentMaxBytes / 1_048_576)} MB`,
      acceptTypes: ACCEPTED_DOCUMENT_TYPES.map((t) => t.mediaType).join(','),
    });
  }

  @Post(':id/dokumen')
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  @UseInterceptors(DocumentUploadInterceptor)
  async upload(
    @Param('id') id: string,
    @UploadedFile() file: UploadedBytes | undefined,
    @Body() form: UploadForm,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    if (!file) throw new ValidationError([{ field: 'file', message: 'pilih berkas yang akan diunggah' }]);
    await this.documents.upload(
      id,
      { item: form.item, bytes: file.buffer, fileName: file.originalname },
      principalOf(web.user!),
    );
    this.pages.redirect(response, web, `/permohonan/${id}`, {
      kind: 'ok',
      text: this.pages.labels(web.language).uploaded,
    });
  }

  @Get(':id/dokumen/:documentId')
  @Page('any')
  async download(
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Web() web: WebContext,
    @Res() response: Response,
  ): Promise<void> {
    const { document, bytes, fileName } = await this.documents.download(
      id,
      documentId,
      principalOf(web.user!),
    );
    // As the API serves it: saved, never rendered here.
    response
      .setHeader('Content-Security-Policy', "default-src 'none'; sandbox")
      .setHeader('Cache-Control', 'private, no-store')
      .setHeader('Content-Disposition', contentDisposition(fileName, { type: 'attachment' }))
      .type(document.mediaType)
      .send(bytes);
  }

  @Post(':id/dokumen-siap')
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  documentsReady(
    @Param('id') id: string,
    @Body() form: RenewalActionForm,
    @Web() web: WebContext,
    @Res() res: Response,
  ) {
    return this.act(id, form, { action: 'documents_ready' }, web, res);
  }

  @Post(':id/diajukan')
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  submitted(
    @Param('id') id: string,
    @Body() form: RenewalActionForm,
    @Web() web: WebContext,
    @Res() res: Response,
  ) {
    const command = {
      action: 'submitted_to_ams',
      amsReference: form.amsReference ?? '',
      passphraseSet: form.passphraseSet !== undefined,
    } as const;
    return this.act(id, form, command, web, res);
  }

  /** BSrE's verdict, Ya or Tidak; a verifier may relay it where MUTU_BSRE_VERDICT_BY=VERIFIKATOR. */
  @Post(':id/verifikasi')
  @Page(['BSRE', 'VERIFIKATOR'])
  verification(
    @Param('id') id: string,
    @Body() form: RenewalActionForm,
    @Web() web: WebContext,
    @Res() res: Response,
  ) {
    if (!form.result) throw new ValidationError([{ field: 'result', message: 'pilih Ya atau Tidak' }]);
    const command: RenewalCommand =
      form.result === 'complete'
        ? { action: 'verification_complete' }
        : { action: 'verification_incomplete', missingItems: form.missingItems ?? [] };
    return this.act(id, form, command, web, res);
  }

  @Post(':id/diberitahukan')
  @Page(['PENGGUNA', 'VERIFIKATOR'])
  holderInformed(
    @Param('id') id: string,
    @Body() form: RenewalActionForm,
    @Web() web: WebContext,
    @Res() res: Response,
  ) {
    const command = {
      action: 'holder_informed',
      channel: form.channel as 'AMS' | 'EMAIL',
      validFrom: form.validFrom ?? '',
      validUntil: form.validUntil ?? '',
    } as const;
    return this.act(id, form, command, web, res);
  }

  @Post(':id/batal')
  @Page(['PENGGUNA', 'VERIFIKATOR', 'ADMIN'])
  cancel(
    @Param('id') id: string,
    @Body() form: RenewalActionForm,
    @Web() web: WebContext,
    @Res() res: Response,
  ) {
    return this.act(id, form, { action: 'cancel', reason: form.reason ?? '' }, web, res);
  }

  /**
   * Applies an action at the version the form was shown at; with a time filled in, as a
   * correction of something that happened earlier on paper (the reason is then required).
   */
  private async act(
    id: string,
    form: RenewalActionForm,
    command: RenewalCommand,
    web: WebContext,
    response: Response,
  ): Promise<void> {
    const principal = principalOf(web.user!);
    if (form.occurredAt?.trim()) {
      await this.renewals.correct(
        id,
        form.version,
        command,
        {
          occurredAt: officeLocalTime(form.occurredAt, this.config.timeZone),
          reason: form.correctionReason ?? '',
        },
        principal,
      );
    } else {
      await this.renewals.act(id, form.version, command, principal);
    }
    this.pages.redirect(response, web, `/permohonan/${id}`, {
      kind: 'ok',
      text: this.pages.labels(web.language).done,
    });
  }
}
