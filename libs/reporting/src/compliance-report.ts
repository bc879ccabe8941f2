import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { type ComplianceFigures, type ComplianceQuery, ComplianceService } from '@mutu/compliance';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { ComplianceExportRepository, UserRepository } from '@mutu/db';
import { RENEWAL_SOP_CODE } from '@mutu/renewals';
import { SopsService } from '@mutu/sops';
import { DocumentTemplates } from '@mutu/templates';
import { a4WithHeaderFooter, ChromiumRenderer } from '@mutu/chromium';
import type { ReportLang } from './compliance-report.labels';
import {
  type ComplianceReportInput,
  type ComplianceReportModel,
  complianceReportFileName,
  complianceReportModel,
  generatedByName,
  REPORT_BREACH_ROWS,
  REPORT_MARGINS_MM,
} from './compliance-report.model';

export interface ComplianceReportOptions {
  readonly lang: ReportLang;
  /** Who asked for it: an actor id (user name, "cli:<name>" or "system:<job>"); printed by generatedByName. */
  readonly generatedBy: string;
}

export interface ComplianceReportSnapshot {
  readonly figures: ComplianceFigures;
  readonly auditHead: { readonly seq: number; readonly hash: string };
}

/**
 * The compliance report for the head of office: every figure it prints read from one snapshot
 * of the database (the same figures the JSON and the Excel workbook give), printed by Chromium.
 */
@Injectable()
export class ComplianceReports {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly exports: ComplianceExportRepository,
    private readonly sops: SopsService,
    private readonly audit: AuditService,
    private readonly templates: DocumentTemplates,
    private readonly renderer: ChromiumRenderer,
    private readonly clock: Clock,
    private readonly users: UserRepository,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /** The configured arms as a data: URI (checked at boot to be a PNG or SVG file); null when unset. */
  private async letterheadLogo(): Promise<string | null> {
    const path = this.config.office.letterheadLogo;
    if (!path) return null;
    const type = extname(path).toLowerCase() === '.svg' ? 'image/svg+xml' : 'image/png';
    return `data:${type};base64,${(await readFile(path)).toString('base64')}`;
  }

  /** The display name of the account behind an actor id ("budi" or "cli:budi"), if there is one. */
  private async displayNameOf(actorId: string): Promise<string | null> {
    const username = actorId.startsWith('cli:') ? actorId.slice(4) : actorId;
    if (username.includes(':')) return null;
    return (await this.users.findByUsername(username))?.displayName ?? null;
  }

  async html(
    query: ComplianceQuery,
    options: ComplianceReportOptions,
  ): Promise<ComplianceReportSnapshot & { html: string }> {
    const input = await this.snapshot(query, options);
    const model = complianceReportModel(input);
    return { html: await this.page(model), figures: input.figures, auditHead: input.auditHead };
  }

  async pdf(
    query: ComplianceQuery,
    options: ComplianceReportOptions,
  ): Promise<ComplianceReportSnapshot & { fileName: string; content: Uint8Array; html: string }> {
    const input = await this.snapshot(query, options);
    const model = complianceReportModel(input);
    const [html, headerTemplate, footerTemplate] = await Promise.all([
      this.page(model),
      this.templates.render('compliance/compliance-report.header', model),
      this.templates.render('compliance/compliance-report.footer', model),
    ]);
    const content = await this.renderer.pdf(
      html,
      a4WithHeaderFooter({ headerTemplate, footerTemplate, marginsMm: REPORT_MARGINS_MM }),
    );
    return {
      fileName: complianceReportFileName(input.figures.period, options.lang, 'pdf'),
      content,
      html,
      figures: input.figures,
      auditHead: input.auditHead,
    };
  }

  private async page(model: ComplianceReportModel): Promise<string> {
    return this.templates.render('compliance/compliance-report', {
      ...model,
      styles: await this.templates.stylesheet('compliance/compliance-report'),
    });
  }

  /**
   * Everything the report shows, judged at one moment and read from one snapshot of the database
   * on several connections at once, the counts that do not depend on that moment as kept since
   * the last write heard (ComplianceService.overview): the period's figures, the previous
   * period's, the trend, and beside them the rest (SOP, breach list, audit head, who asked).
   */
  private async snapshot(
    query: ComplianceQuery,
    options: ComplianceReportOptions,
  ): Promise<ComplianceReportInput> {
    const [letterheadLogo, { figures, previous, trend, beside }] = await Promise.all([
      this.letterheadLogo(),
      this.compliance.overview(query, async (scope) => {
        const inScope = await this.exports.sopVersions(scope);
        return {
          sop: await this.sops.get(RENEWAL_SOP_CODE, query.sopVersion ?? inScope.at(-1)?.version),
          breaches: await this.compliance.firstStepRows(scope, REPORT_BREACH_ROWS, true),
          auditHead: await this.audit.head(),
          displayName: await this.displayNameOf(options.generatedBy),
        };
      }),
    ]);
    const { displayName, ...read } = beside;
    return {
      figures,
      previous,
      trend,
      ...read,
      generatedAt: this.clock.now(),
      generatedBy: generatedByName(options.generatedBy, displayName, options.lang),
      lang: options.lang,
      letterheadLogo,
      office: this.config.office,
    };
  }
}
