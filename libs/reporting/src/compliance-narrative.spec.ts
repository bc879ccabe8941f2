import type { ComplianceFigures } from '@mutu/compliance';
import { complianceNarrative } from './compliance-narrative';
import { ReportFormatter } from './compliance-report.format';

type Figures = Pick<ComplianceFigures, 'period' | 'renewals' | 'steps'>;
const HOUR = 3_600_000;

/** Figures of a period: renewals opened, median lead time, and per step its share and breaches. */
function figures(
  from: string,
  to: string,
  opened: number,
  medianMs: number | null,
  steps: Array<[step: number, share: number | null, breaches: number]>,
): Figures {
  return {
    period: { from, to, timeZone: 'Asia/Jakarta' },
    renewals: {
      opened,
      completed: opened,
      cancelled: 0,
      running: 0,
      withinStandardShare: null,
      reworkRate: 0,
      averageRounds: 1,
      leadTime: { medianMs, p90Ms: medianMs },
      leadTimeDistribution: [],
    },
    steps: steps.map(([step, withinStandardShare, breaches]) => ({
      step,
      instances: opened,
      ended: opened,
      withinStandardShare,
      breaches,
      atRiskNow: 0,
      durationMs: { median: null, p90: null, max: null },
    })),
  };
}

const label = (step: number) => `Langkah ${step}`;
const id = new ReportFormatter('id', 'Asia/Jakarta');
const en = new ReportFormatter('en', 'Asia/Jakarta');

describe('the narrative of what changed since the previous period', () => {
  const september = figures('2026-09-01', '2026-09-30', 29, 141 * HOUR, [
    [1, 0.706, 10],
    [2, 0.736, 9],
    [3, null, 0],
    [4, 0.9, 2],
  ]);
  const october = figures('2026-10-01', '2026-10-31', 36, 119 * HOUR, [
    [1, 0.675, 13],
    [2, 0.949, 2],
    [3, null, 0],
    [4, 0.9, 4],
  ]);

  it('tells renewals opened, each step’s share in points, breaches, the worst step and the lead time', () => {
    expect(complianceNarrative(october, september, id, label)).toEqual([
      'Permohonan yang masuk naik dari 29 menjadi 36 (+24,1%) dibanding periode sebelumnya (September 2026).',
      'Langkah yang selesai dalam mutu baku: Langkah 1 67,5% (turun 3,1 poin); Langkah 2 94,9% (naik 21,3 poin); Langkah 4 90,0% (tetap).',
      'Pelanggaran mutu baku: 19 (periode sebelumnya 21).',
      'Pelanggaran terbanyak pada Langkah 1: 13.',
      'Separuh permohonan selesai dalam 4 hari 23 jam, lebih cepat dari periode sebelumnya (5 hari 21 jam).',
    ]);
  });

  it('says the same in English, and a fall as a fall', () => {
    expect(complianceNarrative(september, october, en, (n) => `Step ${n}`)).toEqual([
      'Renewals received fell from 36 to 29 (−19.4%) compared with the previous period (October 2026).',
      'Steps ended within the standard: Step 1 70.6% (up 3.1 points); Step 2 73.6% (down 21.3 points); Step 4 90.0% (unchanged).',
      'Time standard breaches: 21 (previous period 19).',
      'Most breaches at Step 1: 10.',
      'Half of renewals were done within 5 days 21 hours, slower than the previous period (4 days 23 hours).',
    ]);
  });

  it('names a period that is not a calendar month by its dates', () => {
    const current = figures('2026-10-16', '2026-10-31', 5, HOUR, [[1, 1, 0]]);
    const previous = figures('2026-09-30', '2026-10-15', 5, HOUR, [[1, 1, 0]]);
    expect(complianceNarrative(current, previous, id, label)).toEqual([
      'Permohonan yang masuk tetap 5, sama dengan periode sebelumnya (30 September 2026 s.d. 15 Oktober 2026).',
      'Langkah yang selesai dalam mutu baku: Langkah 1 100,0% (tetap).',
      'Tidak ada pelanggaran mutu baku.',
      'Separuh permohonan selesai dalam 1 jam, sama dengan periode sebelumnya.',
    ]);
  });

  it('has nothing to compare with after an empty period, and little to say of an empty one', () => {
    const empty = figures('2026-09-01', '2026-09-30', 0, null, []);
    expect(complianceNarrative(october, empty, id, label)).toEqual([
      'Pada periode sebelumnya (September 2026) tidak ada permohonan; pada periode ini masuk 36 permohonan.',
      'Langkah yang selesai dalam mutu baku: Langkah 1 67,5%; Langkah 2 94,9%; Langkah 4 90,0%.',
      'Pelanggaran mutu baku: 19 (periode sebelumnya 0).',
      'Pelanggaran terbanyak pada Langkah 1: 13.',
      'Separuh permohonan selesai dalam 4 hari 23 jam.',
    ]);
    expect(complianceNarrative(figures('2026-11-01', '2026-11-30', 0, null, []), october, id, label)).toEqual(
      ['Tidak ada permohonan yang masuk dalam periode ini.'],
    );
  });
});
