import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import {
  BEYOND,
  type FlowchartStep,
  type FlowRow,
  LANE_WIDTH,
  layoutFlowchart,
  ROW_HEIGHT,
  splitIntoPages,
} from './sop-flowchart.svg';

/** The shipped SOP's steps, as the definition states them. */
const STEPS: FlowchartStep[] = JSON.parse(
  readFileSync(join(SOP_DEFINITIONS_DIR, 'pembaruan-sertifikat-elektronik.v1.json'), 'utf8'),
).steps.map((s: FlowchartStep) => ({
  number: s.number,
  performers: s.performers,
  branches: s.branches ?? null,
}));

const CHANNEL_X = 3 * LANE_WIDTH - 12;
const rowsOf = (pageSizes: number[]) => layoutFlowchart(STEPS, pageSizes).pages.flat();
const arrowCount = (row: FlowRow) => row.lines.filter((l) => l.arrow).length;
const lastPoint = (row: FlowRow, index: number) => row.lines[index].points.at(-1)!;

describe('the SOP flowchart layout', () => {
  const rows = rowsOf([4]);
  const [step1, step2, step3, step4] = rows;

  it('has the swimlanes of the source: PENGGUNA, VERIFIKATOR, BSrE', () => {
    const layout = layoutFlowchart(STEPS, [4]);
    expect(layout.laneHeadings).toEqual(['PENGGUNA', 'VERIFIKATOR', 'BSrE']);
    expect(layout.width).toBe(3 * LANE_WIDTH);
  });

  it('draws start and end as capsules, an activity as a rectangle and the check as a diamond', () => {
    expect(rows.map((r) => r.symbol.kind)).toEqual(['terminator', 'activity', 'decision', 'terminator']);
    expect(step1.svg).toMatch(/<rect class="symbol" data-kind="terminator"[^>]* rx="13"/);
    expect(step2.svg).toMatch(/<rect class="symbol" data-kind="activity"/);
    expect(step3.svg).toMatch(/<polygon class="symbol" data-kind="decision"/);
  });

  it('places every symbol inside the lanes of its performers, in the middle of its row', () => {
    // Steps 1 and 2 are done by "Pengguna / Verifikator": one symbol across both lanes.
    expect(rows.map((r) => r.symbol.lanes)).toEqual([
      [0, 1],
      [0, 1],
      [2, 2],
      [0, 0],
    ]);
    for (const { symbol } of rows) {
      expect(symbol.x - symbol.width / 2).toBeGreaterThan(symbol.lanes[0] * LANE_WIDTH);
      expect(symbol.x + symbol.width / 2).toBeLessThan((symbol.lanes[1] + 1) * LANE_WIDTH);
      expect(symbol.y).toBe(ROW_HEIGHT / 2);
      expect(symbol.height).toBeLessThan(ROW_HEIGHT / 2);
    }
    expect(step1.symbol.x).toBe(LANE_WIDTH);
    expect(step3.symbol.x).toBe(2.5 * LANE_WIDTH);
    expect(step4.symbol.x).toBe(0.5 * LANE_WIDTH);
  });

  it('labels the decision: "Ya" towards step 4 on the left, "Tidak" back to step 1 on the right', () => {
    expect(step3.labels.map((l) => l.text).sort()).toEqual(['Tidak', 'Ya']);
    const ya = step3.labels.find((l) => l.text === 'Ya')!;
    const tidak = step3.labels.find((l) => l.text === 'Tidak')!;
    expect(ya.x).toBeLessThan(step3.symbol.x - step3.symbol.width / 2);
    expect(tidak.x).toBeGreaterThan(step3.symbol.x + step3.symbol.width / 2);
    expect(step3.svg).toContain('>Ya</text>');
    expect(step3.svg).toContain('>Tidak</text>');
    for (const label of step3.labels) {
      expect(label.y).toBeGreaterThan(0);
      expect(label.y).toBeLessThan(ROW_HEIGHT);
    }
  });

  it('draws one arrow into every step that something leads to: four connectors, four arrowheads', () => {
    expect(rows.map(arrowCount)).toEqual([1, 1, 1, 1]);
    expect(rows.reduce((n, r) => n + (r.svg.match(/class="arrowhead"/g) ?? []).length, 0)).toBe(4);
  });

  it('takes "Tidak" from the diamond’s right corner up a channel into step 1’s right side', () => {
    const right = (row: FlowRow) => row.symbol.x + row.symbol.width / 2;
    const loopOut = step3.lines.find((l) => l.points[0][0] === right(step3))!;
    expect(loopOut.points).toEqual([
      [right(step3), ROW_HEIGHT / 2],
      [CHANNEL_X, ROW_HEIGHT / 2],
      [CHANNEL_X, -BEYOND],
    ]);
    // Through step 2's row from bottom to top, as the flow goes.
    expect(step2.lines).toContainEqual({
      points: [
        [CHANNEL_X, ROW_HEIGHT + BEYOND],
        [CHANNEL_X, -BEYOND],
      ],
      arrow: false,
    });
    const loopIn = step1.lines.find((l) => l.arrow)!;
    expect(loopIn.points).toEqual([
      [CHANNEL_X, ROW_HEIGHT + BEYOND],
      [CHANNEL_X, ROW_HEIGHT / 2],
      [right(step1), ROW_HEIGHT / 2],
    ]);
  });

  it('runs lines between rows past the row edge, where the table cell clips them', () => {
    // Step 1 to 2: straight down in the Pengguna lane.
    expect(step1.lines).toContainEqual({
      points: [
        [LANE_WIDTH / 2, ROW_HEIGHT / 2 + step1.symbol.height / 2],
        [LANE_WIDTH / 2, ROW_HEIGHT + BEYOND],
      ],
      arrow: false,
    });
    // Into step 4 from above, arriving at the capsule's top.
    expect(lastPoint(step4, 0)).toEqual([LANE_WIDTH / 2, ROW_HEIGHT / 2 - step4.symbol.height / 2]);
    expect(step4.lines[0].points[0]).toEqual([LANE_WIDTH / 2, -BEYOND]);
  });

  it('ends lines at off-page connectors where the flowchart continues on the next page', () => {
    const split = rowsOf([2, 2]);
    const letters = (row: FlowRow) => row.connectors.map((c) => c.letter).sort();
    // A: step 2 to the diamond; B: the "Tidak" channel back up to step 1.
    expect(split.map(letters)).toEqual([[], ['A', 'B'], ['A', 'B'], []]);
    expect(split[1].svg.match(/class="off-page"/g)).toHaveLength(2);
    expect(split[2].svg.match(/class="off-page"/g)).toHaveLength(2);
    // Each connector pair is in the same place on both pages.
    expect(split[1].connectors.map((c) => c.x).sort()).toEqual(split[2].connectors.map((c) => c.x).sort());
    // Nothing crosses the page break itself...
    expect(split[1].lines.flatMap((l) => l.points).every(([, y]) => y < ROW_HEIGHT)).toBe(true);
    expect(split[2].lines.flatMap((l) => l.points).every(([, y]) => y > 0)).toBe(true);
    // ...and the line arriving at each connector gets an arrowhead: 4 + 2.
    expect(split.map(arrowCount)).toEqual([1, 2, 2, 1]);
  });

  it('escapes branch labels as text', () => {
    const [, , check] = layoutFlowchart(
      STEPS.map((s) =>
        s.branches ? { ...s, branches: s.branches.map((b) => ({ ...b, label: `<${b.label} & co>` })) } : s,
      ),
      [4],
    ).pages[0];
    expect(check.svg).toContain('&#60;Ya &#38; co&#62;');
    expect(check.svg).not.toContain('<Ya');
  });
});

describe('splitting flowchart rows into pages', () => {
  it('fills each page in order and starts a new one when the next row does not fit', () => {
    expect(splitIntoPages([100, 100, 100, 100, 100], 250)).toEqual([2, 2, 1]);
    expect(splitIntoPages([100, 100], 200)).toEqual([2]);
  });

  it('gives a row taller than a page a page of its own', () => {
    expect(splitIntoPages([100, 400, 100], 250)).toEqual([1, 1, 1]);
  });
});
