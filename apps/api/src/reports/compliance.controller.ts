import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ComplianceService } from '@mutu/compliance';
import { Roles } from '../auth/auth.decorators';
import { ComplianceFiguresSchema } from '../http/api-schemas';
import { IsCalendarDateField, OptionalVersionField } from '../http/query-fields';

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
}

@ApiTags('Laporan / reports')
@ApiBearerAuth()
@Roles('KEPALA_DINAS', 'ADMIN')
@Controller('reports')
export class ComplianceController {
  constructor(private readonly compliance: ComplianceService) {}

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
    return this.compliance.figures(query);
  }
}
