import { Client } from 'pg';
import { planDemo, replayDemoPlan } from '@mutu/demo';
import { CalendarService } from '@mutu/calendar';
import { EntityManager } from '@mikro-orm/postgresql';
import { TransactionRunner } from '@mutu/db';
import {
  type OfficeCalendar,
  officeDate,
  PERFORMER_ROLES,
  renewalLeadTimeMs,
  stepHeldMs,
  stepSla,
  type TimeBasis,
} from '@mutu/domain';
import { DocumentsModule, DocumentsService } from '@mutu/documents';
import { RenewalsModule, RenewalsService } from '@mutu/renewals';
import { SopsModule } from '@mutu/sops';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { ComplianceModule } from './compliance.module';
import { type ComplianceFigures, ComplianceService, type HeadlineFigures } from './compliance.service';

const NOW = new Date('2026-11-24T03:00:00Z');
const TZ = 'Asia/Jakarta';

/** percentile_cont as PostgreSQL defines it: linear interpolation between order statistics. */
function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface Row {
  id: string;
  status: string;
  round: number;
  agency: string;
  holder: string;
  opened_at: Date;
  closed_at: Date | null;
  lead_ms: string | null;
  version: number;
}
interface StepRow {
  renewal_id: string;
  step: number;
  round: number;
  performer_role: string;
  started_at: Date;
  ended_at: Date | null;
  deadline_at: Date | null;
  at_risk_at: Date | null;
  standard_ms: string | null;
  standard_basis: TimeBasis;
  held_ms: string | null;
}

/** The domain's measure of a step at NOW against the deadline fixed at its start (issue 10). */
function measured(s: StepRow, calendar: OfficeCalendar) {
  return stepSla({
    startedAt: s.started_at,
    endedAt: s.ended_at,
    standard: {
      duration: null,
      durationMs: s.standard_ms === null ? null : Number(s.standard_ms),
      basis: s.standard_basis,
    },
    now: NOW,
    calendar,
    fixed: { deadline: s.deadline_at, atRiskAt: s.at_risk_at },
  });
}

/**
 * The same figures, the slow and obvious way: every row fetched, loops in TypeScript, each step
 * measured by the domain (durations and overruns in the standard's basis).
 */
