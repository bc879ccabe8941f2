import { Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AuthModule, AuthService, SETUP_CODE_FILE } from '@mutu/auth';
import { CalendarModule } from '@mutu/calendar';
import { ComplianceModule } from '@mutu/compliance';
import { JobsModule } from '@mutu/jobs';
import { NotificationsModule } from '@mutu/notifications';
import { ReportingModule } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';
import { DocumentsModule } from '@mutu/documents';
import { RenewalsModule } from '@mutu/renewals';
import { TemplatesModule } from '@mutu/templates';
import { AdminPages } from './admin.pages';
import { AssetPages } from './asset.pages';
import { OfficePages } from './office.pages';
import { QueuePages } from './queue.pages';
import { RenewalPages } from './renewal.pages';
import { SessionPages } from './session.pages';
import { WebGuard } from './web.guard';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';

/**
 * On a fresh install (no admin yet) the server log tells whoever started it how to get in:
 * open the site, which leads to /setup, and type the code kept in the data folder.
 */
@Injectable()
class FirstRunNotice implements OnApplicationBootstrap {
  private readonly logger = new Logger('Penyiapan');

  constructor(private readonly auth: AuthService) {}

  async onApplicationBootstrap(): Promise<void> {
    const code = await this.auth.firstRunCode();
    if (code) {
      this.logger.warn(
        `Belum ada admin. Buka Mutu di peramban, lalu masukkan kode penyiapan ${code} ` +
          `(juga di <folder data>/${SETUP_CODE_FILE}) / no admin yet: open Mutu in a browser and enter this setup code`,
      );
    }
  }
}

/** The server-rendered pages over the services, for people; the REST API stays for integrations. */
@Module({
  imports: [
    AuthModule,
    RenewalsModule,
    DocumentsModule,
    TemplatesModule,
    ComplianceModule,
    ReportingModule,
    SopsModule,
    CalendarModule,
    JobsModule,
    NotificationsModule,
  ],
  controllers: [SessionPages, AssetPages, RenewalPages, QueuePages, OfficePages, AdminPages],
  providers: [WebPages, WebGuard, WebErrorFilter, FirstRunNotice],
})
export class WebModule {}
