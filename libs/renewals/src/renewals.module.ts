import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { RenewalRepository, TransactionRunner } from '@mutu/db';
import { INDONESIAN_HOLIDAYS } from '@mutu/domain';
import { RenewalsService } from './renewals.service';

/** The office calendar starts from the shipped national holidays and cuti bersama. */
@Injectable()
class SeedShippedHolidays implements OnApplicationBootstrap {
  constructor(
    private readonly renewals: RenewalRepository,
    private readonly tx: TransactionRunner,
  ) {}

  onApplicationBootstrap(): Promise<number> {
    return this.tx.run(() => this.renewals.addMissingHolidays(INDONESIAN_HOLIDAYS));
  }
}

@Module({
  imports: [AuditModule],
  providers: [RenewalsService, SeedShippedHolidays],
  exports: [RenewalsService],
})
export class RenewalsModule {}
