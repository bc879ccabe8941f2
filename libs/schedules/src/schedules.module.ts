import { Module } from '@nestjs/common';
import { CalendarModule } from '@mutu/calendar';
import { ComplianceModule } from '@mutu/compliance';
import { NotificationsModule } from '@mutu/notifications';
import { ReportingModule } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';
import { SchedulesService } from './schedules.service';

@Module({
  imports: [ReportingModule, ComplianceModule, NotificationsModule, SopsModule, CalendarModule],
  providers: [SchedulesService],
  exports: [SchedulesService],
})
export class SchedulesModule {}
