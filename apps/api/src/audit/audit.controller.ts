import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { AuditService } from '@mutu/audit';
import { Roles } from '../auth/auth.decorators';
import { AuditEventSchema, pageSchema } from '../http/api-schemas';
import { PageQuery } from '../http/page.query';
import { IsInstantField } from '../http/query-fields';

class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'renewal' }) @IsOptional() @IsString() entityType?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsString() entityId?: string;
  @ApiPropertyOptional({ example: 'verifikator.dinkes' }) @IsOptional() @IsString() actor?: string;
  @ApiPropertyOptional({ example: 'renewal.verification_incomplete' })
  @IsOptional()
  @IsString()
  action?: string;

  @ApiPropertyOptional({ description: 'Sejak (ISO-8601)', example: '2026-11-01T00:00:00+07:00' })
  @IsOptional()
  @IsInstantField('from')
  from?: string;

  @ApiPropertyOptional({ description: 'Sebelum (ISO-8601)', example: '2026-12-01T00:00:00+07:00' })
  @IsOptional()
  @IsInstantField('to')
  to?: string;
}

class ChainReportSchema {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ example: 1325 }) checkedEvents!: number;
  @ApiProperty({ example: 1325 }) lastSeq!: number;
  @ApiProperty({ nullable: true, type: Number, example: null, description: 'Nomor urut pertama yang rusak' })
  brokenAt!: number | null;
  @ApiProperty({
    nullable: true,
    enum: ['modified', 'missing', 'relinked', 'truncated', 'forged_checkpoint'],
  })
  reason!: string | null;
  @ApiProperty({ example: 'Jejak audit utuh: 1325 peristiwa, 3 checkpoint' }) message!: string;
}

@ApiTags('Jejak audit / audit trail')
@ApiBearerAuth()
@Roles('KEPALA_DINAS', 'ADMIN')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Cari peristiwa audit / search audit events, oldest first' })
  @ApiOkResponse({ type: pageSchema(AuditEventSchema, 'AuditEvent') })
  search(@Query() query: AuditQuery) {
    return this.audit.search(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actorId: query.actor,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        before: query.to ? new Date(query.to) : undefined,
      },
      query.page,
      query.pageSize,
    );
  }

  @Get('verify')
  @ApiOperation({ summary: 'Periksa rantai hash dan checkpoint bertanda tangan / verify the chain' })
  @ApiOkResponse({ type: ChainReportSchema })
  verify() {
    return this.audit.verify();
  }
}
