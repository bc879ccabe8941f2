import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { RenewalsModule, RenewalsService, type RenewalView } from '@mutu/renewals';
import { SopsModule, SopsService } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { planDemo } from './demo-plan';
import { replayDemoPlan } from './demo-replay';
import { adoptOfficeHoursRevision } from './demo-sop';
import { summarizeDemo } from './demo-summary';

const NOW = new Date('2026-11-24T08:30:00Z'); // Tue 15:30 WIB
const plan = planDemo({ seed: 3, now: NOW, renewals: 20, days: 30 });

describe('replayDemoPlan on PostgreSQL', () => {
  let ctx: TestContext;
  let views: RenewalView[];
  const replayed: number[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [SopsModule, RenewalsModule, DocumentsModule] });
    await adoptOfficeHoursRevision(ctx.get(SopsService), plan);
    views = await replayDemoPlan(
      plan,
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
      (n) => replayed.push(n),
    );
  });
  afterAll(() => ctx.close());

  it('is given a plan worth replaying: reworked, running and completed renewals', () => {
    const statuses = plan.renewals.map((r) => r.expected.status);
    expect(statuses).toContain('completed');
    expect(statuses.some((s) => s.startsWith('step'))).toBe(true);
    expect(plan.renewals.some((r) => r.expected.round > 1)).toBe(true);
  });

  it('stores every renewal where the plan says it stands, with the planned times and actors', () => {
    expect(views).toHaveLength(20);
    views.forEach((view, i) => {
      const planned = plan.renewals[i];
      expect({ status: view.status, round: view.round }).toEqual(planned.expected);
      expect(view.holder.nip).toBe(planned.application.nip);
      expect(view.openedAt.utc).toBe(planned.openedAt.toISOString());
      expect(view.openedBy).toBe(planned.openedBy.id);
      expect(view.version).toBe(1 + planned.actions.length);
      expect(view.timeline.filter((s) => s.endedAt).map((s) => [s.endedAt!.utc, s.actorId])).toEqual(
        planned.actions.map((a) => [a.at.toISOString(), a.principal.id]),
      );
    });
    expect(replayed).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("measures the history at the plan's now: rework and breaches show", () => {
    const summary = summarizeDemo(views);
    expect(summary.total).toBe(20);
    expect(summary.reworked).toBe(plan.renewals.filter((r) => r.expected.round > 1).length);
    expect(
      summary.breachesByStep[1]! + summary.breachesByStep[2]! + summary.breachesByStep[4]!,
    ).toBeGreaterThan(0);
    expect(summary.breachesByStep[3]).toBeNull();
    expect(summary.examples.reworkedCompleted).toMatchObject({ status: 'completed' });
    expect(summary.examples.reworkedCompleted!.round).toBeGreaterThan(1);
    expect(summary.examples.running?.status).toMatch(/^step[1-4]$/);
    const running = views.filter((v) => v.status.startsWith('step'));
    for (const view of running) expect(view.timeline[view.timeline.length - 1].endedAt).toBeNull();
  });

  it('measures steps 1–2 on office hours (the adopted revision): nights and weekends do not count', () => {
    const early = views.flatMap((v) => v.timeline.filter((s) => s.step <= 2));
    expect(new Set(early.map((s) => s.standard.label))).toEqual(new Set(['5 menit jam kerja']));
    const calendarMs = early.map(
      (s) => new Date(s.endedAt?.utc ?? NOW).getTime() - new Date(s.startedAt.utc).getTime(),
    );
    early.forEach((s, i) => expect(s.sla.elapsedMs).toBeLessThanOrEqual(calendarMs[i]));
    const overrun = (ms: number) => Math.max(0, ms - 5 * 60_000);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    // Holders completing BSrE's "Tidak" the next morning: hours on the calendar, minutes in office time.
    expect(sum(early.map((s) => s.sla.overrunMs!))).toBeLessThan(sum(calendarMs.map(overrun)) / 2);
    expect(summarizeDemo(views).standardByStep).toEqual({
      1: '5 menit jam kerja',
      2: '5 menit jam kerja',
      3: '-',
      4: '7 hari kalender',
    });
  });
});