function recompute(
  rows: Row[],
  steps: StepRow[],
  calendar: OfficeCalendar,
  from: string,
  to: string,
  agency?: string,
) {
  const scoped = rows.filter((r) => {
    const day = officeDate(r.opened_at, TZ);
    return day >= from && day <= to && (!agency || r.agency === agency);
  });
  const ids = new Set(scoped.map((r) => r.id));
  const ss = steps.filter((s) => ids.has(s.renewal_id));
  const t = (d: Date | null) => (d ? d.getTime() : NOW.getTime());
  const lead = (rs: Row[]) =>
    rs.filter((r) => r.status === 'completed').map((r) => r.closed_at!.getTime() - r.opened_at.getTime());
  const judged = (list: StepRow[]) => ({
    withStandard: list.filter((s) => s.ended_at && s.deadline_at).length,
    within: list.filter((s) => s.ended_at && s.deadline_at && s.ended_at <= s.deadline_at).length,
    breaches: list.filter((s) => s.deadline_at && t(s.ended_at) > s.deadline_at.getTime()).length,
  });
  const ratio = (a: number, b: number) => (b ? a / b : null);
  const whole = judged(ss);
  return {
    withinStandardShare: ratio(whole.within, whole.withStandard),
    renewals: {
      opened: scoped.length,
      completed: scoped.filter((r) => r.status === 'completed').length,
      cancelled: scoped.filter((r) => r.status === 'cancelled').length,
      running: scoped.filter((r) => !['completed', 'cancelled'].includes(r.status)).length,
      withinStandardShare: ratio(judged(ss).within, judged(ss).withStandard),
      reworkRate: ratio(scoped.filter((r) => r.round > 1).length, scoped.length),
      averageRounds: scoped.length ? scoped.reduce((a, r) => a + r.round, 0) / scoped.length : null,
      leadTime: { medianMs: percentile(lead(scoped), 0.5), p90Ms: percentile(lead(scoped), 0.9) },
      leadTimeDistribution: [0, 1, 3, 7, 14, 30].map((fromDays, i, all) => {
        const toDays = all[i + 1] ?? null;
        const days = lead(scoped).map((ms) => ms / 86_400_000);
        return {
          fromDays,
          toDays,
          completed: days.filter((d) => d >= fromDays && (toDays === null || d < toDays)).length,
        };
      }),
    },
    steps: [1, 2, 3, 4]
      .map((step) => ss.filter((s) => s.step === step))
      .filter((list) => list.length)
      .map((list) => {
        const durations = list.filter((s) => s.ended_at).map((s) => measured(s, calendar).elapsedMs);
        const j = judged(list);
        return {
          step: list[0].step,
          instances: list.length,
          ended: durations.length,
          withinStandardShare: ratio(j.within, j.withStandard),
          breaches: j.breaches,
          atRiskNow: list.filter(
            (s) => !s.ended_at && s.at_risk_at && NOW >= s.at_risk_at && NOW <= s.deadline_at!,
          ).length,
          durationMs: {
            median: percentile(durations, 0.5),
            p90: percentile(durations, 0.9),
            max: durations.length ? Math.max(...durations) : null,
          },
        };
      }),
    heldByPerformer: PERFORMER_ROLES.map((role) => {
      const held = ss
        .filter((s) => s.performer_role === role)
        .reduce((a, s) => a + t(s.ended_at) - s.started_at.getTime(), 0);
      const total = ss.reduce((a, s) => a + t(s.ended_at) - s.started_at.getTime(), 0);
      return { role, heldMs: held, share: ratio(held, total) };
    }),
    agencies: [...new Set(scoped.map((r) => r.agency))]
      .sort((a, b) => a.localeCompare(b, 'id'))
      .map((name) => {
        const rs = scoped.filter((r) => r.agency === name);
        const j = judged(ss.filter((s) => rs.some((r) => r.id === s.renewal_id)));
        return {
          agency: name,
          opened: rs.length,
          completed: rs.filter((r) => r.status === 'completed').length,
          withinStandardShare: ratio(j.within, j.withStandard),
          breaches: j.breaches,
          leadTimeMedianMs: percentile(lead(rs), 0.5),
        };
      }),
    months: [...new Set(scoped.map((r) => officeDate(r.opened_at, TZ).slice(0, 7)))].sort().map((month) => {
      const rs = scoped.filter((r) => officeDate(r.opened_at, TZ).startsWith(month));
      const j = judged(ss.filter((s) => rs.some((r) => r.id === s.renewal_id)));
      return {
        month,
        opened: rs.length,
        completed: rs.filter((r) => r.status === 'completed').length,
        withinStandardShare: ratio(j.within, j.withStandard),
        leadTimeMedianMs: percentile(lead(rs), 0.5),
      };
    }),
    worstOverruns: ss
      .filter((s) => s.deadline_at && t(s.ended_at) > s.deadline_at.getTime())
      .map((s) => measured(s, calendar).overrunMs!)
      .sort((a, b) => b - a)
      .slice(0, 10),
  };
}

/** Float sums and interpolations differ in the last bits between PostgreSQL and JS. */
/** What an overview compares its period with: `figures`' headline and steps without the steps' durations. */
function compared({ steps, ...headline }: HeadlineFigures) {
  return { ...headline, steps: steps.map(({ durationMs: _durations, ...line }) => line) };
}

