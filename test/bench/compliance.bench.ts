import { ComplianceModule, ComplianceService } from '@mutu/compliance';
import { SopsModule } from '@mutu/sops';
import { createTestContext } from '../support/test-app';
import { fillYearOfRenewals, RENEWALS } from './year-of-renewals';

it(`computes a year's compliance figures over ${RENEWALS * 4} step rows`, async () => {
  const ctx = await createTestContext({
    imports: [SopsModule, ComplianceModule],
    now: '2026-11-01T00:00:00Z',
  });
  try {
    let started = Date.now();
    await fillYearOfRenewals(ctx.database.url, 10);
    console.log(
      `filled ${RENEWALS} renewals / ${RENEWALS * 4} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const compliance = ctx.get(ComplianceService);
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      started = Date.now();
      const figures = await compliance.figures({ from: '2025-11-01', to: '2026-10-31' });
      times.push(Date.now() - started);
      expect(figures.renewals.opened).toBe(RENEWALS);
    }
    console.log(
      `compliance figures, one year, ${RENEWALS * 4} step rows: ${times.map((t) => `${t} ms`).join(', ')} (target < 1000 ms)`,
    );
  } finally {
    await ctx.close();
  }
});
