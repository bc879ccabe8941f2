import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { AuthModule } from '@mutu/auth';
import { CalendarModule } from '@mutu/calendar';
import { type Clock, ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { DocumentsModule } from '@mutu/documents';
import { RenewalsModule } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { ReportingModule } from '@mutu/reporting';

@Module({})
export class CliModule {
  /** `clock` replaces the system clock, for commands that record a made-up past (`demo`). */
  static forRoot(config: MutuConfig, databaseUrl: string, clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config, clock),
        DatabaseModule.forRoot(databaseUrl, config.database),
        SopsModule,
        RenewalsModule,
        DocumentsModule,
        AuthModule,
        AuditModule,
        CalendarModule,
        ReportingModule,
      ],
    };
  }
}
