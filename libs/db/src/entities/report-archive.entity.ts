import { defineEntity, p } from '@mikro-orm/core';
import { uuidPrimaryKey } from './uuid-primary-key';

export const REPORT_KINDS = ['compliance', 'sop-document'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['pdf', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * One generated file in the reports archive. The row is written only after the file has been
 * renamed into place, so every row names a complete file; its SHA-256 proves it unchanged.
 */
const ArchivedReportSchema = defineEntity({
  name: 'ArchivedReport',
  tableName: 'archived_report',
  indexes: [{ properties: ['generatedAt'] }],
  properties: {
    id: uuidPrimaryKey(),
    kind: p.enum([...REPORT_KINDS]),
    format: p.enum([...REPORT_FORMATS]),
    lang: p.string().length(2),
    /** Office dates (WIB), inclusive; null for documents without a period (the SOP). */
    periodFrom: p.string().columnType('date').nullable(),
    periodTo: p.string().columnType('date').nullable(),
    /** What it was generated from (filters, SOP code and version), as given. */
    parameters: p.json<Record<string, unknown>>(),
    fileName: p.text(),
    /** Relative to the reports folder. */
    storedPath: p.text(),
    size: p.bigint('number'),
    sha256: p.string().length(64),
    /** The audit chain's newest hash when it was generated: the records it rests on. */
    auditHead: p.string().length(64).nullable(),
    generatedBy: p.text(),
    generatedAt: p.datetime(),
  },
});
export class ArchivedReport extends ArchivedReportSchema.class {}
ArchivedReportSchema.setClass(ArchivedReport);

export const REPORT_ARCHIVE_ENTITIES = [ArchivedReportSchema];
