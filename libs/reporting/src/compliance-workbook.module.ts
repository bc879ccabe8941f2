import { type DynamicModule, Module } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { CalendarService } from '@mutu/calendar';
import { ComplianceService } from '@mutu/compliance';
import { ConfigModule, type MutuConfig, SettableClock } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { ComplianceWorkbookExport } from './compliance-workbook.export';

/**
 * What the workbook process boots, and nothing more: the configuration, the database, the
 * compliance reads and the writer. No Chromium, templates, web, auth or notifications. The
 * services are provided here rather than through ComplianceModule and CalendarModule, whose
 * boot work (migrations, seeding the shipped holidays) the application that started this
 * process has done already.
 */
@Module({})
export class ComplianceWorkbookModule {
  /** `now`: the moment the export is judged at, the starting application's, for the whole run. */
  static forRoot(config: MutuConfig, databaseUrl: string, now: Date): DynamicModule {
    return {
      module: ComplianceWorkbookModule,
      imports: [
        ConfigModule.forRoot(config, new SettableClock(now)),
        DatabaseModule.forRoot(databaseUrl, config.database, { migrate: false, keep: false }),
      ],
      providers: [AuditService, CalendarService, ComplianceService, ComplianceWorkbookExport],
    };
  }
}
