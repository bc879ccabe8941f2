import { PERFORMER_ROLES } from '@mutu/domain';
import type { SopStepView } from '@mutu/sops';
import { escapeMarkup } from '@mutu/templates';

/**
 * The flowchart column of the SOP document (Permen PAN-RB 35/2012): one swimlane per performer,
 * one table row per step. Each row gets an SVG of its own, so rows may grow with their text and
 * break across pages: lines that leave a row are drawn far past its edge and the table cell clips
 * them, so they meet the next row's lines whatever the rows' real heights.
 */

export type FlowchartStep = Pick<SopStepView, 'number' | 'performers' | 'branches'>;
export type SymbolKind = 'terminator' | 'activity' | 'decision';
export type Point = readonly [x: number, y: number];

export const LANE_WIDTH = 105;
/** Height of a row's drawing; the row itself is at least this tall. */
export const ROW_HEIGHT = 108;
/** How far past a row's edge a line that continues into the next row is drawn. */
export const BEYOND = 1000;
const LANE_HEADINGS: Readonly<Record<(typeof PERFORMER_ROLES)[number], string>> = {
  PENGGUNA: 'PENGGUNA',
  VERIFIKATOR: 'VERIFIKATOR',
  BSRE: 'BSrE',
};

const MIDDLE = ROW_HEIGHT / 2;
const SIZES: Readonly<Record<SymbolKind, { width: number; height: number }>> = {
  terminator: { width: 64, height: 26 },
  activity: { width: 64, height: 32 },
  decision: { width: 54, height: 40 },
};
const OFF_PAGE = { width: 20, height: 16, offset: 38 };
const CHANNEL_GAP = 12;
const ARROW = { length: 7, halfWidth: 3.5 };

export interface FlowSymbol {
  readonly kind: SymbolKind;
  /** Centre and size, in the row's coordinates. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** First and last lane (0-based) the symbol stands in. */
  readonly lanes: readonly [number, number];
}

/** A connector's part inside one row; `arrow` puts an arrowhead on its last point. */
export interface FlowLine {
  readonly points: readonly Point[];
  readonly arrow: boolean;
}

export interface FlowLabel {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly anchor: 'start' | 'end';
}

/** The off-page connector (pentagon): the line continues at the connector of the same letter. */
export interface OffPageConnector {
  readonly letter: string;
  readonly x: number;
  readonly y: number;
}

export interface FlowRow {
  readonly step: number;
  readonly symbol: FlowSymbol;
  readonly lines: readonly FlowLine[];
  readonly labels: readonly FlowLabel[];
  readonly connectors: readonly OffPageConnector[];
  readonly svg: string;
}

export interface FlowchartLayout {
  readonly laneHeadings: readonly string[];
  readonly width: number;
  readonly pages: readonly (readonly FlowRow[])[];
}

/** A connector in flowchart coordinates: row r spans y from r·ROW_HEIGHT to (r+1)·ROW_HEIGHT. */
interface Route {
  readonly points: Point[];
  readonly label: { text: string; at: Point; anchor: 'start' | 'end' } | null;
}

function symbolKind(step: FlowchartStep, index: number, count: number): SymbolKind {
  if (step.branches?.length) return 'decision';
  return index === 0 || index === count - 1 ? 'terminator' : 'activity';
}

/**
 * A step done by several performers ("Pengguna / Verifikator") gets one symbol stretched across
 * their lanes, as either of them may do it; the lanes are taken from the first to the last.
 */
function placeSymbol(step: FlowchartStep, index: number, count: number): FlowSymbol {
  const lanes = step.performers
    .map((p) => PERFORMER_ROLES.indexOf(p as (typeof PERFORMER_ROLES)[number]))
    .filter((lane) => lane >= 0);
  const first = Math.min(...lanes);
  const last = Math.max(...lanes);
  const kind = symbolKind(step, index, count);
  const size = SIZES[kind];
  return {
    kind,
    x: ((first + last + 1) / 2) * LANE_WIDTH,
    y: MIDDLE,
    width: size.width + (last - first) * LANE_WIDTH,
    height: size.height,
    lanes: [first, last],
  };
}

const within = (x: number, s: FlowSymbol) => x > s.x - s.width / 2 && x < s.x + s.width / 2;

