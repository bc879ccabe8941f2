import { createReadStream } from 'node:fs';
import {
  Body,
  Controller,
  Get,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, ValidateIf } from 'class-validator';
import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';
import type { AuthUser } from '@mutu/auth';
import { REPORT_FORMATS, REPORT_KINDS, type ReportFormat, type ReportKind, type SlaMeasure } from '@mutu/db';
import { REPORT_MEDIA_TYPES, ReportingService, type ReportRequest } from '@mutu/reporting';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { IdempotencyInterceptor } from '../http/idempotency.interceptor';
import { IsCalendarDateField, MeasureField, OptionalVersionField } from '../http/query-fields';
import { ArchivedReportSchema, pageSchema } from '../http/api-schemas';
import { PageQuery } from '../http/page.query';
import { uuidParam } from '../http/uuid.pipe';

const COMPLIANCE_FORMATS = ['pdf', 'xlsx'] as const;
const isCompliance = (body: GenerateReportDto) => body.kind === 'compliance';
const isSopDocument = (body: GenerateReportDto) => body.kind === 'sop-document';

class GenerateReportDto {
  @ApiProperty({ enum: REPORT_KINDS, example: 'compliance' })
  @IsIn(REPORT_KINDS, { message: `kind harus salah satu dari: ${REPORT_KINDS.join(', ')}` })
  kind!: ReportKind;

  @ApiPropertyOptional({ enum: COMPLIANCE_FORMATS, default: 'pdf', description: 'Untuk kind=compliance' })
  @ValidateIf(isCompliance)
  @IsOptional()
  @IsIn(COMPLIANCE_FORMATS, { message: `format harus salah satu dari: ${COMPLIANCE_FORMATS.join(', ')}` })
  format?: (typeof COMPLIANCE_FORMATS)[number];

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'en'], { message: 'lang harus id atau en' })
  lang?: 'id' | 'en';

  @ApiPropertyOptional({ description: 'Untuk kind=compliance: dibuka sejak (WIB, inklusif)', example: '2026-11-01' })
  @ValidateIf(isCompliance)
  @IsCalendarDateField('from')
  from?: string;

  @ApiPropertyOptional({ description: 'Untuk kind=compliance: sampai (WIB, inklusif)', example: '2026-11-30' })
  @ValidateIf(isCompliance)
  @IsCalendarDateField('to')
  to?: string;

  @ApiPropertyOptional({ example: 'Dinas Kesehatan' })
  @IsOptional()
  @IsString({ message: 'agency harus teks' })
  agency?: string;

  @ApiPropertyOptional({ description: 'Untuk kind=compliance: hanya permohonan di bawah versi SOP ini' })
  @OptionalVersionField('sopVersion')
  sopVersion?: number;

  @MeasureField()
  measure?: SlaMeasure;

  @ApiPropertyOptional({ description: 'Untuk kind=sop-document: kode SOP', example: 'pembaruan-sertifikat-elektronik' })
  @ValidateIf(isSopDocument)
  @IsString({ message: 'code wajib diisi untuk kind=sop-document' })
  code?: string;

  @ApiPropertyOptional({ description: 'Untuk kind=sop-document: versi (bawaan: yang berlaku hari ini)' })
  @OptionalVersionField('version')
  version?: number;
}

class ArchiveQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REPORT_KINDS })
  @IsOptional()
  @IsIn(REPORT_KINDS, { message: `kind harus salah satu dari: ${REPORT_KINDS.join(', ')}` })
  kind?: ReportKind;

  @ApiPropertyOptional({ enum: REPORT_FORMATS })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format harus salah satu dari: ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;

  @ApiPropertyOptional({ description: 'Laporan untuk periode yang tepat ini (bersama to)', example: '2026-11-01' })
  @ValidateIf((query: ArchiveQuery) => query.to !== undefined || query.from !== undefined)
  @IsCalendarDateField('from', ', bersama to')
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30' })
  @ValidateIf((query: ArchiveQuery) => query.to !== undefined || query.from !== undefined)
  @IsCalendarDateField('to', ', bersama from')
  to?: string;
}

function reportRequest(body: GenerateReportDto): ReportRequest {
  if (body.kind === 'sop-document') return { kind: 'sop-document', code: body.code!, version: body.version };
  return {
    kind: 'compliance',
    format: body.format ?? 'pdf',
    lang: body.lang,
    from: body.from!,
    to: body.to!,
    agency: body.agency,
    sopVersion: body.sopVersion,
    measure: body.measure,
  };
}

@ApiTags('Laporan / reports')
@ApiBearerAuth()
@Roles('KEPALA_DINAS', 'ADMIN')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reporting: ReportingService) {}

  @Post()
  @UseInterceptors(IdempotencyInterceptor)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Kirim ulang dengan kunci sama = jawaban sama, laporan dibuat sekali',
  })
  @ApiOperation({
    summary: 'Buat laporan dan simpan di arsip / generate a report and archive it',
    description:
      'Laporan kepatuhan (PDF atau Excel) untuk suatu periode, atau dokumen SOP (PDF). Berkas ditulis utuh ke folder ' +
      'laporan lalu dicatat: jenis, periode, parameter, format, ukuran, SHA-256, pembuat dan waktu.',
  })
  @ApiCreatedResponse({ type: ArchivedReportSchema, description: 'Catatan arsip laporan yang dibuat' })
  generate(@Body() body: GenerateReportDto, @CurrentUser() user: AuthUser) {
    return this.reporting.generate(reportRequest(body), principalOf(user));
  }

  @Get()
  @ApiOperation({ summary: 'Arsip laporan, terbaru dulu / the reports archive, newest first' })
  @ApiOkResponse({ type: pageSchema(ArchivedReportSchema, 'ArchivedReport') })
  list(@Query() query: ArchiveQuery) {
    const period = query.from && query.to ? { from: query.from, to: query.to } : undefined;
    return this.reporting.archived(
      { kind: query.kind, format: query.format, period },
      query.page,
      query.pageSize,
    );
  }

  @Get(':id/download')
  @ApiOperation({
    summary:
      'Unduh laporan dari arsip, setelah isinya dicocokkan dengan SHA-256 saat dibuat / download an archived report',
  })
  @ApiProduces(...Object.values(REPORT_MEDIA_TYPES))
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Tidak ada laporan dengan id ini' })
  async download(
    @Param('id', uuidParam('id')) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { report, path } = await this.reporting.openArchived(id, principalOf(user));
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Digest', `sha-256=${Buffer.from(report.sha256, 'hex').toString('base64')}`);
    return new StreamableFile(createReadStream(path), {
      type: report.mediaType,
      disposition: contentDisposition(report.fileName, { type: 'attachment' }),
      length: report.size,
    });
  }
}
