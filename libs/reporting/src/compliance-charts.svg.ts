import { escapeMarkup } from '@mutu/templates';
import { fmt } from './sop-flowchart.svg';

/**
 * The compliance report's charts, drawn here as inline SVG: the PDF needs no script, and the text
 * in them stays text (pdftotext reads it). Every label arrives formatted; these only place.
 */

export interface StepBar {
  /** "Langkah 1 (5 Menit)" */
  readonly label: string;
  /** Share of ended steps within the standard (0–1); null when the step has no standard. */
  readonly share: number | null;
  /** The share as printed, or why there is none. */
  readonly valueLabel: string;
}

export interface TrendPoint {
  readonly label: string;
  readonly opened: number;
  readonly share: number | null;
}

export interface DistributionBar {
  readonly label: string;
  readonly count: number;
}

export interface ChartText {
  readonly noData: string;
  readonly formatCount: (n: number) => string;
  /** Axis ticks: 0, 0.25, 0.5 … 1. */
  readonly formatPercent: (share: number) => string;
}

const FONT = `font-family="Liberation Sans, Arial, sans-serif"`;
const INK = '#1a1a1a';
const MUTED = '#666';
const GRID = '#d0d0d0';
const BAR = '#2f5d8a';
const GOOD = '#2e7d4f';
const WARN = '#c0392b';
const LINE = '#d9822b';

function svg(width: number, height: number, label: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img" aria-label="${escapeMarkup(label)}" ${FONT}>${body}</svg>`
  );
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${fmt(x)}" y="${fmt(y)}" ${attributes}>${escapeMarkup(content)}</text>`;
}

// The share axis of the trend chart: 0%, 50%, 100%.
const SHARE_TICKS = [0, 0.5, 1] as const;

/** Horizontal grid lines at each count tick, at its true height, labelled on the left. */
function countGrid(
  plot: { left: number; top: number; plotWidth: number; plotHeight: number },
  axis: CountAxis,
  labels: ChartText,
  color: string,
): string[] {
  const { left, top, plotWidth, plotHeight } = plot;
  return axis.ticks.flatMap((tick) => {
    const y = top + plotHeight - (tick / axis.max) * plotHeight;
    return [
      `<line class="tick" data-value="${tick}" x1="${left}" y1="${fmt(y)}" x2="${left + plotWidth}" y2="${fmt(y)}" stroke="${GRID}"/>`,
      text(left - 4, y + 3, labels.formatCount(tick), `font-size="8" fill="${color}" text-anchor="end"`),
    ];
  });
}

/** A legend row under a chart: each entry a swatch (bar, line or dashed line) and its name. */
function legend(
  x: number,
  y: number,
  entries: readonly {
    readonly label: string;
    readonly color: string;
    readonly kind: 'bar' | 'line' | 'dash';
  }[],
  width: number,
): string {
  const slot = (width - x) / entries.length;
  return (
    `<g class="legend">` +
    entries
      .map((entry, i) => {
        const ex = x + i * slot;
        const swatch =
          entry.kind === 'bar'
            ? `<rect x="${fmt(ex)}" y="${y - 7}" width="9" height="7" fill="${entry.color}"/>`
            : `<line x1="${fmt(ex)}" y1="${y - 3}" x2="${fmt(ex + 12)}" y2="${y - 3}" stroke="${entry.color}" stroke-width="2"${entry.kind === 'dash' ? ' stroke-dasharray="4 2"' : ''}/>`;
        return swatch + text(ex + 15, y, entry.label, `font-size="8" fill="${INK}"`);
      })
      .join('') +
    `</g>`
  );
}

