import { Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { CalendarModule } from '@mutu/calendar';
import { NotificationsModule } from '@mutu/notifications';
import { RenewalsService } from './renewals.service';

@Module({
  imports: [AuditModule, CalendarModule, NotificationsModule],
  providers: [RenewalsService],
  exports: [RenewalsService],
})
export class RenewalsModule {}
