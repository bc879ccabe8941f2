import { Injectable } from '@nestjs/common';
import { type ComplianceQuery, ComplianceService } from '@mutu/compliance';
import { ComplianceExportRepository, TransactionRunner } from '@mutu/db';
import { type ComplianceWorkbookOptions, writeComplianceWorkbook } from './compliance-workbook.writer';

// Rows per round trip: enough that the cursor's latency vanishes (the next batch is read while
// this one is written), few enough that a batch's rows die young. Writing a row allocates ~18 KB
// in exceljs, so at 1,000 rows every batch outlived a scavenge of the 16 MiB semi-space and was
// promoted to the old generation, then cleared by full collections: 170 MB promoted at 200,000
// step rows against 55–63 MB at 250, full collections 20–23 against 7–8, the export's time
// steady under load (--trace-gc-nvp and A/B runs of the workbook process, side-by-side bench's
// year). The zip entry is drained once per batch, so the XML waiting there shrinks as well.
const EXPORT_BATCH_ROWS = 250;

/**
 * The compliance workbook read from the database and written: what the workbook process
 * (compliance-workbook.main.ts) runs. Everything else goes through WorkbookProcess.
 */
@Injectable()
export class ComplianceWorkbookExport {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly exports: ComplianceExportRepository,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Writes the workbook of `query`'s period to `path`, in place. Figures and rows come from one
   * snapshot of the database: the export's transaction, whose snapshot the summary's figures
   * are read in on connections of their own (TransactionRunner.alongside) while the sheets'
   * cursors are declared and their first rows read; computing them first in the export's own
   * transaction left the workbook process waiting ~1.4 s for one serial statement before its
   * first row (a year of 1M step rows, CPU profile). Resolves to the number of data rows written;
   * rejects with ValidationError for a period or agency that cannot be, before anything is read,
   * with the file's error when writing fails.
   */
  async write(
    query: ComplianceQuery,
    path: string,
    options: ComplianceWorkbookOptions = {},
  ): Promise<number> {
    const scope = this.compliance.scope(query);
    await this.compliance.assertKnownAgency(query);
    // The headline and the steps' lines only: the summary sheet shows no breakdown, and each
    // one is a grouping over every step of the period.
    const summary = this.compliance.figuresReads(query, scope, []);
    let figuresRead: { finish(): Promise<void> } | undefined;
    try {
      return await this.tx.snapshot(async () => {
        const reading = await this.tx.alongside(summary.parts);
        figuresRead = reading;
        const sopVersions = await this.exports.sopVersions(scope);
        const sideCounts = await this.exports.sideRowCounts(scope);
        const sheets = await this.compliance.workbookRows(scope, EXPORT_BATCH_ROWS);
        const figures = summary.figures(await reading.results());
        return writeComplianceWorkbook(
          path,
          {
            figures,
            sopVersions,
            ...sheets,
            counts: {
              renewals: figures.renewals.opened,
              steps: figures.steps.reduce((sum, s) => sum + s.instances, 0),
              breaches: figures.steps.reduce((sum, s) => sum + s.breaches, 0),
              ...sideCounts,
            },
          },
          options,
        );
      });
    } finally {
      await figuresRead?.finish();
    }
  }
}
