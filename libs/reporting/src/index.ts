export * from './reporting.module';
export * from './reporting.service';
export { BrowserNotFoundError } from './chromium.executable';
export { EXCEL_MAX_ROWS, type ComplianceWorkbookOptions } from './compliance-workbook.writer';
export { REPORT_MEDIA_TYPES, type Actor, type ArchivedReportView } from './report-archive';
export { ReportFormatter } from './compliance-report.format';
export type { ComplianceReportOptions, ComplianceReportSnapshot } from './compliance-report';
export type { ReportLang } from './compliance-report.labels';
export { figuresSha256 } from './compliance-report.model';
