import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CalendarService } from '@mutu/calendar';
import { ComplianceModule, ComplianceService } from '@mutu/compliance';
import { SOP_DEFINITIONS_DIR } from '@mutu/config';
import { AlertsRepository, type StepExportRow, TransactionRunner } from '@mutu/db';
import { samplePdf } from '@mutu/demo';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { type Principal, stepHeldMs } from '@mutu/domain';
import { SopsModule, SopsService } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { APPLICATION, BSRE, VERIFIER } from '../../../test/support/renewal-fixtures';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';
import { SlaMeasurementsService } from './sla-measurements.service';

const CODE = 'pembaruan-sertifikat-elektronik';
const REQUIRED = ['surat-rekomendasi', 'ktp', 'sk-jabatan'];
const ADMIN: Principal = { id: 'admin-1', role: 'ADMIN', holderNip: null, agencies: [] };
const wib = (local: string) => new Date(`${local}+07:00`);
const PERIOD = { from: '2026-12-01', to: '2026-12-31' };

/** The revision of issue 10: step 4's seven days on the working basis from 1 December 2026. */
function workingDaysRevision() {
  const definition = JSON.parse(readFileSync(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`), 'utf8'));
  definition.identity.revisedOn = '2026-12-01';
  definition.identity.effectiveOn = '2026-12-01';
  definition.steps[3].time = { duration: 'P7D', basis: 'working', label: '7 Hari Kerja' };
  return definition;
}

async function sql(url: string, text: string) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(text)).rows;
  } finally {
    await db.end();
  }
}

describe('one truth for SLA time (issue 10) on PostgreSQL', () => {
  let ctx: TestContext;
  let renewals: RenewalsService;
  let compliance: ComplianceService;

  /** Opens a renewal for `nip` and brings it to step 4, which starts at `step4At`. */
  async function toStep4(nip: string, step4At: Date): Promise<string> {
    ctx.clock.set(new Date(step4At.getTime() - 10 * 60_000));
    let r = await renewals.open({ ...APPLICATION, nip, certificateSerial: `BSRE-${nip}` }, VERIFIER);
    for (const item of REQUIRED) {
      await ctx
        .get(DocumentsService)
        .upload(r.id, { item, bytes: samplePdf([item, nip]), fileName: `${item}.pdf` }, VERIFIER);
    }
    r = await renewals.act(r.id, r.version, { action: 'documents_ready' }, VERIFIER);
    r = await renewals.act(
      r.id,
      r.version,
      { action: 'submitted_to_ams', amsReference: `AMS-${nip}`, passphraseSet: true },
      VERIFIER,
    );
    ctx.clock.set(step4At);
    r = await renewals.act(r.id, r.version, { action: 'verification_complete' }, BSRE);
    return r.id;
  }

  async function inform(id: string, at: Date) {
    ctx.clock.set(at);
    const r = await renewals.get(id, VERIFIER);
    await renewals.act(
      id,
      r.version,
      { action: 'holder_informed', channel: 'EMAIL', validFrom: '2027-01-01', validUntil: '2029-01-01' },
      VERIFIER,
    );
  }

  /** What each reader says about step 4 of renewal `id`: page, list, figures' worst case, workbook row. */
  async function everywhere(id: string, measure?: 'measured' | 'recalculated') {
    const view = await renewals.get(id, VERIFIER);
    const step4 = view.timeline.find((s) => s.step === 4)!;
    const listed = await renewals.list({ breachedOnly: true, page: 1, pageSize: 50 }, VERIFIER);
    const figures = await compliance.figures({ ...PERIOD, measure });
    const rows: StepExportRow[] = [];
    await ctx.get(TransactionRunner).run(async () => {
      const { steps } = await compliance.workbookRows(compliance.scope({ ...PERIOD, measure }), 100);
      for await (const batch of steps) {
        rows.push(...batch);
      }
    });
    const row = rows.find((s) => s.renewal_id === id && s.step === 4)!;
    return {
      page: { status: step4.sla.status, overrunMs: step4.sla.overrunMs },
      listedAsBreached: listed.items.some((r) => r.id === id),
      worstOverrunMs: figures.worstCases.find((w) => w.renewalId === id && w.step === 4)?.overrunMs ?? 0,
      workbook: { status: row.sla, overrunMs: Math.round(row.overrun_minutes! * 60_000) },
      measure: figures.measure,
    };
  }

  let case1: string;
  let case2: string;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, ComplianceModule],
      now: '2026-12-01T03:00:00Z',
    });
    renewals = ctx.get(RenewalsService);
    compliance = ctx.get(ComplianceService);
    await ctx.get(SopsService).load(workingDaysRevision(), 'revisi.json', 'test');
    // Case 1's step 4 starts before 31 December is made cuti bersama, case 2's after it.
    case1 = await toStep4('198701012010011001', wib('2026-12-23T09:55:53'));
    ctx.clock.set(wib('2026-12-23T09:56:00'));
    await ctx
      .get(CalendarService)
      .put('2026-12-31', { name: 'Cuti Bersama Tahun Baru', kind: 'cuti_bersama' }, ADMIN);
    case2 = await toStep4('198701012010011002', wib('2026-12-23T09:56:08'));
    await inform(case1, wib('2027-01-07T14:01:03.594'));
    await inform(case2, wib('2027-01-11T09:00:14.114'));
  }, 240_000);
  afterAll(() => ctx.close());

  it('case 1: a holiday added while step 4 ran leaves its fixed deadline, and every reader says breached', async () => {
    expect(await everywhere(case1)).toEqual({
      page: { status: 'breached', overrunMs: 14_710_594 },
      listedAsBreached: true,
      worstOverrunMs: 14_710_594,
      workbook: { status: 'breached', overrunMs: 14_710_594 },
      measure: 'measured',
    });
  });

  it('case 2: the overrun is working time past the deadline, the same everywhere', async () => {
    expect(await everywhere(case2)).toEqual({
      page: { status: 'breached', overrunMs: 83_046_114 },
      listedAsBreached: true,
      worstOverrunMs: 83_046_114,
      workbook: { status: 'breached', overrunMs: 83_046_114 },
      measure: 'measured',
    });
    const step4 = (await compliance.figures(PERIOD)).steps.find((s) => s.step === 4)!;
    expect(step4).toMatchObject({ breaches: 2, withinStandardShare: 0 });
    // Durations are working time too: 7 working days plus each overrun, never the weekends.
    expect(step4.durationMs.max).toBe(7 * 86_400_000 + 83_046_114);
  });

  it('recalculates a period beside the measurement, audited, and reports either on request', async () => {
    ctx.clock.set(wib('2027-01-12T08:00'));
    const recalculation = await ctx
      .get(SlaMeasurementsService)
      .recalculate({ ...PERIOD, reason: 'Cuti bersama 31 Desember ditetapkan' }, ADMIN);
    expect(recalculation).toMatchObject({ steps: 8, statusChanged: 1, requestedBy: 'admin-1' });

    // As measured: unchanged. As recalculated: case 1's deadline moves to 8 January, so it was met.
    expect((await everywhere(case1)).worstOverrunMs).toBe(14_710_594);
    expect(await everywhere(case1, 'recalculated')).toMatchObject({
      worstOverrunMs: 0,
      workbook: { status: 'met', overrunMs: 0 },
      measure: 'recalculated',
    });
    expect((await compliance.figures({ ...PERIOD, measure: 'recalculated' })).steps[3].breaches).toBe(1);
    expect((await compliance.figures(PERIOD)).steps[3].breaches).toBe(2);

    const rows = await sql(
      ctx.database.url,
      `SELECT c ->> 'actorId' AS actor_id, c ->> 'action' AS action, c -> 'after' AS after
         FROM (SELECT canonical::jsonb AS c FROM audit_event) e WHERE c ->> 'action' = 'sla.recalculated'`,
    );
    expect(rows).toEqual([
      {
        actor_id: 'admin-1',
        action: 'sla.recalculated',
        after: expect.objectContaining({ reason: 'Cuti bersama 31 Desember ditetapkan', steps: 8 }),
      },
    ]);
  });

  it('refuses a recalculation without a reason, naming the field', async () => {
    await expect(
      ctx.get(SlaMeasurementsService).recalculate({ ...PERIOD, reason: ' ' }, ADMIN),
    ).rejects.toMatchObject({ problems: [{ field: 'reason' }] });
  });

  it('measures at start the steps that ended before measurements were stored', async () => {
    await sql(
      ctx.database.url,
      `UPDATE step_instance SET sla_status = NULL, sla_elapsed_ms = NULL, sla_overrun_ms = NULL, held_ms = NULL`,
    );
    expect(await ctx.get(SlaMeasurementsService).measureUnmeasured()).toBe(8);
    // Their time held is stored with the measurement, as a step's end stores it.
    const ended = await sql(
      ctx.database.url,
      'SELECT started_at, ended_at, held_ms::float8 AS held_ms FROM step_instance WHERE ended_at IS NOT NULL',
    );
    expect(ended).toHaveLength(8);
    for (const step of ended) expect(step.held_ms).toBe(stepHeldMs(step.started_at, step.ended_at));
    // The deadline fixed at the start still rules: case 1 stays breached by the same overrun.
    expect((await everywhere(case1)).page).toEqual({ status: 'breached', overrunMs: 14_710_594 });
    expect((await everywhere(case2)).page).toEqual({ status: 'breached', overrunMs: 83_046_114 });
  });

  it('tells the SLA watch nothing about ended steps', async () => {
    const claimed = await ctx
      .get(TransactionRunner)
      .run(() => ctx.get(AlertsRepository).claimSlaCrossings(wib('2027-02-01T08:00'), 100));
    expect(claimed).toEqual([]);
  });

  it("reads the workbook's step rows in batches of the size asked, in order, the same rows whatever the size", async () => {
    const read = (batchSize: number) =>
      ctx.get(TransactionRunner).snapshot(async () => {
        const batches: StepExportRow[][] = [];
        const { steps } = await compliance.workbookRows(compliance.scope(PERIOD), batchSize);
        for await (const batch of steps) batches.push(batch);
        return batches;
      });
    const [whole] = await read(1_000);
    expect(whole.length).toBeGreaterThan(3);
    const inThrees = await read(3);
    expect(inThrees.map((b) => b.length)).toEqual(
      Array.from({ length: Math.ceil(whole.length / 3) }, (_, i) => Math.min(3, whole.length - 3 * i)),
    );
    expect(inThrees.flat()).toEqual(whole);
  });
});
