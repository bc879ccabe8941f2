import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { AuthUser } from '@mutu/auth';
import { ComplianceService, FIGURE_BREAKDOWNS, type FigureBreakdown } from '@mutu/compliance';
import type { SlaMeasure } from '@mutu/db';
import { SlaMeasurementsService } from '@mutu/renewals';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { ComplianceFiguresSchema, RecalculationSchema } from '../http/api-schemas';
import { IsCalendarDateField, MeasureField, OptionalVersionField } from '../http/query-fields';

class ComplianceQueryDto {
  @ApiProperty({ description: 'Permohonan dibuka sejak tanggal (WIB, inklusif)', example: '2026-11-01' })
  @IsCalendarDateField('from')
  from!: string;

  @ApiProperty({ description: 'Sampai tanggal (WIB, inklusif)', example: '2026-11-30' })
  @IsCalendarDateField('to')
  to!: string;

  @ApiPropertyOptional({ example: 'Dinas Kesehatan' })
  @IsOptional()
  @IsString()
  agency?: string;

  @ApiPropertyOptional({ description: 'Hanya permohonan di bawah versi SOP ini', example: 1 })
  @OptionalVersionField('sopVersion')
  sopVersion?: number;

  @MeasureField()
  measure?: SlaMeasure;

  @ApiPropertyOptional({
    type: String,
    description:
      `Rincian yang dihitung, dipisah koma: ${FIGURE_BREAKDOWNS.join(', ')}; bawaan semuanya, kosong hanya ` +
      'ringkasan dan per langkah / breakdowns to compute, comma-separated; default all, empty: headline and steps only',
    example: 'agencies,months',
  })
  @IsOptional()
  // "a,b" and repeated parameters alike; anything else (an object) fails IsArray below.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' || Array.isArray(value)
      ? [value].flat().flatMap((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : [v]))
      : value,
  )
  @IsArray({ message: 'include harus daftar dipisah koma' })
  @IsIn([...FIGURE_BREAKDOWNS], { each: true, message: `include hanya boleh ${FIGURE_BREAKDOWNS.join(', ')}` })
  include?: FigureBreakdown[];
}

class RecalculationDto {
  @ApiProperty({ description: 'Permohonan dibuka sejak tanggal (WIB, inklusif)', example: '2026-12-01' })
  @IsCalendarDateField('from')
  from!: string;

  @ApiProperty({ description: 'Sampai tanggal (WIB, inklusif)', example: '2026-12-31' })
  @IsCalendarDateField('to')
  to!: string;

  @ApiProperty({ example: '31 Desember 2026 ditetapkan cuti bersama (SKB 3 Menteri)' })
  @IsString({ message: 'reason harus teks' })
  @MinLength(1, { message: 'reason wajib diisi' })
  @MaxLength(500, { message: 'reason paling panjang 500 karakter' })
  reason!: string;
}

@ApiTags('Laporan / reports')
@ApiBearerAuth()
@Roles('KEPALA_DINAS', 'ADMIN')
@Controller('reports')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly measurements: SlaMeasurementsService,
  ) {}

  @Get('compliance')
  @ApiOperation({
    summary:
      'Angka kepatuhan mutu baku untuk permohonan yang dibuka dalam periode / compliance figures for renewals opened in a period',
    description:
      'Per langkah: jumlah, porsi dalam standar, median, p90, maks, pelanggaran, berisiko sekarang; waktu tunggu ujung ke ujung; ' +
      'pengerjaan ulang; waktu yang dipegang tiap pelaksana; per OPD; tren bulanan (WIB); kasus terburuk. Durasi dalam milidetik.',
  })
  @ApiOkResponse({ type: ComplianceFiguresSchema })
  figures(@Query() query: ComplianceQueryDto) {
    return this.compliance.figures(query, undefined, query.include);
  }

  @Post('compliance/recalculations')
  @Roles('ADMIN')
  @ApiOperation({
    summary:
      'Hitung ulang mutu baku langkah selesai suatu periode dengan kalender hari ini / recalculate a period (ADMIN)',
    description:
      'Setiap langkah selesai dari permohonan yang dibuka dalam periode diukur ulang (tenggat ditetapkan ulang dengan ' +
      'kalender kantor saat ini) dan disimpan di samping hasil ukur semula, yang tidak berubah. Tercatat di jejak audit. ' +
      'Angka "sebagaimana dihitung ulang": GET /reports/compliance?measure=recalculated.',
  })
  @ApiCreatedResponse({
    type: RecalculationSchema,
    description: 'Penghitungan ulang: siapa, kapan, mengapa, berapa langkah',
  })
  recalculate(@Body() body: RecalculationDto, @CurrentUser() user: AuthUser) {
    return this.measurements.recalculate(body, principalOf(user));
  }
}
