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

const GRID_TICKS = [0, 0.5, 1] as const;

/** Horizontal grid lines at 0, half and full scale, each labelled with its count on the left. */
function countGrid(
  plot: { left: number; top: number; plotWidth: number; plotHeight: number },
  max: number,
  labels: ChartText,
  color: string,
): string[] {
  const { left, top, plotWidth, plotHeight } = plot;
  return GRID_TICKS.flatMap((tick) => {
    const y = top + plotHeight - tick * plotHeight;
    return [
      `<line x1="${left}" y1="${fmt(y)}" x2="${left + plotWidth}" y2="${fmt(y)}" stroke="${GRID}"/>`,
      text(
        left - 4,
        y + 3,
        labels.formatCount(tick * max),
        `font-size="8" fill="${color}" text-anchor="end"`,
      ),
    ];
  });
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

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value` (at least 1), so axis ticks are round numbers. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= value)!;
}

/** Per step: the share ended within its standard as a bar against the standard's 100% line. */
export function stepComplianceChart(
  bars: readonly StepBar[],
  labels: ChartText & { readonly title: string; readonly standardLine: string },
  width = 680,
): string {
  const rowHeight = 26;
  const top = 22;
  const height = top + Math.max(bars.length, 1) * rowHeight + 10;
  if (!bars.length) return noData(width, 90, labels.title, labels.noData);
  const labelWidth = 170;
  const valueWidth = 90;
  const x0 = labelWidth;
  const trackWidth = width - labelWidth - valueWidth;
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75]) {
    const x = x0 + tick * trackWidth;
    parts.push(`<line x1="${fmt(x)}" y1="${top - 4}" x2="${fmt(x)}" y2="${height - 8}" stroke="${GRID}"/>`);
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
          `height="15" fill="${share >= 1 ? GOOD : share >= 0.8 ? BAR : WARN}"/>`,
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
    `<line class="standard" x1="${fmt(standardX)}" y1="${top - 4}" x2="${fmt(standardX)}" y2="${height - 8}" stroke="${INK}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
    text(standardX, top - 8, labels.standardLine, `font-size="8" fill="${INK}" text-anchor="end"`),
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
  const maxOpened = niceCeiling(Math.max(...points.map((p) => p.opened)));
  const slot = plotWidth / points.length;
  const barWidth = Math.min(slot * 0.6, 40);
  const yCount = (n: number) => top + plotHeight - (n / maxOpened) * plotHeight;
  const yShare = (s: number) => top + plotHeight - s * plotHeight;
  const parts = countGrid({ left, top, plotWidth, plotHeight }, maxOpened, labels, BAR);
  for (const tick of GRID_TICKS) {
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
  const legendY = height - 6;
  parts.push(
    `<rect x="${left}" y="${legendY - 7}" width="9" height="7" fill="${BAR}"/>`,
    text(left + 12, legendY, labels.opened, `font-size="8" fill="${INK}"`),
    `<line x1="${left + plotWidth / 2}" y1="${legendY - 3}" x2="${left + plotWidth / 2 + 12}" y2="${legendY - 3}" stroke="${LINE}" stroke-width="2"/>`,
    text(left + plotWidth / 2 + 16, legendY, labels.share, `font-size="8" fill="${INK}"`),
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
  const max = niceCeiling(Math.max(...bars.map((b) => b.count)));
  const slot = plotWidth / bars.length;
  const parts = countGrid({ left, top, plotWidth, plotHeight }, max, labels, MUTED);
  bars.forEach((bar, i) => {
    const cx = left + slot * (i + 0.5);
    const h = (bar.count / max) * plotHeight;
    const y = top + plotHeight - h;
    parts.push(
      `<rect class="bar" x="${fmt(cx - slot * 0.35)}" y="${fmt(y)}" width="${fmt(slot * 0.7)}" height="${fmt(h)}" fill="${BAR}"/>`,
      text(cx, y - 3, labels.formatCount(bar.count), `font-size="8" fill="${INK}" text-anchor="middle"`),
      text(cx, height - bottom + 12, bar.label, `font-size="8" fill="${INK}" text-anchor="middle"`),
    );
  });
  return svg(width, height, labels.title, parts.join(''));
}
