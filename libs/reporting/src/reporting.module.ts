import { Module } from '@nestjs/common';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { AuditModule } from '@mutu/audit';
import { ComplianceModule } from '@mutu/compliance';
import { SopsModule } from '@mutu/sops';
import { TemplatesModule } from '@mutu/templates';
import { browserCandidates } from './chromium.executable';
import { ChromiumRenderer } from './chromium.renderer';
import { ComplianceReports } from './compliance-report';
import { ReportArchive } from './report-archive';
import { ReportingService } from './reporting.service';

// Two pages keep both cores of a small server busy; more would only queue inside Chromium.
const RENDER_PAGES = 2;

@Module({
  imports: [SopsModule, ComplianceModule, TemplatesModule, AuditModule],
  providers: [
    {
      provide: ChromiumRenderer,
      useFactory: (config: MutuConfig) => new ChromiumRenderer(() => browserCandidates(config), RENDER_PAGES),
      inject: [MUTU_CONFIG],
    },
    ReportArchive,
    ComplianceReports,
    ReportingService,
  ],
  exports: [ReportingService],
})
export class ReportingModule {}
