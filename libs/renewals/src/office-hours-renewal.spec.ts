import { Client } from 'pg';
import { CalendarService } from '@mutu/calendar';
import { samplePdf, OFFICE_HOURS_REVISION } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { DEFAULT_WEEKLY_HOURS } from '@mutu/domain';
import { SopsModule, SopsService } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { APPLICATION, VERIFIER } from '../../../test/support/renewal-fixtures';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';

const MIN = 60_000;
const wib = (local: string) => new Date(`${local}+07:00`);
const admin = { id: 'admin', role: 'ADMIN' as const };

/** A renewal on the office-hours revision of the SOP: steps 1–2 measured in jam kerja. */
describe('a renewal measured on office hours', () => {
  let ctx: TestContext;
  let renewals: RenewalsService;

  const storedDeadlines = async () => {
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ step: number; deadline_at: Date | null; at_risk_at: Date | null }>(
        'SELECT step, deadline_at, at_risk_at FROM step_instance ORDER BY started_at',
      );
      return rows;
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule],
      now: '2027-01-08T09:25:00Z', // Fri 16:25 WIB
    });
    renewals = ctx.get(RenewalsService);
    await ctx.get(SopsService).loadFile(OFFICE_HOURS_REVISION, 'cli:admin', { effectiveOn: '2027-01-04' });
  });
  afterAll(() => ctx.close());

  it('opens at Fri 16:25 with step 1 due at Monday’s opening, done Mon 07:33: 8 minutes, breached by 3', async () => {
    let renewal = await renewals.open(APPLICATION, VERIFIER);
    const [step1] = renewal.timeline;
    expect(step1.standard).toEqual({
      duration: 'PT5M',
      basis: 'office_hours',
      label: '5 menit jam kerja',
      labelEn: '5 minutes of office hours',
    });
    // Five office minutes are used up at Friday's 16:30 close and no more is taken before
    // Monday's 07:30 opening: the step is due then (slaDeadline). At risk from 16:29 on Friday
    // (80 % of 5 office minutes), both fixed when the step started.
    expect(step1.sla.deadline).toEqual(wib('2027-01-11T07:30'));
    expect(await storedDeadlines()).toEqual([
      { step: 1, deadline_at: wib('2027-01-11T07:30'), at_risk_at: wib('2027-01-08T16:29') },
    ]);

    // The office stays open until 17:00 on Fridays from now on: the running step keeps its deadline.
    await ctx
      .get(CalendarService)
      .setWeeklyHours({ ...DEFAULT_WEEKLY_HOURS, fri: { opens: '07:30', closes: '17:00' } }, admin);
    expect((await storedDeadlines())[0].deadline_at).toEqual(wib('2027-01-11T07:30'));
    await ctx.get(CalendarService).setWeeklyHours(DEFAULT_WEEKLY_HOURS, admin);

    ctx.clock.set(wib('2027-01-11T07:33')); // Mon
    for (const item of ['surat-rekomendasi', 'ktp', 'sk-jabatan']) {
      await ctx
        .get(DocumentsService)
        .upload(renewal.id, { item, bytes: samplePdf([item]), fileName: `${item}.pdf` }, VERIFIER);
    }
    renewal = await renewals.act(renewal.id, renewal.version, { action: 'documents_ready' }, VERIFIER);
    expect(renewal.timeline[0].sla).toMatchObject({
      elapsedMs: 8 * MIN,
      status: 'breached',
      overrunMs: 3 * MIN,
    });
    // Step 2 started at 07:33 Monday: due 07:38, in office time.
    expect(renewal.timeline[1].sla.deadline).toEqual(wib('2027-01-11T07:38'));
    expect((await storedDeadlines())[1]).toEqual({
      step: 2,
      deadline_at: wib('2027-01-11T07:38'),
      at_risk_at: wib('2027-01-11T07:37'),
    });
  });
});