/**
 * Where lines meet a symbol from above or below: the centre of its (first) lane, so that a line
 * into a symbol stretched across lanes never runs along a lane border.
 */
const port = (s: FlowSymbol) => (s.lanes[0] + 0.5) * LANE_WIDTH;

/**
 * Straight down where one symbol stands over the other; otherwise out of the side facing the
 * next symbol's lane and down into it.
 */
function adjacentRoute(from: FlowSymbol, to: FlowSymbol, row: number, label: string | null): Route {
  const top = row * ROW_HEIGHT + MIDDLE;
  const below = top + ROW_HEIGHT;
  const x = within(port(to), from) ? port(to) : within(port(from), to) ? port(from) : null;
  if (x !== null) {
    const start: Point = [x, top + from.height / 2];
    return {
      points: [start, [x, below - to.height / 2]],
      label: label ? { text: label, at: [x + 4, start[1] + 10], anchor: 'start' } : null,
    };
  }
  const direction = Math.sign(port(to) - from.x);
  const start: Point = [from.x + (direction * from.width) / 2, top];
  return {
    points: [start, [port(to), top], [port(to), below - to.height / 2]],
    label: label
      ? { text: label, at: [start[0] + direction * 3, top - 4], anchor: direction > 0 ? 'start' : 'end' }
      : null,
  };
}

/** To a step that is not the next one: out of the right side, along a channel at the lanes' right edge. */
function channelRoute(
  from: FlowSymbol,
  to: FlowSymbol,
  fromRow: number,
  toRow: number,
  channel: number,
  label: string | null,
): Route {
  const x = LANE_WIDTH * PERFORMER_ROLES.length - CHANNEL_GAP * (channel + 1);
  const y1 = fromRow * ROW_HEIGHT + MIDDLE;
  const y2 = toRow * ROW_HEIGHT + MIDDLE;
  // The label stands beside the channel where it leaves the symbol's row, clear of the symbol.
  const labelY = toRow < fromRow ? y1 - 12 : y1 + 20;
  return {
    points: [
      [from.x + from.width / 2, y1],
      [x, y1],
      [x, y2],
      [to.x + to.width / 2, y2],
    ],
    label: label ? { text: label, at: [x - 3, labelY], anchor: 'end' } : null,
  };
}

function routesOf(steps: readonly FlowchartStep[], symbols: readonly FlowSymbol[]): Route[] {
  const routes: Route[] = [];
  let channels = 0;
  steps.forEach((step, row) => {
    const targets = step.branches?.length
      ? step.branches.map((b) => ({ goto: b.goto, label: b.label }))
      : row + 1 < steps.length
        ? [{ goto: step.number + 1, label: null }]
        : [];
    for (const { goto, label } of targets) {
      const toRow = steps.findIndex((s) => s.number === goto);
      routes.push(
        toRow === row + 1
          ? adjacentRoute(symbols[row], symbols[toRow], row, label)
          : channelRoute(symbols[row], symbols[toRow], row, toRow, channels++, label),
      );
    }
  });
  return routes;
}

/** Lines meet an off-page connector at its top edge from above and at its tip from below. */
function connectorEdge(c: OffPageConnector, fromAbove: boolean): Point {
  return [c.x, c.y + ((fromAbove ? -1 : 1) * OFF_PAGE.height) / 2];
}

/**
 * Cuts a route where it crosses a page break into pieces that end and start at off-page
 * connectors, placed in the rows on either side of the break.
 */
function cutAtPageBreaks(
  route: Route,
  breaks: ReadonlySet<number>,
  letters: () => string,
): { pieces: Point[][]; connectors: Array<OffPageConnector & { row: number }> } {
  const pieces: Point[][] = [];
  const connectors: Array<OffPageConnector & { row: number }> = [];
  let current: Point[] = [route.points[0]];
  for (let i = 1; i < route.points.length; i++) {
    const [x, y1] = route.points[i - 1];
    const [, y2] = route.points[i];
    const rows = [...breaks].filter(
      (b) => b * ROW_HEIGHT > Math.min(y1, y2) && b * ROW_HEIGHT < Math.max(y1, y2),
    );
    for (const row of y2 > y1 ? rows.sort((a, b) => a - b) : rows.sort((a, b) => b - a)) {
      const letter = letters();
      const above = { letter, x, y: (row - 1) * ROW_HEIGHT + MIDDLE + OFF_PAGE.offset, row: row - 1 };
      const below = { letter, x, y: row * ROW_HEIGHT + MIDDLE - OFF_PAGE.offset, row };
      const downwards = y2 > y1;
      const [leave, enter] = downwards ? [above, below] : [below, above];
      current.push(connectorEdge(leave, downwards));
      pieces.push(current);
      current = [connectorEdge(enter, !downwards)];
      connectors.push(above, below);
    }
    current.push(route.points[i]);
  }
  pieces.push(current);
  return { pieces, connectors };
}