function rounded(value: unknown): unknown {
  // Twelve significant digits: SQL's and JavaScript's floating-point sums differ in the last bits.
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

describe('compliance figures in SQL, against a slow recomputation', () => {
  let ctx: TestContext;
  let rows: Row[];
  let steps: StepRow[];
  let calendar: OfficeCalendar;

  beforeAll(async () => {
    ctx = await createTestContext({
      imports: [SopsModule, RenewalsModule, DocumentsModule, ComplianceModule],
      now: NOW.toISOString(),
    });
    await replayDemoPlan(
      planDemo({ seed: 11, now: NOW, renewals: 80, days: 120 }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(NOW);
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    rows = (
      await db.query(`SELECT r.id, r.status, r.round, a.name AS agency, h.name AS holder, r.opened_at, r.closed_at,
                             r.lead_ms, v.version
                        FROM renewal r JOIN agency a ON a.id = r.agency_id JOIN holder h ON h.id = r.holder_id
                        JOIN sop_version v ON v.id = r.sop_version_id`)
    ).rows;
    steps = (await db.query('SELECT * FROM step_instance')).rows;
    await db.end();
    calendar = await ctx.get(CalendarService).calendar();
    // Replaying 80 renewals takes a while on a busy CI machine.
  }, 300_000);
  afterAll(() => ctx.close());

  const check = (figures: ComplianceFigures, expected: ReturnType<typeof recompute>) => {
    const { worstCases, period: _p, filters: _f, judgedAt: _j, measure, ...rest } = figures;
    expect(measure).toBe('measured');
    const { worstOverruns, ...expectedRest } = expected;
    expect(rounded(rest)).toEqual(rounded(expectedRest));
    expect(rounded(worstCases.map((w) => w.overrunMs))).toEqual(rounded(worstOverruns));
  };

  it('computes each breakdown only when asked, the same as in the full figures', async () => {
    const service = ctx.get(ComplianceService);
    const period = { from: '2026-07-01', to: '2026-11-24' };
    const full = await service.figures(period);
    const { agencies, months, heldByPerformer, worstCases, ...headline } = full;
    expect(await service.figures(period, undefined, [])).toEqual(headline);
    expect(await service.figures(period, undefined, ['agencies'])).toEqual({ ...headline, agencies });
    expect(await service.figures(period, undefined, ['months'])).toEqual({ ...headline, months });
    expect(await service.figures(period, undefined, ['heldByPerformer', 'worstCases'])).toEqual({
      ...headline,
      heldByPerformer,
      worstCases,
    });
    expect(agencies.length).toBeGreaterThan(1);
    expect(worstCases.length).toBeGreaterThan(0);
  });

  it('reads the same figures on two connections (one snapshot) as in one statement inside a caller’s transaction', async () => {
    const service = ctx.get(ComplianceService);
    const period = { from: '2026-07-01', to: '2026-11-24' };
    const scope = service.scope(period);
    const onTwoConnections = await service.figures(period, scope);
    const inOneStatement = await ctx.get(TransactionRunner).snapshot(() => service.figures(period, scope));
    expect(inOneStatement).toEqual(onTwoConnections);
  });

  it('stores each ended step’s time held and each closed renewal’s lead time as the domain measures them', async () => {
    // The figures sum and order these stored numbers; they are the domain's, to the millisecond.
    const ended = steps.filter((s) => s.ended_at);
    expect(ended.length).toBeGreaterThan(100);
    for (const s of steps)
      expect([s.renewal_id, s.step, s.round, s.held_ms === null ? null : Number(s.held_ms)]).toEqual([
        s.renewal_id,
        s.step,
        s.round,
        s.ended_at ? stepHeldMs(s.started_at, s.ended_at) : null,
      ]);
    expect(rows.filter((r) => r.closed_at).length).toBeGreaterThan(10);
    for (const r of rows)
      expect([r.id, r.lead_ms === null ? null : Number(r.lead_ms)]).toEqual([
        r.id,
        r.closed_at ? renewalLeadTimeMs(r.opened_at, r.closed_at) : null,
      ]);
  });

  it('gives lead times exactly as percentile_cont over closed_at - opened_at gives them', async () => {
    const service = ctx.get(ComplianceService);
    const period = { from: '2026-07-01', to: '2026-11-24' };
    const scope = service.scope(period);
    const figures = await service.figures(period, scope, ['agencies']);
    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    const lead = `(extract(epoch FROM percentile_cont(%) WITHIN GROUP (ORDER BY r.closed_at - r.opened_at)) * 1000)::float8`;
    const { rows: byInterval } = await db
      .query(
        `SELECT a.name AS agency, ${lead.replace('%', '0.5')} AS median, ${lead.replace('%', '0.9')} AS p90
           FROM renewal r JOIN agency a ON a.id = r.agency_id
          WHERE r.status = 'completed' AND r.opened_at >= $1 AND r.opened_at < $2
          GROUP BY ROLLUP (a.name)`,
        [scope.from, scope.before],
      )
      .finally(() => db.end());
    // Byte for byte, not rounded: the stored ms interpolate as the intervals did.
    const whole = byInterval.find((g) => g.agency === null)!;
    expect(figures.renewals.leadTime).toEqual({ medianMs: whole.median, p90Ms: whole.p90 });
    expect(figures.agencies.map((a) => [a.agency, a.leadTimeMedianMs])).toEqual(
      byInterval
        .filter((g) => g.agency !== null)
        .sort((a, b) => a.agency.localeCompare(b.agency, 'id'))
        .map((g) => [g.agency, g.median]),
    );
  });

  it('puts back every planner setting it changed when it runs inside a caller’s transaction', async () => {
    const em = ctx.get(EntityManager);
    const settings = `SELECT current_setting('random_page_cost') AS random_page_cost,
                             current_setting('enable_indexscan') AS enable_indexscan,
                             current_setting('work_mem') AS work_mem, current_setting('jit') AS jit`;
    const period = { from: '2026-07-01', to: '2026-11-24' };
    for (const measure of ['measured', 'recalculated'] as const) {
      const [before, figures, after] = await ctx
        .get(TransactionRunner)
        .snapshot(async () => [
          await em.execute(settings),
          await ctx.get(ComplianceService).figures({ ...period, measure }),
          await em.execute(settings),
        ]);
      expect(figures).toMatchObject({ measure, renewals: { opened: 80 } });
      expect(after).toEqual(before);
    }
  });

  it('holds a running step started after its now (another process’s clock ahead) for 0 ms, as the renewal page does', async () => {
    const [latest] = steps
      .filter((s) => !s.ended_at && rows.find((r) => r.id === s.renewal_id)!.opened_at < s.started_at)
      .sort((a, b) => b.started_at.getTime() - a.started_at.getTime());
    const now = new Date(latest.started_at.getTime() - 60_000);
    const to = officeDate(now, TZ);
    const opened = new Set(rows.filter((r) => officeDate(r.opened_at, TZ) <= to).map((r) => r.id));
    ctx.clock.set(now);
    try {
      const figures = await ctx
        .get(ComplianceService)
        .figures({ from: '2026-07-01', to }, undefined, ['heldByPerformer']);
      expect(figures.heldByPerformer.map((h) => [h.role, h.heldMs])).toEqual(
        PERFORMER_ROLES.map((role) => [
          role,
          steps
            .filter((s) => s.performer_role === role && opened.has(s.renewal_id))
            .reduce((sum, s) => sum + stepHeldMs(s.started_at, s.ended_at ?? now), 0),
        ]),
      );
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it('agrees over the whole history', async () => {
    const figures = await ctx.get(ComplianceService).figures({ from: '2026-07-01', to: '2026-11-24' });
    expect(figures.renewals.opened).toBe(80);
    expect(figures.steps.map((s) => s.step)).toEqual([1, 2, 3, 4]);
    expect(figures.steps.some((s) => s.breaches > 0)).toBe(true);
    const distributed = figures.renewals.leadTimeDistribution.reduce((sum, b) => sum + b.completed, 0);
    expect(distributed).toBe(figures.renewals.completed);
    expect(figures.renewals.leadTimeDistribution.filter((b) => b.completed > 0).length).toBeGreaterThan(1);
    check(figures, recompute(rows, steps, calendar, '2026-07-01', '2026-11-24'));
  });

  it('agrees for one month and one agency, months cut in WIB', async () => {
    const agency = rows[0].agency;
    check(
      await ctx.get(ComplianceService).figures({ from: '2026-10-01', to: '2026-10-31', agency }),
      recompute(rows, steps, calendar, '2026-10-01', '2026-10-31', agency),
    );
  });

  it('gives the trend of one agency as the figures give its months', async () => {
    const service = ctx.get(ComplianceService);
    const query = { from: '2026-07-01', to: '2026-11-24', agency: rows[0].agency };
    const monthly = (await service.figures(query, undefined, ['months'])).months;
    expect(monthly.length).toBeGreaterThan(1);
    expect(await service.trend(service.scope(query))).toEqual(
      monthly.map(({ month, opened, withinStandardShare }) => ({ month, opened, withinStandardShare })),
    );
  });

  it('keeps to one SOP version when asked', async () => {
    const service = ctx.get(ComplianceService);
    const period = { from: '2026-07-01', to: '2026-11-24' };
    const v1 = await service.figures({ ...period, sopVersion: 1 });
    const all = await service.figures(period);
    expect(v1.renewals).toEqual(all.renewals);
    expect(v1.steps).toEqual(all.steps);
    expect(v1.agencies).toEqual(all.agencies);
    const none = await service.figures({ ...period, sopVersion: 2 });
    expect(none.renewals.opened).toBe(0);
    expect(none.steps).toEqual([]);
  });

  it('gives empty figures for a period with no renewals', async () => {
    const figures = await ctx.get(ComplianceService).figures({ from: '2020-01-01', to: '2020-01-31' });
    expect(figures.renewals).toMatchObject({ opened: 0, reworkRate: null, leadTime: { medianMs: null } });
    expect(figures.steps).toEqual([]);
  });

  it('gives the overview’s trend as one read of its months would, the period begun with a month or not', async () => {
    const service = ctx.get(ComplianceService);
    for (const [period, trendFrom] of [
      [{ from: '2026-10-01', to: '2026-10-31' }, '2026-05-01'],
      [{ from: '2026-10-15', to: '2026-11-20' }, '2026-06-01'],
      [{ from: '2026-10-01', to: '2026-11-15' }, '2026-06-01'],
      [{ from: '2026-05-01', to: '2026-11-24' }, '2026-05-01'],
    ] as const) {
      const { scope, trend } = await service.overview(period, async () => null);
      const whole = await service.trend({
        ...service.scope({ from: trendFrom, to: period.to }),
        now: scope.now,
      });
      expect(whole.length).toBeGreaterThan(1);
      expect(trend).toEqual(whole);
    }
  });

  it('gives the head’s dashboard: this month beside the previous one, agencies worst first, what is at risk now', async () => {
    const service = ctx.get(ComplianceService);
    const dashboard = await service.dashboard(); // NOW is in November 2026 (WIB)
    expect([dashboard.month, dashboard.previousMonth]).toEqual(['2026-11', '2026-10']);
    // The same figures as GET /reports/compliance for each month, judged at the same moment.
    expect(dashboard.figures).toEqual(await service.figures({ from: '2026-11-01', to: '2026-11-30' }));
    // The previous month beside it is its headline and steps, without breakdowns or steps' durations.
    const october = { from: '2026-10-01', to: '2026-10-31' };
    expect(dashboard.previous).toStrictEqual(compared(await service.figures(october, undefined, [])));
    expect(dashboard.previous).not.toHaveProperty('agencies');
    check(await service.figures(october), recompute(rows, steps, calendar, '2026-10-01', '2026-10-31'));
    expect(dashboard.trend.map((m) => m.month)).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    // The trend's counts are the figures' monthly breakdown, without computing a figure set.
    const monthly = (await service.figures({ from: '2026-06-01', to: '2026-11-30' }, undefined, ['months']))
      .months;
    expect(dashboard.trend).toEqual(
      monthly.map(({ month, opened, withinStandardShare }) => ({ month, opened, withinStandardShare })),
    );

    const shares = dashboard.agenciesWorstFirst.map((a) => a.withinStandardShare ?? Infinity);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    expect(dashboard.agenciesWorstFirst).toHaveLength(dashboard.figures.agencies.length);

    const running = steps.filter((s) => !s.ended_at && s.at_risk_at && s.at_risk_at <= NOW);
    expect(dashboard.atRiskNow.map((s) => [s.renewalId, s.step, s.breached]).sort()).toEqual(
      running.map((s) => [s.renewal_id, s.step, NOW > s.deadline_at!]).sort(),
    );
    await expect(service.dashboard('2026-13')).rejects.toMatchObject({ problems: [{ field: 'month' }] });
  });

  it('gives the same overview with its parts in turn in one snapshot, and inside a caller’s transaction', async () => {
    const service = ctx.get(ComplianceService);
    const runner = ctx.get(TransactionRunner);
    for (const measure of ['measured', 'recalculated'] as const) {
      const query = { from: '2026-10-01', to: '2026-10-31', measure };
      const atOnce = await service.overview(query, async () => 'beside');
      // While another caller's parts hold connections of their own, these run in turn.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const running = runner.snapshotParts([() => held, () => held]);
      const inTurn = await service.overview(query, async () => 'beside');
      release();
      await running;
      expect(inTurn).toEqual(atOnce);
      expect(await runner.run(() => service.overview(query, async () => 'beside'))).toEqual(atOnce);
      expect(atOnce.figures).toEqual(await service.figures(query));
      expect(atOnce.previous).toStrictEqual(
        compared(await service.figures({ ...query, from: '2026-09-01', to: '2026-09-30' }, undefined, [])),
      );
    }
    await expect(
      service.overview({ from: '2026-10-01', to: '2026-10-31', agency: 'Dinas Tak Ada' }, async () => null),
    ).rejects.toMatchObject({ problems: [{ field: 'agency' }] });
  });

  it('refuses a bad period naming the field', async () => {
    await expect(
      ctx.get(ComplianceService).figures({ from: '2026-11-30', to: '2026-11-01' }),
    ).rejects.toMatchObject({
      problems: [{ field: 'to', message: 'tidak boleh sebelum from' }],
    });
    await expect(
      ctx.get(ComplianceService).figures({ from: '2026-13-01', to: '2026-11-01' }),
    ).rejects.toMatchObject({
      problems: [{ field: 'from' }],
    });
  });
});
