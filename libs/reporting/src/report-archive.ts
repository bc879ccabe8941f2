import { randomUUID } from 'node:crypto';
import { join, normalize, sep } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { Clock, fileFingerprint, MUTU_CONFIG, type MutuConfig, writeFileAtomically } from '@mutu/config';
import {
  type ArchiveFilter,
  type ArchivedReport,
  type ReportFormat,
  type ReportKind,
  ReportArchiveRepository,
  TransactionRunner,
} from '@mutu/db';
import { IntegrityError, NotFoundError, officeDate, officeIso, readPage } from '@mutu/domain';

export interface Actor {
  readonly id: string;
  readonly role: string;
}

/** What a file in the archive is, as recorded beside it. */
export interface ArchiveEntry {
  readonly kind: ReportKind;
  readonly format: ReportFormat;
  readonly lang: 'id' | 'en';
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
  readonly parameters: Record<string, unknown>;
  /** The name it is downloaded under. */
  readonly fileName: string;
}

export const REPORT_MEDIA_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function archivedReportView(report: ArchivedReport, timeZone: string) {
  return {
    id: report.id,
    kind: report.kind,
    format: report.format,
    mediaType: REPORT_MEDIA_TYPES[report.format],
    lang: report.lang,
    period: report.periodFrom ? { from: report.periodFrom, to: report.periodTo } : null,
    parameters: report.parameters,
    fileName: report.fileName,
    /** Where it lies, relative to the reports folder (MUTU_REPORTS_DIR). */
    storedPath: report.storedPath,
    size: report.size,
    sha256: report.sha256,
    auditHead: report.auditHead,
    generatedBy: report.generatedBy,
    generatedAt: report.generatedAt.toISOString(),
    generatedAtWib: officeIso(report.generatedAt, timeZone),
  };
}
export type ArchivedReportView = ReturnType<typeof archivedReportView>;

/**
 * The reports folder and its register. A file is written beside its place and renamed in only
 * when complete; its record (size, SHA-256, who, when) and the audit event follow in one
 * transaction, so every record names a whole file and a download can prove it unchanged.
 */
@Injectable()
export class ReportArchive {
  private readonly logger = new Logger('ReportArchive');

  constructor(
    private readonly reports: ReportArchiveRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  async store(
    entry: ArchiveEntry,
    produce: (path: string) => Promise<{ auditHead?: string } | unknown>,
    actor: Actor,
  ): Promise<ArchivedReportView> {
    const id = randomUUID();
    // The chain head before the data is read: the records the file rests on are at or before it.
    const head = await this.audit.head();
    const generatedAt = this.clock.now();
    const year = officeDate(generatedAt, this.config.timeZone).slice(0, 4);
    const storedPath = join(entry.kind, year, `${id}-${entry.fileName}`);
    const path = join(this.config.reportsDir, storedPath);
    const produced = await writeFileAtomically(path, produce);
    // A document that read the chain itself, in its own snapshot, names the head it printed.
    const auditHead = (produced as { auditHead?: string } | undefined)?.auditHead ?? head.hash;
    const { sha256, size } = await fileFingerprint(path);
    const record = {
      id,
      ...entry,
      storedPath,
      size,
      sha256,
      auditHead,
      generatedBy: actor.id,
      generatedAt,
    };
    await this.tx.run(async () => {
      await this.reports.add(record);
      await this.audit.record({
        actor,
        action: 'report.generated',
        entityType: 'report',
        entityId: id,
        after: { ...entry, size, sha256, auditHead },
      });
    });
    return archivedReportView(record as ArchivedReport, this.config.timeZone);
  }

  list(filter: ArchiveFilter, page: number, pageSize: number) {
    return this.tx.read(() =>
      readPage(
        page,
        pageSize,
        (window) => this.reports.search(filter, window),
        (r) => archivedReportView(r, this.config.timeZone),
      ),
    );
  }

  /**
   * An archived file to be read, once its bytes are proven to be the ones recorded; a file
   * altered or lost at rest is refused. Each retrieval is audited.
   */
  open(id: string, actor: Actor): Promise<{ report: ArchivedReportView; path: string }> {
    return this.tx.run(async () => {
      const report = await this.reports.find(id);
      if (!report) throw new NotFoundError('Laporan', id);
      const path = this.pathOf(report.storedPath);
      const actual = await fileFingerprint(path).catch(() => null);
      if (actual?.sha256 !== report.sha256) {
        this.logger.error(
          { id, expected: report.sha256, actual: actual?.sha256 ?? null },
          'Berkas laporan tidak cocok dengan SHA-256 arsipnya; unduhan ditolak',
        );
        throw new IntegrityError(
          'Berkas laporan di arsip telah berubah atau hilang sejak dibuat; unduhan ditolak. Buat ulang laporannya.',
        );
      }
      await this.audit.record({
        actor,
        action: 'report.downloaded',
        entityType: 'report',
        entityId: id,
      });
      return { report: archivedReportView(report, this.config.timeZone), path };
    });
  }

  /** Stored paths are written by this class, yet are read back from the database: stay inside. */
  private pathOf(storedPath: string): string {
    const relative = normalize(storedPath);
    if (relative.startsWith('..') || relative.startsWith(sep)) {
      throw new IntegrityError('Jalur berkas laporan di arsip tidak sah');
    }
    return join(this.config.reportsDir, relative);
  }
}
