import { Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { CalendarModule } from '@mutu/calendar';
import { RenewalsService } from './renewals.service';

@Module({
  imports: [AuditModule, CalendarModule],
  providers: [RenewalsService],
  exports: [RenewalsService],
})
export class RenewalsModule {}
