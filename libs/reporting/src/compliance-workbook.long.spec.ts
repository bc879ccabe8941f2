import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ComplianceModule, ComplianceService } from '@mutu/compliance';
import { SopsModule } from '@mutu/sops';
import { fillRenewals } from '../../../test/bench/year-of-renewals';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { ReportingModule } from './reporting.module';
import { ReportingService } from './reporting.service';

const YEAR = { from: '2025-11-01', to: '2026-10-31' };
const RENEWALS = 15_000;

/*
 * A year's workbook longer than PostgreSQL lets a transaction sit idle: the summary's figures
 * are read on connections of their own beside the export's, and nothing the export began waits
 * idle for the rows to be written (a transaction left idle is ended by PostgreSQL, and the
 * export with it).
 */
describe('the compliance workbook of a large year, on PostgreSQL, in the workbook process', () => {
  let ctx: TestContext;
  let reporting: ReportingService;
  let dir: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, ComplianceModule, ReportingModule],
      now: '2026-11-01T00:00:00Z',
      env: { MUTU_DB_IDLE_TX_TIMEOUT_MS: '1000' },
    });
    await fillRenewals(ctx.database.url, {
      count: RENEWALS,
      firstOpenedAt: '2025-11-01 00:00+07',
      spacingSeconds: Math.floor((365 * 86_400) / RENEWALS),
      maxStepMinutes: 6,
    });
    reporting = ctx.get(ReportingService);
    dir = mkdtempSync(join(tmpdir(), 'mutu-workbook-long-'));
  }, 120_000);
  afterAll(async () => {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is written whole when it takes longer than the idle-in-transaction timeout', async () => {
    const figures = await ctx.get(ComplianceService).figures(YEAR, undefined, []);
    const run = await reporting.writeComplianceWorkbook(YEAR, join(dir, 'tahun.xlsx'));
    // Longer than the 1 s PostgreSQL gives a transaction left idle, or the test proves nothing.
    expect(run.exportMs).toBeGreaterThan(1_000);
    const stepRows = figures.steps.reduce((sum, s) => sum + s.instances, 0);
    const breaches = figures.steps.reduce((sum, s) => sum + s.breaches, 0);
    // The summary (17 lines and 4 per step), every renewal, step and breach.
    expect(run.rows).toBe(17 + 4 * figures.steps.length + RENEWALS + stepRows + breaches);
  }, 120_000);

  it('fails with the error of the sheet whose first rows cannot be read, not a later one', async () => {
    // An audit event of the period whose time PostgreSQL cannot read (written by hand: Mutu
    // never writes one): its sheet's first rows fail, read while the figures are computed.
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO audit_event (seq, prev_hash, hash, canonical)
         SELECT coalesce(max(seq), 0) + 1, repeat('0', 64), repeat('1', 64),
                '{"occurredAt":"2026-05-01T00:00:00Zx","actorId":"x","actorRole":"ADMIN","action":"x","entityType":"x","entityId":"x"}'
           FROM audit_event`,
      );
    } finally {
      await db.end();
    }
    await expect(reporting.writeComplianceWorkbook(YEAR, join(dir, 'rusak.xlsx'))).rejects.toMatchObject({
      code: '22007', // invalid_datetime_format, not 25P02 (the transaction already aborted)
    });
  }, 120_000);
});
