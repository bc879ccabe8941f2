import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { AuditModule } from '@mutu/audit';
import { AuthModule } from '@mutu/auth';
import { CalendarModule } from '@mutu/calendar';
import { ComplianceModule } from '@mutu/compliance';
import { ConfigModule, type MutuConfig } from '@mutu/config';
import { DatabaseModule } from '@mutu/db';
import { DocumentsModule } from '@mutu/documents';
import { JobsModule } from '@mutu/jobs';
import { NotificationsModule } from '@mutu/notifications';
import { RenewalsModule } from '@mutu/renewals';
import { ReportingModule } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { CalendarController } from './calendar/calendar.controller';
import { OfficeHoursController } from './calendar/office-hours.controller';
import { DocumentsController } from './documents/documents.controller';
import { ComplianceController } from './reports/compliance.controller';
import { ReportsController } from './reports/reports.controller';
import { HealthController } from './health/health.controller';
import { JobsController } from './jobs/jobs.controller';
import { OutboxController } from './notifications/outbox.controller';
import { DomainErrorFilter } from './http/domain-error.filter';
import { logSafeUrl } from './http/log-safe-url';
import { SecretFieldsGuard } from './http/secret-fields.guard';
import { RenewalsController } from './renewals/renewals.controller';
import { SopDefinitionsController } from './sops/sop-definitions.controller';
import { SopsController } from './sops/sops.controller';
import { UsersController } from './users/users.controller';
import { WebModule } from './web/web.module';

@Module({})
export class ApiModule {
  static forRoot(config: MutuConfig, databaseUrl: string): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            // Request lines carry what identifies a request, not its headers (tokens live there).
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: logSafeUrl(req.url),
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            // The id is set by the request-id middleware in api.app.ts.
            genReqId: (req) => (req as { id?: string }).id ?? '-',
          },
        }),
        DatabaseModule.forRoot(databaseUrl, config.database),
        TerminusModule,
        SopsModule,
        ReportingModule,
        AuthModule,
        RenewalsModule,
        DocumentsModule,
        AuditModule,
        CalendarModule,
        ComplianceModule,
        JobsModule,
        NotificationsModule,
        WebModule,
      ],
      controllers: [
        HealthController,
        SopsController,
        AuthController,
        RenewalsController,
        DocumentsController,
        AuditController,
        CalendarController,
        OfficeHoursController,
        ComplianceController,
        ReportsController,
        SopDefinitionsController,
        UsersController,
        JobsController,
        OutboxController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        // Order matters: secrets are refused before anything else looks at a request.
        { provide: APP_GUARD, useClass: SecretFieldsGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
