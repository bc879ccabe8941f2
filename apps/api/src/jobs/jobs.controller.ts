import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { JOB_RUN_STATUSES, type JobRunStatus } from '@mutu/domain';
import { JobsService } from '@mutu/jobs';
import { Roles } from '../auth/auth.decorators';

class JobsQuery {
  @ApiPropertyOptional({ example: 'audit-checkpoint' }) @IsOptional() @IsString() job?: string;

  @ApiPropertyOptional({ enum: JOB_RUN_STATUSES })
  @IsOptional()
  @IsIn(JOB_RUN_STATUSES, { message: `status harus salah satu dari: ${JOB_RUN_STATUSES.join(', ')}` })
  status?: JobRunStatus;

  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) page: number = 1;
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}

@ApiTags('Tugas terjadwal / scheduled jobs')
@ApiBearerAuth()
@Roles('ADMIN', 'KEPALA_DINAS')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({
    summary: 'Riwayat tugas terjadwal, terbaru dulu / scheduled job runs, newest first',
    description:
      'Status, waktu terjadwal, mulai, durasi (ms), percobaan dan pesan galat. Disaring menurut tugas dan status.',
  })
  history(@Query() query: JobsQuery) {
    return this.jobs.history({ job: query.job, status: query.status }, query.page, query.pageSize);
  }
}
