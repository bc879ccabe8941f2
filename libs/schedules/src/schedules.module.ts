import { Module } from '@nestjs/common';
import { CalendarModule } from '@mutu/calendar';
import { ComplianceModule } from '@mutu/compliance';
import { NotificationsModule } from '@mutu/notifications';
import { ReportingModule } from '@mutu/reporting';
import { RenewalsModule } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { SchedulesService } from './schedules.service';

@Module({
  // RenewalsModule: a worker started alone measures steps that ended before measurements were stored.
  imports: [
    ReportingModule,
    ComplianceModule,
    NotificationsModule,
    SopsModule,
    CalendarModule,
    RenewalsModule,
  ],
  providers: [SchedulesService],
  exports: [SchedulesService],
})
export class SchedulesModule {}
