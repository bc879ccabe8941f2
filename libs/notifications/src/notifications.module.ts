import { Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { TemplatesModule } from '@mutu/templates';
import { MailTransport } from './mail.transport';
import { NotificationsService } from './notifications.service';

@Module({
  imports: [AuditModule, TemplatesModule],
  providers: [NotificationsService, MailTransport],
  exports: [NotificationsService],
})
export class NotificationsModule {}
