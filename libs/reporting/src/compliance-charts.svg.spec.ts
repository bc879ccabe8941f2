import {
  leadTimeDistributionChart,
  monthlyTrendChart,
  countAxis,
  stepComplianceChart,
} from './compliance-charts.svg';

const text = {
  noData: 'Tidak ada data',
  formatCount: (n: number) => String(n),
  formatPercent: (share: number) => `${Math.round(share * 100)}%`,
};
const steps = {
  ...text,
  title: 'Kepatuhan',
  standardLine: 'Mutu baku',
  target: 0.9,
  meetsTarget: 'Mencapai target 90%',
  belowTarget: 'Di bawah target',
};
const trend = { ...text, title: 'Tren', opened: 'Dibuka', share: 'Dalam mutu baku' };
const lead = { ...text, title: 'Sebaran' };

/** Numbers in every attribute: none may be NaN or infinite. */
const numbersOf = (svg: string) => [...svg.matchAll(/="(-?[\d.]+|NaN|Infinity)"/g)].map((m) => m[1]);
const wellFormed = (svg: string) => {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/NaN|Infinity|undefined/);
  for (const n of numbersOf(svg)) expect(Number.isFinite(Number(n))).toBe(true);
};

describe('compliance charts as inline SVG', () => {
  it('draws each step’s share against the 100% standard line, a step without standard as text', () => {
    const svg = stepComplianceChart(
      [
        { label: 'Langkah 1 (5 Menit)', share: 0.5, valueLabel: '50,0%' },
        { label: 'Langkah 3', share: null, valueLabel: 'Tanpa mutu baku' },
        { label: 'Langkah 4 (7 Hari)', share: 1, valueLabel: '100,0%' },
      ],
      steps,
    );
    wellFormed(svg);
    const bars = [
      ...svg.matchAll(/class="bar" data-share="([\d.]+)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g),
    ];
    expect(bars.map((b) => Number(b[1]))).toEqual([50, 100]);
    const [half, full] = bars.map((b) => Number(b[3]));
    expect(half * 2).toBeCloseTo(full, 0);
    // The standard line is where a full bar ends.
    const standardX = Number(/class="standard" x1="([\d.]+)"/.exec(svg)![1]);
    expect(Number(bars[1][2]) + full).toBeCloseTo(standardX, 0);
    for (const label of ['Langkah 1 (5 Menit)', 'Tanpa mutu baku', 'Mutu baku', '50,0%', 'Di bawah target']) {
      expect(svg).toContain(`>${label}</text>`);
    }
  });

  it('escapes every text it places', () => {
    const svg = stepComplianceChart([{ label: '<script>&"x"', share: 0.2, valueLabel: "a'b" }], {
      ...steps,
      title: 'A & B',
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;&#38;&#34;x&#34;');
    expect(svg).toContain('a&#39;b');
    expect(svg).toContain('aria-label="A &#38; B"');
    expect(monthlyTrendChart([{ label: 'Okt <b>', opened: 1, share: 1 }], trend)).toContain(
      'Okt &#60;b&#62;',
    );
  });

  it('draws empty data as a readable "Tidak ada data", never NaN', () => {
    for (const svg of [
      stepComplianceChart([], steps),
      monthlyTrendChart([], trend),
      leadTimeDistributionChart([], lead),
      leadTimeDistributionChart([{ label: '0–1 hari', count: 0 }], lead),
    ]) {
      wellFormed(svg);
      expect(svg).toContain('class="no-data">Tidak ada data</text>');
      expect(svg).not.toContain('class="bar"');
    }
  });

  it('draws a month with no renewals or no judged steps without dividing by zero', () => {
    const svg = monthlyTrendChart(
      [
        { label: 'Sep', opened: 0, share: null },
        { label: 'Okt', opened: 0, share: null },
      ],
      trend,
    );
    wellFormed(svg);
    expect(svg).not.toContain('class="trend"');
  });

  it('draws the trend as bars of renewals opened and a line of the share within standard', () => {
    const svg = monthlyTrendChart(
      [
        { label: 'Sep', opened: 30, share: 0.5 },
        { label: 'Okt', opened: 45, share: 1 },
      ],
      trend,
    );
    wellFormed(svg);
    expect(svg.match(/class="bar"/g)).toHaveLength(2);
    const [, first, second] = /class="trend" points="[\d.]+,([\d.]+) [\d.]+,([\d.]+)"/.exec(svg)!;
    expect(Number(second)).toBeLessThan(Number(first));
    expect(svg).toContain('>50</text>'); // the count axis rounded up from 45
    // Two series, so a legend naming both.
    expect(svg).toMatch(/class="legend">.*>Dibuka<\/text>.*>Dalam mutu baku<\/text>/);
  });

  it('colours a step below the office target apart from one that meets it, and says so in a legend', () => {
    const svg = stepComplianceChart(
      [
        { label: 'Langkah 1', share: 0.85, valueLabel: '85,0%' },
        { label: 'Langkah 2', share: 0.95, valueLabel: '95,0%' },
      ],
      steps,
    );
    const fills = [...svg.matchAll(/class="bar"[^>]*fill="([^"]+)"/g)].map((m) => m[1]);
    expect(fills[0]).not.toBe(fills[1]);
    expect(svg).toMatch(/class="legend">.*>Mencapai target 90%<\/text>.*>Di bawah target<\/text>/);
  });

  it.each([
    [1, ['0', '1']],
    [5, ['0', '1', '2', '3', '4', '5']],
    [3, ['0', '1', '2', '3']],
  ])('labels a count axis with maximum %i as distinct whole numbers at their true heights', (max, ticks) => {
    const svg = leadTimeDistributionChart(
      [
        { label: 'a', count: max },
        { label: 'b', count: 0 },
      ],
      lead,
    );
    const lines = [...svg.matchAll(/class="tick" data-value="(\d+)" x1="[\d.]+" y1="([\d.]+)"/g)];
    expect(lines.map((l) => l[1])).toEqual(ticks);
    const [zeroY, topY] = [Number(lines[0][2]), Number(lines.at(-1)![2])];
    for (const [, value, y] of lines) {
      expect(Number(y)).toBeCloseTo(zeroY + ((topY - zeroY) * Number(value)) / max, 1);
    }
    // The bar of the maximum reaches the top tick.
    const bar = /class="bar" x="[\d.]+" y="([\d.]+)"/.exec(svg)!;
    expect(Number(bar[1])).toBeCloseTo(topY, 1);
  });

  it('labels every month up to eight, past that every other one so labels never overlap', () => {
    const months = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ label: `M${i + 1}`, opened: i, share: 0.5 }));
    const labelled = (svg: string) => [...svg.matchAll(/>(M\d+)<\/text>/g)].map((m) => m[1]);
    expect(labelled(monthlyTrendChart(months(8), trend))).toHaveLength(8);
    expect(labelled(monthlyTrendChart(months(12), trend))).toEqual(['M1', 'M3', 'M5', 'M7', 'M9', 'M11']);
  });

  it('labels each lead-time bucket with its count', () => {
    const svg = leadTimeDistributionChart(
      [
        { label: '0–1 hari', count: 3 },
        { label: '1–3 hari', count: 12 },
        { label: '≥ 30 hari', count: 0 },
      ],
      lead,
    );
    wellFormed(svg);
    expect(svg.match(/class="bar"/g)).toHaveLength(3);
    for (const label of ['0–1 hari', '≥ 30 hari', '12', '3']) expect(svg).toContain(`>${label}</text>`);
  });

  it('steps count axes by 1, 2 or 5 times a power of ten, at most six steps, ticks distinct', () => {
    expect([0, 1, 3, 5, 7, 12, 45, 180, 5000].map((n) => countAxis(n).max)).toEqual([
      1, 1, 3, 5, 8, 12, 50, 200, 5000,
    ]);
    expect(countAxis(7).ticks).toEqual([0, 2, 4, 6, 8]);
    for (let n = 0; n <= 2000; n++) {
      const { max, ticks } = countAxis(n);
      expect(max).toBeGreaterThanOrEqual(n);
      expect(new Set(ticks).size).toBe(ticks.length);
      expect(ticks.length).toBeLessThanOrEqual(7);
      expect(ticks.every(Number.isInteger)).toBe(true);
    }
  });
});