/** A readable empty chart instead of axes over nothing (or NaN). */
function noData(width: number, height: number, title: string, message: string): string {
  return svg(
    width,
    height,
    title,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="${GRID}" stroke-dasharray="4 3"/>` +
      text(
        width / 2,
        height / 2 + 4,
        message,
        `font-size="11" fill="${MUTED}" text-anchor="middle" class="no-data"`,
      ),
  );
}

/** A count axis: its top and its ticks, whole numbers from 0 to the top. */
export interface CountAxis {
  readonly max: number;
  readonly ticks: readonly number[];
}

// At most this many steps between ticks, so their labels stay apart on a 150-pixel plot.
const MAX_TICK_STEPS = 6;

/**
 * The axis of a count whose largest value is `value`: ticks are distinct whole numbers 1, 2 or 5 × 10ⁿ
 * apart, at most six steps, the top the first tick at or above the value (max 1 → 0, 1; max 5 →
 * 0…5; max 45 → 0, 10 … 50).
 */
export function countAxis(value: number): CountAxis {
  const top = Math.max(1, Math.ceil(value));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const fit = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= MAX_TICK_STEPS);
    if (fit) {
      step = fit;
      break;
    }
  }
  const max = Math.ceil(top / step) * step;
  return { max, ticks: Array.from({ length: max / step + 1 }, (_, i) => i * step) };
}

/** Per step: the share ended within its standard as a bar against the standard's 100% line. */
export function stepComplianceChart(
  bars: readonly StepBar[],
  labels: ChartText & {
    readonly title: string;
    readonly standardLine: string;
    /** The office's target share (0–1): bars below it are drawn in the warning colour. */
    readonly target: number;
    readonly meetsTarget: string;
    readonly belowTarget: string;
  },
  width = 680,
): string {
  const rowHeight = 26;
  const top = 22;
  const legendHeight = 16;
  const height = top + Math.max(bars.length, 1) * rowHeight + 10 + legendHeight;
  const plotBottom = height - legendHeight - 8;
  if (!bars.length) return noData(width, 90, labels.title, labels.noData);
  const labelWidth = 170;
  const valueWidth = 90;
  const x0 = labelWidth;
  const trackWidth = width - labelWidth - valueWidth;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75]) {
    const x = x0 + tick * trackWidth;
    parts.push(`<line x1="${fmt(x)}" y1="${top - 4}" x2="${fmt(x)}" y2="${plotBottom}" stroke="${GRID}"/>`);
    parts.push(
      text(x, top - 8, labels.formatPercent(tick), `font-size="8" fill="${MUTED}" text-anchor="middle"`),
    );
  }
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    parts.push(text(0, y + 16, bar.label, `font-size="10" fill="${INK}"`));
    parts.push(`<rect x="${x0}" y="${y + 5}" width="${fmt(trackWidth)}" height="15" fill="#f1f1f1"/>`);
    if (bar.share !== null) {
      const share = Math.min(Math.max(bar.share, 0), 1);
      parts.push(
        `<rect class="bar" data-share="${fmt(share * 100)}" x="${x0}" y="${y + 5}" width="${fmt(share * trackWidth)}" ` +
          `height="15" fill="${share >= labels.target ? GOOD : WARN}"/>`,
      );
    }
    parts.push(
      text(
        x0 + trackWidth + 8,
        y + 16,
        bar.valueLabel,
        `font-size="10" fill="${bar.share === null ? MUTED : INK}"`,
      ),
    );
  });
  const standardX = x0 + trackWidth;
  parts.push(
    `<line class="standard" x1="${fmt(standardX)}" y1="${top - 4}" x2="${fmt(standardX)}" y2="${plotBottom}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    text(standardX, top - 8, labels.formatPercent(1), `font-size="8" fill="${MUTED}" text-anchor="middle"`),
    legend(
      x0,
      height - 4,
      [
        { label: labels.meetsTarget, color: GOOD, kind: 'bar' },
        { label: labels.belowTarget, color: WARN, kind: 'bar' },
        { label: labels.standardLine, color: INK, kind: 'dash' },
      ],
      width,
    ),
  );
  return svg(width, height, labels.title, parts.join(''));
}

