import type { SopStepView, SopVersionView } from '@mutu/sops';
import { LANE_WIDTH, layoutFlowchart, ROW_HEIGHT, splitIntoPages } from './sop-flowchart.svg';

/** Page geometry of the SOP document: A4 landscape; the header and footer live in the margins. */
export const PAGE_MARGINS_MM = { top: 18, right: 10, bottom: 14, left: 10 } as const;
const PAGE_HEIGHT_MM = 210;
const PX_PER_MM = 96 / 25.4;

/** Widths of the flowchart table's columns in CSS px; with the lanes they fill the 277 mm between the margins. */
const FLOWCHART_COLUMNS = {
  no: 32,
  activity: 245,
  needs: 140,
  time: 70,
  output: 110,
  note: 135,
} as const;

// Text metrics of the document's 9 pt sans-serif (Liberation Sans / Arial), on the generous side:
// a row estimated too short would push the page's last row onto an unplanned page.
const AVERAGE_CHAR_PX = 6.4;
const LINE_PX = 15.6;
const CELL_PADDING_PX = 10;
const TABLE_HEADING_PX = 56;

function textHeight(text: string, columnPx: number): number {
  const perLine = Math.floor((columnPx - CELL_PADDING_PX) / AVERAGE_CHAR_PX);
  const lines = text
    .split('\n')
    .reduce((sum, paragraph) => sum + Math.max(1, Math.ceil(paragraph.length / perLine)), 0);
  return lines * LINE_PX + CELL_PADDING_PX;
}

/** How tall a step's row will print: its drawing, or its longest text. */
function estimateRowHeight(step: SopStepView): number {
  return Math.max(
    ROW_HEIGHT,
    textHeight(step.activity, FLOWCHART_COLUMNS.activity),
    textHeight(step.needs.join(', '), FLOWCHART_COLUMNS.needs),
    textHeight(step.output, FLOWCHART_COLUMNS.output),
    textHeight(step.note ?? '', FLOWCHART_COLUMNS.note),
  );
}

const FLOWCHART_PAGE_PX =
  (PAGE_HEIGHT_MM - PAGE_MARGINS_MM.top - PAGE_MARGINS_MM.bottom) * PX_PER_MM - TABLE_HEADING_PX;

/** What the SOP document template places: the version as stored, and the flowchart drawn per page. */
export function sopDocumentModel(sop: SopVersionView) {
  const pageSizes = splitIntoPages(sop.steps.map(estimateRowHeight), FLOWCHART_PAGE_PX);
  const flowchart = layoutFlowchart(sop.steps, pageSizes);
  const steps = new Map(sop.steps.map((step) => [step.number, step]));
  return {
    sop,
    flowchart: {
      columns: FLOWCHART_COLUMNS,
      laneWidth: LANE_WIDTH,
      lanesWidth: flowchart.width,
      rowHeight: ROW_HEIGHT,
      laneHeadings: flowchart.laneHeadings,
      pages: flowchart.pages.map((rows) => ({
        rows: rows.map((row) => ({ step: steps.get(row.step)!, svg: row.svg })),
      })),
    },
  };
}
