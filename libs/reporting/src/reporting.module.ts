import { Logger, Module } from '@nestjs/common';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { AuditModule } from '@mutu/audit';
import { ComplianceModule } from '@mutu/compliance';
import { SopsModule } from '@mutu/sops';
import { TemplatesModule } from '@mutu/templates';
import { browserCandidates, type ChromiumProcess, ChromiumRenderer } from '@mutu/chromium';
import { ComplianceReports } from './compliance-report';
import { WorkbookProcess } from './compliance-workbook.process';
import { ReportArchive } from './report-archive';
import { ReportingService } from './reporting.service';

// Two pages keep both cores of a small server busy; more would only queue inside Chromium.
const RENDER_PAGES = 2;

/**
 * The renderer of Mutu's documents, for the configured Chromium or the one `started` already;
 * `documents`: how many it will print, when known (see ChromiumRenderer).
 */
export function chromiumRenderer(
  config: MutuConfig,
  started?: ChromiumProcess,
  documents?: number,
): ChromiumRenderer {
  return new ChromiumRenderer(() => browserCandidates(config), RENDER_PAGES, {
    started,
    documents,
    logger: new Logger('Chromium'),
  });
}

/**
 * Injection token of a renderer made before the application (see chromiumRenderer): a process
 * that knows it will print, such as the CLI's `report`, starts Chromium while the application
 * boots and provides it here; ReportingModule then uses it instead of making its own.
 */
export const STARTED_RENDERER = Symbol('STARTED_RENDERER');

@Module({
  imports: [SopsModule, ComplianceModule, TemplatesModule, AuditModule],
  providers: [
    {
      provide: ChromiumRenderer,
      useFactory: (config: MutuConfig, started?: ChromiumRenderer) => started ?? chromiumRenderer(config),
      inject: [MUTU_CONFIG, { token: STARTED_RENDERER, optional: true }],
    },
    ReportArchive,
    ComplianceReports,
    WorkbookProcess,
    ReportingService,
  ],
  exports: [ReportingService],
})
export class ReportingModule {}