/**
 * The part of a route's piece inside one row, in the row's coordinates. Pieces run either up or
 * down, so that part is a single polyline; where it leaves the row it is drawn on past the edge.
 */
function sliceIntoRow(piece: readonly Point[], row: number): FlowLine | null {
  const top = row * ROW_HEIGHT;
  const bottom = top + ROW_HEIGHT;
  const local = (y: number) => (y <= top ? -BEYOND : y >= bottom ? ROW_HEIGHT + BEYOND : y - top);
  const clip = (y: number) => Math.min(Math.max(y, top), bottom);
  const points: Point[] = [];
  const add = (p: Point) => {
    const last = points[points.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) points.push(p);
  };
  for (let i = 1; i < piece.length; i++) {
    const [x1, y1] = piece[i - 1];
    const [x2, y2] = piece[i];
    const low = Math.max(Math.min(y1, y2), top);
    const high = Math.min(Math.max(y1, y2), bottom);
    if (low > high || (low === high && (low === top || low === bottom) && y1 !== y2)) continue;
    add([x1, local(clip(y1))]);
    add([x2, local(clip(y2))]);
  }
  if (points.length < 2) return null;
  // Every piece ends at a symbol or an off-page connector, where its arrowhead goes.
  const [, endY] = piece[piece.length - 1];
  return { points, arrow: endY > top && endY < bottom };
}

/** A coordinate to a tenth of a pixel: enough for print, and short. */
export const fmt = (n: number) => String(Math.round(n * 10) / 10);
const pointList = (points: readonly Point[]) => points.map((p) => p.map(fmt).join(',')).join(' ');

function arrowhead([x1, y1]: Point, [x2, y2]: Point): string {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const [dx, dy] = [(x2 - x1) / length, (y2 - y1) / length];
  const [bx, by] = [x2 - dx * ARROW.length, y2 - dy * ARROW.length];
  const corners: Point[] = [
    [x2, y2],
    [bx - dy * ARROW.halfWidth, by + dx * ARROW.halfWidth],
    [bx + dy * ARROW.halfWidth, by - dx * ARROW.halfWidth],
  ];
  return `<polygon class="arrowhead" fill="#000" points="${pointList(corners)}"/>`;
}

const SYMBOL_PAINT = 'fill="#fff" stroke="#000" stroke-width="1.2"';

function symbolSvg(s: FlowSymbol): string {
  const [left, top] = [s.x - s.width / 2, s.y - s.height / 2];
  const box = `x="${fmt(left)}" y="${fmt(top)}" width="${fmt(s.width)}" height="${fmt(s.height)}" ${SYMBOL_PAINT}`;
  switch (s.kind) {
    case 'terminator':
      return `<rect class="symbol" data-kind="terminator" ${box} rx="${fmt(s.height / 2)}"/>`;
    case 'activity':
      return `<rect class="symbol" data-kind="activity" ${box}/>`;
    case 'decision': {
      const corners: Point[] = [
        [s.x, top],
        [s.x + s.width / 2, s.y],
        [s.x, s.y + s.height / 2],
        [s.x - s.width / 2, s.y],
      ];
      return `<polygon class="symbol" data-kind="decision" points="${pointList(corners)}" ${SYMBOL_PAINT}/>`;
    }
  }
}

