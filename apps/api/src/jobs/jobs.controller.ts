import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { JOB_RUN_STATUSES, type JobRunStatus } from '@mutu/domain';
import { JobsService } from '@mutu/jobs';
import { Roles } from '../auth/auth.decorators';
import { JobRunSchema, pageSchema } from '../http/api-schemas';
import { PageQuery } from '../http/page.query';

class JobsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'audit-checkpoint' }) @IsOptional() @IsString() job?: string;

  @ApiPropertyOptional({ enum: JOB_RUN_STATUSES })
  @IsOptional()
  @IsIn(JOB_RUN_STATUSES, { message: `status harus salah satu dari: ${JOB_RUN_STATUSES.join(', ')}` })
  status?: JobRunStatus;
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
  @ApiOkResponse({ type: pageSchema(JobRunSchema, 'JobRun') })
  history(@Query() query: JobsQuery) {
    return this.jobs.history({ job: query.job, status: query.status }, query.page, query.pageSize);
  }
}
