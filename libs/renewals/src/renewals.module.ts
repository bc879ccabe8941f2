import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { CalendarModule } from '@mutu/calendar';
import { NotificationsModule } from '@mutu/notifications';
import { RenewalsService } from './renewals.service';
import { SlaMeasurementsService } from './sla-measurements.service';

/** Steps that ended before measurements were stored are measured once, before anything reads them. */
@Injectable()
class MeasureEndedSteps implements OnApplicationBootstrap {
  constructor(private readonly measurements: SlaMeasurementsService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.measurements.measureUnmeasured();
  }
}

@Module({
  imports: [AuditModule, CalendarModule, NotificationsModule],
  providers: [RenewalsService, SlaMeasurementsService, MeasureEndedSteps],
  exports: [RenewalsService, SlaMeasurementsService],
})
export class RenewalsModule {}