/** Per month: renewals opened as bars (left axis) and the share within standard as a line (right axis). */
export function monthlyTrendChart(
  points: readonly TrendPoint[],
  labels: ChartText & { readonly title: string; readonly opened: string; readonly share: string },
  width = 330,
  height = 200,
): string {
  if (!points.length) return noData(width, height, labels.title, labels.noData);
  const [left, right, top, bottom] = [40, 40, 24, 34];
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const axis = countAxis(Math.max(...points.map((p) => p.opened)));
  const slot = plotWidth / points.length;
  const barWidth = Math.min(slot * 0.6, 40);
  const yCount = (n: number) => top + plotHeight - (n / axis.max) * plotHeight;
  const yShare = (s: number) => top + plotHeight - s * plotHeight;
  const parts = countGrid({ left, top, plotWidth, plotHeight }, axis, labels, BAR);
  for (const tick of SHARE_TICKS) {
    const y = top + plotHeight - tick * plotHeight;
    parts.push(text(left + plotWidth + 4, y + 3, labels.formatPercent(tick), `font-size="8" fill="${LINE}"`));
  }
  const linePoints: string[] = [];
  points.forEach((p, i) => {
    const cx = left + slot * (i + 0.5);
    const y = yCount(p.opened);
    parts.push(
      `<rect class="bar" x="${fmt(cx - barWidth / 2)}" y="${fmt(y)}" width="${fmt(barWidth)}" height="${fmt(top + plotHeight - y)}" fill="${BAR}" opacity="0.85"/>`,
    );
    // Past eight months the labels would touch: then every other one, every third…
    if (i % Math.ceil(points.length / 8) === 0)
      parts.push(text(cx, height - bottom + 12, p.label, `font-size="8" fill="${INK}" text-anchor="middle"`));
    if (p.share !== null) linePoints.push(`${fmt(cx)},${fmt(yShare(p.share))}`);
  });
  if (linePoints.length > 1)
    parts.push(
      `<polyline class="trend" points="${linePoints.join(' ')}" fill="none" stroke="${LINE}" stroke-width="2"/>`,
    );
  for (const point of linePoints) {
    const [cx, cy] = point.split(',');
    parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${LINE}"/>`);
  }
  parts.push(
    legend(
      left,
      height - 6,
      [
        { label: labels.opened, color: BAR, kind: 'bar' },
        { label: labels.share, color: LINE, kind: 'line' },
      ],
      width - right,
    ),
  );
  return svg(width, height, labels.title, parts.join(''));
}

/** Completed renewals per lead-time bucket, as vertical bars with their counts. */
export function leadTimeDistributionChart(
  bars: readonly DistributionBar[],
  labels: ChartText & { readonly title: string },
  width = 330,
  height = 200,
): string {
  if (!bars.some((bar) => bar.count > 0)) return noData(width, height, labels.title, labels.noData);
  const [left, right, top, bottom] = [40, 8, 24, 24];
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const axis = countAxis(Math.max(...bars.map((b) => b.count)));
  const slot = plotWidth / bars.length;
  const parts = countGrid({ left, top, plotWidth, plotHeight }, axis, labels, MUTED);
  bars.forEach((bar, i) => {
    const cx = left + slot * (i + 0.5);
    const h = (bar.count / axis.max) * plotHeight;
    const y = top + plotHeight - h;
    parts.push(
      `<rect class="bar" x="${fmt(cx - slot * 0.35)}" y="${fmt(y)}" width="${fmt(slot * 0.7)}" height="${fmt(h)}" fill="${BAR}"/>`,
      text(cx, y - 3, labels.formatCount(bar.count), `font-size="8" fill="${INK}" text-anchor="middle"`),
      text(cx, height - bottom + 12, bar.label, `font-size="8" fill="${INK}" text-anchor="middle"`),
    );
  });
  return svg(width, height, labels.title, parts.join(''));
}
