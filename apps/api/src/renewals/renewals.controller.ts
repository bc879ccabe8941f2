import { Body, Controller, Get, HttpCode, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '@mutu/auth';
import { type RenewalCommand, type RenewalStatus, ValidationError } from '@mutu/domain';
import { RenewalsService, type RenewalView } from '@mutu/renewals';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { uuidParam } from '../http/uuid.pipe';
import {
  CancelDto,
  CorrectionDto,
  HolderInformedDto,
  OpenRenewalDto,
  RenewalListQuery,
  SubmittedToAmsDto,
  VerificationDto,
  VersionedDto,
} from './renewal.dto';
import { RenewalPageSchema, RenewalSchema } from './renewal.responses';

const ID = uuidParam('id');

@ApiTags('Permohonan pembaruan / renewals')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Kirim ulang dengan kunci sama = jawaban sama, aksi sekali',
})
@UseInterceptors(IdempotencyInterceptor)
@Controller('renewals')
export class RenewalsController {
  constructor(private readonly renewals: RenewalsService) {}

  @Post()
  @Roles('PENGGUNA', 'VERIFIKATOR')
  @ApiOperation({ summary: 'Ajukan pembaruan (langkah 1 dimulai) / open a renewal; step 1 starts now' })
  @ApiCreatedResponse({ type: RenewalSchema })
  open(@Body() body: OpenRenewalDto, @CurrentUser() user: AuthUser): Promise<RenewalView> {
    return this.renewals.open(body, principalOf(user));
  }

  @Get()
  @ApiOperation({ summary: 'Daftar permohonan dalam wewenang Anda / list renewals in your scope' })
  @ApiOkResponse({ type: RenewalPageSchema })
  list(@Query() query: RenewalListQuery, @CurrentUser() user: AuthUser) {
    if (query.step && query.status && query.status !== `step${query.step}`) {
      throw new ValidationError([{ field: 'step', message: `bertentangan dengan status=${query.status}` }]);
    }
    return this.renewals.list(
      {
        status: query.status ?? (query.step ? (`step${query.step}` as RenewalStatus) : undefined),
        agency: query.agency,
        openedFrom: query.openedFrom,
        openedTo: query.openedTo,
        breachedOnly: query.breached,
        atRiskOnly: query.atRisk,
        page: query.page,
        pageSize: query.pageSize,
      },
      principalOf(user),
    );
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Satu permohonan dengan linimasa dan SLA tiap langkah / one renewal with its timeline',
  })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiNotFoundResponse({ description: 'Tidak ada, atau di luar wewenang Anda' })
  get(@Param('id', ID) id: string, @CurrentUser() user: AuthUser): Promise<RenewalView> {
    return this.renewals.get(id, principalOf(user));
  }

  @Post(':id/documents-ready')
  @HttpCode(200)
  @Roles('PENGGUNA', 'VERIFIKATOR')
  @ApiOperation({ summary: 'Langkah 1 selesai: dokumen pendukung siap / supporting documents ready' })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiConflictResponse({ description: 'Versi usang, atau aksi tidak berlaku pada status ini' })
  documentsReady(@Param('id', ID) id: string, @Body() body: VersionedDto, @CurrentUser() user: AuthUser) {
    return this.renewals.act(id, body.version, { action: 'documents_ready' }, principalOf(user));
  }

  @Post(':id/submitted-to-ams')
  @HttpCode(200)
  @Roles('PENGGUNA', 'VERIFIKATOR')
  @ApiOperation({ summary: 'Langkah 2 selesai: diajukan di AMS, passphrase baru diatur / submitted in AMS' })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiConflictResponse({ description: 'Versi usang, atau aksi tidak berlaku pada status ini' })
  submittedToAms(
    @Param('id', ID) id: string,
    @Body() body: SubmittedToAmsDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.renewals.act(
      id,
      body.version,
      { action: 'submitted_to_ams', amsReference: body.amsReference, passphraseSet: body.passphraseSet },
      principalOf(user),
    );
  }

  @Post(':id/verification')
  @HttpCode(200)
  @Roles('BSRE', 'VERIFIKATOR')
  @ApiOperation({
    summary: 'Langkah 3: hasil pemeriksaan BSrE, lengkap (Ya) atau belum (Tidak) / BSrE verdict',
    description:
      'VERIFIKATOR hanya bila MUTU_BSRE_VERDICT_BY=VERIFIKATOR (dicatat atas informasi BSrE); selain itu 403.',
  })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiConflictResponse({ description: 'Versi usang, atau aksi tidak berlaku pada status ini' })
  verification(@Param('id', ID) id: string, @Body() body: VerificationDto, @CurrentUser() user: AuthUser) {
    const command: RenewalCommand =
      body.result === 'complete'
        ? { action: 'verification_complete' }
        : { action: 'verification_incomplete', missingItems: body.missingItems ?? [] };
    return this.renewals.act(id, body.version, command, principalOf(user));
  }

  @Post(':id/holder-informed')
  @HttpCode(200)
  @Roles('PENGGUNA', 'VERIFIKATOR')
  @ApiOperation({ summary: 'Langkah 4: pemegang menerima informasi pembaruan / holder informed' })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiConflictResponse({ description: 'Versi usang, atau aksi tidak berlaku pada status ini' })
  holderInformed(
    @Param('id', ID) id: string,
    @Body() body: HolderInformedDto,
    @CurrentUser() user: AuthUser,
  ) {
    return this.renewals.act(
      id,
      body.version,
      {
        action: 'holder_informed',
        channel: body.channel,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
      },
      principalOf(user),
    );
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('PENGGUNA', 'VERIFIKATOR', 'ADMIN')
  @ApiOperation({ summary: 'Batalkan permohonan (dengan alasan) / cancel with a reason' })
  @ApiOkResponse({ type: RenewalSchema })
  @ApiConflictResponse({ description: 'Versi usang, atau permohonan sudah selesai' })
  cancel(@Param('id', ID) id: string, @Body() body: CancelDto, @CurrentUser() user: AuthUser) {
    return this.renewals.act(id, body.version, { action: 'cancel', reason: body.reason }, principalOf(user));
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @Roles('PENGGUNA', 'VERIFIKATOR', 'BSRE', 'ADMIN')
  @ApiOperation({
    summary:
      'Catat aksi yang terjadi lebih awal (dari kertas), dengan alasan; ditandai sebagai koreksi / record an earlier action',
  })
  @ApiOkResponse({ type: RenewalSchema })
  correction(@Param('id', ID) id: string, @Body() body: CorrectionDto, @CurrentUser() user: AuthUser) {
    const command = { ...(body.details ?? {}), action: body.action } as RenewalCommand;
    return this.renewals.correct(
      id,
      body.version,
      command,
      { occurredAt: new Date(body.occurredAt), reason: body.reason },
      principalOf(user),
    );
  }
}
