import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplianceModule } from '@mutu/compliance';
import { ReportingModule, ReportingService } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';
import { createTestContext } from '../support/test-app';
import { fillYearOfRenewals, RENEWALS } from './year-of-renewals';

it(`writes a year's compliance workbook with ${RENEWALS * 4} step rows in bounded memory`, async () => {
  const ctx = await createTestContext({
    imports: [SopsModule, ComplianceModule, ReportingModule],
    now: '2026-11-01T00:00:00Z',
  });
  const dir = mkdtempSync(join(tmpdir(), 'mutu-excel-bench-'));
  try {
    let started = Date.now();
    await fillYearOfRenewals(ctx.database.url, 6);
    console.log(
      `filled ${RENEWALS} renewals / ${RENEWALS * 4} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const path = join(dir, 'kepatuhan.xlsx');
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    let peakHeap = 0;
    let peakBuffers = 0;
    const poll = setInterval(() => {
      const usage = process.memoryUsage();
      peak = Math.max(peak, usage.rss);
      peakHeap = Math.max(peakHeap, usage.heapUsed);
      peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
    }, 100);
    started = Date.now();
    let rows = 0;
    try {
      rows = await ctx
        .get(ReportingService)
        .writeComplianceWorkbook({ from: '2025-11-01', to: '2026-10-31' }, path, {
          onProgress: (n) => (rows = n),
        });
    } finally {
      clearInterval(poll);
    }
    const seconds = (Date.now() - started) / 1000;
    const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
    console.log(
      `excel workbook: ${rows} rows in ${seconds.toFixed(1)} s, file ${mb(statSync(path).size)}, ` +
        `peak RSS ${mb(peak)} (before export ${mb(baseline)}; peak heap used ${mb(peakHeap)}, ` +
        `buffers ${mb(peakBuffers)}) (target < 60 s, < 300 MB)`,
    );
    expect(rows).toBeGreaterThan(RENEWALS * 5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ctx.close();
  }
});
