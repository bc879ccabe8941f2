import { writeFile } from 'node:fs/promises';
import { Injectable, Logger } from '@nestjs/common';
import { type ComplianceQuery, ComplianceService } from '@mutu/compliance';
import { writeFileAtomically } from '@mutu/config';
import type { ArchiveFilter } from '@mutu/db';
import { SopsService, type SopVersionView } from '@mutu/sops';
import { DocumentTemplates } from '@mutu/templates';
import { type WorkbookRun, WorkbookProcess } from './compliance-workbook.process';
import type { ComplianceWorkbookOptions } from './compliance-workbook.writer';
import { a4WithHeaderFooter, ChromiumRenderer } from '@mutu/chromium';
import {
  type ComplianceReportOptions,
  type ComplianceReportSnapshot,
  ComplianceReports,
} from './compliance-report';
import { complianceReportFileName } from './compliance-report.model';
import { type Actor, type ArchivedReportView, ReportArchive } from './report-archive';
import { PAGE_MARGINS_MM, sopDocumentModel } from './sop-document.model';

/** What `POST /reports` and the CLI can generate. */
export type ReportRequest =
  | (ComplianceQuery & {
      readonly kind: 'compliance';
      readonly format: 'pdf' | 'xlsx';
      readonly lang?: 'id' | 'en';
    })
  | { readonly kind: 'sop-document'; readonly code: string; readonly version?: number };

export interface RenderedDocument {
  readonly fileName: string;
  readonly content: Uint8Array;
  /** The HTML it was printed from. */
  readonly html: string;
}

/** Documents made from Mutu's records: HTML to preview, PDF to print and file. */
@Injectable()
export class ReportingService {
  private readonly logger = new Logger('ReportingService');

  constructor(
    private readonly sops: SopsService,
    private readonly templates: DocumentTemplates,
    private readonly renderer: ChromiumRenderer,
    private readonly compliance: ComplianceService,
    private readonly workbooks: WorkbookProcess,
    private readonly archive: ReportArchive,
    private readonly complianceReports: ComplianceReports,
  ) {}

  /**
   * Generates a report and files it in the archive: the file complete in the reports folder,
   * then its record and audit event. `progress` follows a workbook export row by row. A compliance
   * report of a period not begun or of an unknown agency is refused (ValidationError) before
   * anything is written: it could only be empty.
   */
  async generate(
    request: ReportRequest,
    actor: Actor,
    progress: Pick<ComplianceWorkbookOptions, 'onTotal' | 'onProgress'> = {},
  ): Promise<ArchivedReportView> {
    if (request.kind === 'sop-document') {
      return this.archive.store(
        {
          kind: 'sop-document',
          format: 'pdf',
          lang: 'id',
          periodFrom: null,
          periodTo: null,
          parameters: { code: request.code, version: request.version ?? null },
          fileName: `sop-${request.code}${request.version ? `-v${request.version}` : ''}.pdf`,
        },
        async (path) => writeFile(path, (await this.sopDocumentPdf(request.code, request.version)).content),
        actor,
      );
    }
    const { format, lang = 'id', ...query } = request;
    this.compliance.scope(query);
    await this.compliance.assertKnownAgency(query);
    return this.archive.store(
      {
        kind: 'compliance',
        format,
        lang,
        periodFrom: query.from,
        periodTo: query.to,
        parameters: {
          agency: query.agency ?? null,
          sopVersion: query.sopVersion ?? null,
          measure: query.measure ?? 'measured',
        },
        fileName: complianceReportFileName(query, lang, format),
      },
      format === 'xlsx'
        ? (path) => this.writeComplianceWorkbook(query, path, progress)
        : async (path) => {
            const report = await this.complianceReportPdf(query, { lang, generatedBy: actor.id });
            await writeFile(path, report.content);
            return { auditHead: report.auditHead.hash };
          },
      actor,
    );
  }

  /** Starts Chromium in the background, so the first PDF after a (cold) start does not wait for it. */
  warmUpRenderer(): void {
    this.renderer.warmUp();
  }

  archived(filter: ArchiveFilter, page: number, pageSize: number) {
    return this.archive.list(filter, page, pageSize);
  }

  /** An archived report's file, proven unchanged since it was generated. */
  openArchived(id: string, actor: Actor) {
    return this.archive.open(id, actor);
  }

  /**
   * The compliance workbook of a period (Excel) for the manual archive, written to `path` by the
   * workbook process (WorkbookProcess): first to a temporary file beside it, renamed into place
   * only when complete, so the archive never holds half a workbook. Figures and rows come from
   * one snapshot of the database. Rejects with ValidationError for a period that cannot be
   * (before any process starts), with the write's error when writing fails. Resolves to what the
   * process measured of its run (rows written, times, peak memory), also logged.
   */
  async writeComplianceWorkbook(
    query: ComplianceQuery,
    path: string,
    options: ComplianceWorkbookOptions = {},
  ): Promise<WorkbookRun> {
    this.compliance.scope(query);
    const run = await writeFileAtomically(path, (partial) => this.workbooks.run(query, partial, options));
    this.logger.log(
      {
        rows: run.rows,
        bootMs: Math.round(run.bootMs),
        exportMs: Math.round(run.exportMs),
        peakRssMiB: Math.round(run.peakRssBytes / 1_048_576),
      },
      'Ekspor Excel selesai / workbook written',
    );
    return run;
  }

  /**
   * The compliance report of a period for the head of office, as PDF: A4 portrait, the SOP number
   * and "Halaman X dari Y" on every page. Returned with the figures it prints (the same the JSON
   * and the workbook give) and the audit chain's head when its data was read.
   */
  complianceReportPdf(
    query: ComplianceQuery,
    options: ComplianceReportOptions,
  ): Promise<RenderedDocument & ComplianceReportSnapshot> {
    return this.complianceReports.pdf(query, options);
  }

  /** The compliance report as the HTML it is printed from, to preview. */
  complianceReportHtml(
    query: ComplianceQuery,
    options: ComplianceReportOptions,
  ): Promise<ComplianceReportSnapshot & { html: string }> {
    return this.complianceReports.html(query, options);
  }

  /** The SOP document of a version (default: the one in force today), as the HTML it is printed from. */
  async sopDocumentHtml(code: string, version?: number): Promise<string> {
    return this.sopHtml(await this.sops.get(code, version));
  }

  /** The SOP document as PDF: A4 landscape, its number and "Halaman X dari Y" on every page. */
  async sopDocumentPdf(code: string, version?: number): Promise<RenderedDocument> {
    const sop = await this.sops.get(code, version);
    const [html, headerTemplate, footerTemplate] = await Promise.all([
      this.sopHtml(sop),
      this.templates.render('sop/sop-document.header', { sop }),
      this.templates.render('sop/sop-document.footer', { sop }),
    ]);
    const content = await this.renderer.pdf(
      html,
      a4WithHeaderFooter({ landscape: true, headerTemplate, footerTemplate, marginsMm: PAGE_MARGINS_MM }),
    );
    return { fileName: `sop-${sop.code}-v${sop.version}.pdf`, content, html };
  }

  private async sopHtml(sop: SopVersionView): Promise<string> {
    return this.templates.render('sop/sop-document', {
      ...sopDocumentModel(sop),
      styles: await this.templates.stylesheet('sop/sop-document'),
    });
  }
}
