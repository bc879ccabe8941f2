import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { HolidayRepository, TransactionRunner } from '@mutu/db';
import { INDONESIAN_HOLIDAYS } from '@mutu/domain';
import { CalendarService } from './calendar.service';

/** The calendar starts from the shipped national holidays and cuti bersama; admin edits stay. */
@Injectable()
class SeedShippedHolidays implements OnApplicationBootstrap {
  constructor(
    private readonly holidays: HolidayRepository,
    private readonly tx: TransactionRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.tx.run(() => this.holidays.addMissing(INDONESIAN_HOLIDAYS));
  }
}

@Module({
  imports: [AuditModule],
  providers: [CalendarService, SeedShippedHolidays],
  exports: [CalendarService],
})
export class CalendarModule {}
