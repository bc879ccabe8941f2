import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { ArchivedReport, type ReportFormat, type ReportKind } from '../entities/report-archive.entity';

export interface NewArchivedReport {
  readonly id: string;
  readonly kind: ReportKind;
  readonly format: ReportFormat;
  readonly lang: string;
  readonly periodFrom: string | null;
  readonly periodTo: string | null;
  readonly parameters: Record<string, unknown>;
  readonly fileName: string;
  readonly storedPath: string;
  readonly size: number;
  readonly sha256: string;
  readonly auditHead: string | null;
  readonly generatedBy: string;
  readonly generatedAt: Date;
}
export interface ArchiveFilter {
  readonly kind?: ReportKind;
  readonly format?: ReportFormat;
  readonly lang?: string;
  /** Reports of exactly this period. */
  readonly period?: { readonly from: string; readonly to: string };
  readonly generatedBy?: string;
}

/** The reports archive's records; the files themselves live in the reports folder. */
@Injectable()
export class ReportArchiveRepository {
  constructor(private readonly em: EntityManager) {}

  async add(report: NewArchivedReport): Promise<void> {
    await this.em.insert(ArchivedReport, report);
  }

  find(id: string): Promise<ArchivedReport | null> {
    return this.em.findOne(ArchivedReport, { id });
  }

  /** Newest first. */
  search(
    filter: ArchiveFilter,
    page: { offset: number; limit: number },
  ): Promise<[ArchivedReport[], number]> {
    return this.em.findAndCount(
      ArchivedReport,
      {
        ...(filter.kind && { kind: filter.kind }),
        ...(filter.format && { format: filter.format }),
        ...(filter.lang && { lang: filter.lang }),
        ...(filter.period && { periodFrom: filter.period.from, periodTo: filter.period.to }),
        ...(filter.generatedBy && { generatedBy: filter.generatedBy }),
      },
      { orderBy: { generatedAt: 'desc', id: 'asc' }, offset: page.offset, limit: page.limit },
    );
  }
}