function connectorSvg(c: OffPageConnector): string {
  const { width: w, height: h } = OFF_PAGE;
  const corners: Point[] = [
    [c.x - w / 2, c.y - h / 2],
    [c.x + w / 2, c.y - h / 2],
    [c.x + w / 2, c.y + h / 6],
    [c.x, c.y + h / 2],
    [c.x - w / 2, c.y + h / 6],
  ];
  return (
    `<polygon class="off-page" points="${pointList(corners)}" ${SYMBOL_PAINT}/>` +
    `<text class="off-page-letter" x="${fmt(c.x)}" y="${fmt(c.y + 1)}" font-size="8" text-anchor="middle">${escapeMarkup(c.letter)}</text>`
  );
}

function rowSvg(row: Omit<FlowRow, 'svg'>, width: number): string {
  const lines = row.lines.map((l) => `<polyline class="flow-line" points="${pointList(l.points)}"/>`);
  const arrows = row.lines
    .filter((l) => l.arrow)
    .map((l) => arrowhead(l.points[l.points.length - 2], l.points[l.points.length - 1]));
  const labels = row.labels.map(
    (l) =>
      `<text class="branch-label" x="${fmt(l.x)}" y="${fmt(l.y)}" font-size="9" text-anchor="${l.anchor}">${escapeMarkup(l.text)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="flow-row" data-step="${row.step}" width="${width}" height="${ROW_HEIGHT}" viewBox="0 0 ${width} ${ROW_HEIGHT}" role="img" aria-label="Langkah ${row.step}">`,
    `<g fill="none" stroke="#000" stroke-width="1">${lines.join('')}</g>`,
    symbolSvg(row.symbol),
    ...row.connectors.map(connectorSvg),
    ...arrows,
    ...labels,
    '</svg>',
  ].join('');
}

/**
 * Lays the steps out in lanes and rows, `pageSizes[i]` rows on page i, and draws each row.
 * Connectors crossing from one page to the next end and start at off-page connectors.
 */
export function layoutFlowchart(
  steps: readonly FlowchartStep[],
  pageSizes: readonly number[],
): FlowchartLayout {
  const width = LANE_WIDTH * PERFORMER_ROLES.length;
  const symbols = steps.map((step, i) => placeSymbol(step, i, steps.length));
  const breaks = new Set(
    pageSizes.slice(0, -1).map((_, i) => pageSizes.slice(0, i + 1).reduce((a, b) => a + b)),
  );
  let letter = 0;
  const nextLetter = () => String.fromCharCode(65 + letter++);

  const pieces: Point[][] = [];
  const connectors: Array<OffPageConnector & { row: number }> = [];
  const labels: Array<FlowLabel & { row: number }> = [];
  for (const route of routesOf(steps, symbols)) {
    const cut = cutAtPageBreaks(route, breaks, nextLetter);
    pieces.push(...cut.pieces);
    connectors.push(...cut.connectors);
    if (route.label) {
      const row = Math.floor(route.label.at[1] / ROW_HEIGHT);
      const [x, y] = route.label.at;
      labels.push({ text: route.label.text, x, y: y - row * ROW_HEIGHT, anchor: route.label.anchor, row });
    }
  }

  const rows = steps.map((step, row): FlowRow => {
    const drawing = {
      step: step.number,
      symbol: symbols[row],
      lines: pieces.map((p) => sliceIntoRow(p, row)).filter((l): l is FlowLine => l !== null),
      labels: labels.filter((l) => l.row === row).map(({ row: _row, ...l }) => l),
      connectors: connectors
        .filter((c) => c.row === row)
        .map(({ row: _row, x, y, letter }) => ({ letter, x, y: y - row * ROW_HEIGHT })),
    };
    return { ...drawing, svg: rowSvg(drawing, width) };
  });

  const pages: FlowRow[][] = [];
  let start = 0;
  for (const size of pageSizes) {
    pages.push(rows.slice(start, start + size));
    start += size;
  }
  return { laneHeadings: PERFORMER_ROLES.map((role) => LANE_HEADINGS[role]), width, pages };
}

/** How many rows go on each page, filling pages in order; a row taller than a page gets one alone. */
export function splitIntoPages(rowHeights: readonly number[], pageHeight: number): number[] {
  const sizes: number[] = [];
  let used = Infinity;
  for (const height of rowHeights) {
    if (used + height > pageHeight) {
      sizes.push(0);
      used = 0;
    }
    sizes[sizes.length - 1]++;
    used += height;
  }
  return sizes;
}
