export * from './reporting.module';
export * from './reporting.service';
export {
  BrowserNotFoundError,
  CHROMIUM_LAUNCH_FLAGS,
  type ChromiumRenderer,
  RendererUnavailableError,
} from '@mutu/chromium';
export type { ComplianceWorkbookOptions } from './compliance-workbook.writer';
export type { WorkbookRun } from './compliance-workbook.process';
export { REPORT_MEDIA_TYPES, type Actor, type ArchivedReportView } from './report-archive';
export { ReportFormatter } from './compliance-report.format';
export type { ComplianceReportOptions, ComplianceReportSnapshot } from './compliance-report';
export type { ReportLang } from './compliance-report.labels';
