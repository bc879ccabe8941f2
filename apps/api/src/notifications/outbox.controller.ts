import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { AuthUser } from '@mutu/auth';
import { OUTBOX_STATUSES, type OutboxStatus } from '@mutu/db';
import { NotificationsService, type OutboxMessageView } from '@mutu/notifications';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { OutboxMessageSchema, pageSchema } from '../http/api-schemas';
import { PageQuery } from '../http/page.query';
import { uuidParam } from '../http/uuid.pipe';

class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES, { message: `status harus salah satu dari: ${OUTBOX_STATUSES.join(', ')}` })
  status?: OutboxStatus;
}

@ApiTags('Surel keluar / outbox')
@ApiBearerAuth()
@Controller('outbox')
export class OutboxController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('ADMIN', 'KEPALA_DINAS')
  @ApiOperation({
    summary: 'Surel keluar, terbaru dulu / outgoing e-mail, newest first',
    description:
      'Penerima, subjek, templat, lampiran (nama, ukuran, SHA-256), status (pending, sent, failed), ' +
      'jumlah percobaan, galat terakhir dan jadwal percobaan berikutnya; waktu dalam UTC dan WIB.',
  })
  @ApiOkResponse({ type: pageSchema(OutboxMessageSchema, 'OutboxMessage') })
  list(@Query() query: OutboxQuery) {
    return this.notifications.list({ status: query.status }, query.page, query.pageSize);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('ADMIN')
  @ApiOperation({
    summary: 'Kirim ulang surel yang gagal / send a failed message again (ADMIN)',
    description:
      'Pesan berstatus failed kembali ke antrean dengan jatah percobaan baru; dicatat di jejak audit.',
  })
  @ApiOkResponse({ type: OutboxMessageSchema })
  retry(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: AuthUser): Promise<OutboxMessageView> {
    return this.notifications.retry(id, principalOf(user));
  }
}
