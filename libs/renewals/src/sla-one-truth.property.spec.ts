import fc from 'fast-check';
import { Client } from 'pg';
import { CalendarService } from '@mutu/calendar';
import { ComplianceModule, ComplianceService } from '@mutu/compliance';
import { AlertsRepository, type StepExportRow, TransactionRunner } from '@mutu/db';
import { DocumentsModule } from '@mutu/documents';
import { dayToCalendarDate, officeDate, type Principal, stepSla, type TimeBasis } from '@mutu/domain';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { APPLICATION, VERIFIER } from '../../../test/support/renewal-fixtures';
import { RenewalsModule } from './renewals.module';
import { RenewalsService } from './renewals.service';
import { SlaMeasurementsService } from './sla-measurements.service';

const MIN = 60_000;
const DAY = 86_400_000;
const ADMIN: Principal = { id: 'admin-1', role: 'ADMIN', holderNip: null, agencies: [] };
// The window the steps live in: December 2026 to February 2027, Christmas and New Year inside.
const WINDOW_START = Date.UTC(2026, 11, 1);
const WINDOW_DAYS = 70;
const FIRST_DAY = WINDOW_START / DAY;

interface StepCase {
  startOffset: number;
  /** When it ends, from the deadline fixed at its start (from its start without a standard); null: running. */
  endDelta: number | null;
  standardMs: number | null;
  basis: TimeBasis;
}

const nearArb = fc.integer({ min: -3 * DAY, max: 3 * DAY });
const stepArb: fc.Arbitrary<StepCase> = fc.record({
  startOffset: fc.integer({ min: 0, max: 40 * DAY }),
  endDelta: fc.option(nearArb, { nil: null, freq: 4 }),
  standardMs: fc.oneof(
    { arbitrary: fc.constant(7 * DAY), weight: 3 },
    { arbitrary: fc.constantFrom(5 * MIN, null), weight: 1 },
    { arbitrary: fc.integer({ min: MIN, max: 10 * DAY }), weight: 1 },
  ),
  basis: fc.constantFrom<TimeBasis>('working', 'working', 'calendar'),
});
const dayArb = fc.integer({ min: 0, max: WINDOW_DAYS }).map((d) => dayToCalendarDate(FIRST_DAY + d));
/** A day off added (or taken away) within a few days of one step's start, where it matters. */
const editArb = fc.record({
  step: fc.nat(),
  daysAfterStart: fc.integer({ min: 0, max: 12 }),
  add: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
});

async function sql(url: string, text: string, params: unknown[] = []) {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return (await db.query(text, params)).rows;
  } finally {
    await db.end();
  }
}

/**
 * Issue 10's law: for any steps, whatever the calendar edits between their starts and their
 * ends, and whenever asked, the renewal page, the list filters, the figures, the workbook rows
 * and the SLA watch say the same of every step.
 */
