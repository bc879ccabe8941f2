import { ComplianceModule } from '@mutu/compliance';
import { ReportingModule, ReportingService } from '@mutu/reporting';
import { SopsModule } from '@mutu/sops';
import { pdfPageCount } from '../support/pdf-text';
import { createTestContext } from '../support/test-app';
import { fillRenewals } from './year-of-renewals';

const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };
// Six months (May–October) at one renewal every 535 s: about 5,000 in October, and the months
// before it for the comparison and the trend.
const SPACING_SECONDS = 535;
const MONTHS_DAYS = 184;
const RUNS = 3;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

it('renders the monthly compliance report PDF of a month with 5,000 renewals, with a warm browser', async () => {
  const ctx = await createTestContext({
    imports: [SopsModule, ComplianceModule, ReportingModule],
    now: '2026-11-05T03:00:00Z',
  });
  try {
    let started = process.hrtime.bigint();
    await fillRenewals(ctx.database.url, {
      count: Math.floor((MONTHS_DAYS * 86_400) / SPACING_SECONDS),
      firstOpenedAt: '2026-05-01 00:00+07',
      spacingSeconds: SPACING_SECONDS,
      maxStepMinutes: 10,
    });
    console.log(`filled six months of renewals in ${seconds(started).toFixed(1)} s`);

    const reporting = ctx.get(ReportingService);
    const options = { lang: 'id', generatedBy: 'bench' } as const;
    started = process.hrtime.bigint();
    const first = await reporting.complianceReportPdf(OCTOBER, options);
    const cold = seconds(started);

    const warm: number[] = [];
    let size = 0;
    for (let run = 0; run < RUNS; run++) {
      started = process.hrtime.bigint();
      size = (await reporting.complianceReportPdf(OCTOBER, options)).content.length;
      warm.push(seconds(started));
    }
    // The share of it that is PostgreSQL and templating, without Chromium.
    started = process.hrtime.bigint();
    await reporting.complianceReportHtml(OCTOBER, options);
    const html = seconds(started);
    const ms = (s: number) => `${Math.round(s * 1000)} ms`;
    console.log(
      `compliance report PDF, October with ${first.figures.renewals.opened} renewals ` +
        `(${first.figures.steps.reduce((sum, s) => sum + s.breaches, 0)} breaches), ` +
        `${pdfPageCount(first.content)} pages, ${Math.round(size / 1024)} KiB: cold ${ms(cold)} (Chromium launch included); ` +
        `warm ${warm.map(ms).join(', ')} (target < 3 s with a warm browser), of which figures and HTML ${ms(html)}`,
    );
    expect(first.figures.renewals.opened).toBeGreaterThanOrEqual(5_000);
  } finally {
    await ctx.close();
  }
});