describe('one truth for SLA time, for any steps and calendar edits (fast-check, PostgreSQL)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, ComplianceModule],
      now: '2026-12-01T01:00:00Z',
    });
  }, 240_000);
  afterAll(() => ctx.close());

  it('gives one answer per step in the view, the lists, the figures, the workbook and the watch', async () => {
    const renewals = ctx.get(RenewalsService);
    const compliance = ctx.get(ComplianceService);
    const calendars = ctx.get(CalendarService);
    const url = ctx.database.url;
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 4 }),
        fc.array(editArb, { minLength: 1, maxLength: 6 }),
        nearArb,
        fc.tuple(dayArb, dayArb),
        async (cases, edits, nowDelta, [a, b]) => {
          await sql(url, 'DELETE FROM step_instance');
          await sql(url, 'DELETE FROM supporting_document');
          await sql(url, 'DELETE FROM renewal');
          // Each step is step 1 of a renewal of its own, its times and standard set as given,
          // its deadline fixed with the calendar as it stands at its start.
          const startCalendar = await calendars.calendar();
          const ids: string[] = [];
          const ends: (Date | null)[] = [];
          let firstDeadline = Number.NEGATIVE_INFINITY;
          for (const [i, c] of cases.entries()) {
            const r = await renewals.open(
              { ...APPLICATION, nip: `198701012010011${String(1 + i).padStart(3, '0')}` },
              VERIFIER,
            );
            const startedAt = new Date(WINDOW_START + c.startOffset);
            const standard = { duration: null, durationMs: c.standardMs, basis: c.basis };
            const fixed = stepSla({
              startedAt,
              endedAt: null,
              standard,
              now: startedAt,
              calendar: startCalendar,
            });
            const atRiskAt =
              c.standardMs === null
                ? null
                : startCalendar.addElapsedMs(startedAt, Math.round(c.standardMs * 0.8), c.basis);
            await sql(url, 'UPDATE renewal SET opened_at = $2 WHERE id = $1', [r.id, startedAt]);
            await sql(
              url,
              `UPDATE step_instance SET started_at = $2, renewal_opened_at = $2, standard_ms = $3, standard_basis = $4,
                      deadline_at = $5, at_risk_at = $6 WHERE renewal_id = $1`,
              [r.id, startedAt, c.standardMs, c.basis, fixed.deadline, atRiskAt],
            );
            ids.push(r.id);
            const anchor = (fixed.deadline ?? startedAt).getTime();
            if (i === 0) firstDeadline = anchor;
            ends.push(
              c.endDelta === null ? null : new Date(Math.max(startedAt.getTime(), anchor + c.endDelta)),
            );
          }
          // The calendar is edited while they run; then those that end are measured as they end.
          for (const edit of edits) {
            const startDay = Math.floor((WINDOW_START + cases[edit.step % cases.length].startOffset) / DAY);
            const date = dayToCalendarDate(startDay + edit.daysAfterStart);
            if (edit.add) await calendars.put(date, { name: 'Libur', kind: 'cuti_bersama' }, ADMIN);
            else await calendars.remove(date, ADMIN).catch(() => undefined); // not a holiday: nothing to take away
          }
          for (const [i, endedAt] of ends.entries()) {
            if (endedAt)
              await sql(url, 'UPDATE step_instance SET ended_at = $2 WHERE renewal_id = $1', [
                ids[i],
                endedAt,
              ]);
          }
          await ctx.get(SlaMeasurementsService).measureUnmeasured();

          // Judged after every start and end: an ended step ended in the past.
          const now = new Date(
            Math.max(
              firstDeadline + nowDelta,
              ...cases.map((c) => WINDOW_START + c.startOffset),
              ...ends.map((end) => end?.getTime() ?? 0),
            ),
          );
          ctx.clock.set(now);
          // A report period of days up to today (a period may not start in the future).
          const today = officeDate(now, 'Asia/Jakarta');
          const [from, to] = [a, b].map((d) => (d < today ? d : today)).sort();
          const page = await Promise.all(ids.map((id) => renewals.get(id, VERIFIER)));
          const status = page.map((v) => v.timeline[0].sla.status);
          const overrun = page.map((v) => v.timeline[0].sla.overrunMs);

          const listed = async (filter: 'breachedOnly' | 'atRiskOnly') =>
            new Set(
              (await renewals.list({ [filter]: true, page: 1, pageSize: 50 }, VERIFIER)).items.map(
                (r) => r.id,
              ),
            );
          const breachedListed = await listed('breachedOnly');
          const atRiskListed = await listed('atRiskOnly');
          ids.forEach((id, i) => {
            expect([id, breachedListed.has(id)]).toEqual([id, status[i] === 'breached']);
            expect([id, atRiskListed.has(id)]).toEqual([id, status[i] === 'at_risk']);
          });

          // The SLA watch decides on running steps: breached or at risk exactly as the page says.
          const claimed = await ctx
            .get(TransactionRunner)
            .run(() => ctx.get(AlertsRepository).claimSlaCrossings(now, 100));
          await sql(url, 'UPDATE step_instance SET at_risk_notified_at = NULL, breach_notified_at = NULL');
          const crossing = new Map(claimed.map((c) => [c.renewal_id, c.crossing]));
          ids.forEach((id, i) => {
            const expected =
              ['breached', 'at_risk'].includes(status[i]) && ends[i] === null ? status[i] : undefined;
            expect([id, crossing.get(id)]).toEqual([id, expected]);
          });

          // Figures and workbook rows for a report period: the steps of renewals opened in it.
          const figures = await compliance.figures({ from, to });
          const rows: StepExportRow[] = [];
          await ctx.get(TransactionRunner).run(async () => {
            const { steps } = await compliance.workbookRows(compliance.scope({ from, to }), 100);
            for await (const batch of steps) rows.push(...batch);
          });
          const inPeriod = ids.flatMap((id, i) => (rows.some((row) => row.renewal_id === id) ? [i] : []));
          const count = (s: string) => inPeriod.filter((i) => status[i] === s).length;
          const step1 = figures.steps.find((s) => s.step === 1);
          expect(step1?.breaches ?? 0).toBe(count('breached'));
          expect(step1?.atRiskNow ?? 0).toBe(count('at_risk'));
          expect(figures.worstCases.map((w) => [w.renewalId, w.overrunMs]).sort()).toEqual(
            inPeriod
              .filter((i) => status[i] === 'breached')
              .map((i) => [ids[i], overrun[i]])
              .sort(),
          );
          // Time held per performer (stored as steps end, or as first measured; running ones until
          // now) and the completed renewals' lead times: as the renewal pages add them up.
          const heldByRole = new Map<string, number>();
          for (const i of inPeriod)
            for (const [role, ms] of Object.entries(page[i].sla.heldMsByRole))
              heldByRole.set(role, (heldByRole.get(role) ?? 0) + ms);
          expect(figures.heldByPerformer.map((h) => [h.role, h.heldMs])).toEqual(
            figures.heldByPerformer.map((h) => [h.role, heldByRole.get(h.role) ?? 0]),
          );
          for (const i of inPeriod) {
            const row = rows.find((r) => r.renewal_id === ids[i])!;
            const expected = ['on_track', 'at_risk'].includes(status[i]) ? 'running' : status[i];
            expect([ids[i], row.sla]).toEqual([ids[i], expected]);
            if (status[i] === 'breached') {
              expect(Math.round(row.overrun_minutes! * MIN)).toBe(overrun[i]);
            }
          }
        },
      ),
      { numRuns: 15, endOnFailure: true },
    );
  }, 300_000);
});
