import {
  decide,
  isCalendarDate,
  nipProblem,
  openRenewal,
  type RenewalSnapshot,
  type StepStandards,
  wibDate,
} from '@mutu/domain';
import { planDemo, type PlannedRenewal } from './demo-plan';

const NOW = new Date('2026-11-24T21:07:00Z'); // Wed 04:07 WIB
const DAY = 86_400_000;
const plan = planDemo({ seed: 555, now: NOW });

const STANDARDS: StepStandards = {
  1: { duration: 'PT5M', durationMs: 5 * 60_000, basis: 'calendar' },
  2: { duration: 'PT5M', durationMs: 5 * 60_000, basis: 'calendar' },
  3: { duration: null, durationMs: null, basis: 'calendar' },
  4: { duration: 'P7D', durationMs: 7 * DAY, basis: 'calendar' },
};

/** Runs a planned renewal through the real state machine; throws where the plan breaks the SOP. */
function finalSnapshot(renewal: PlannedRenewal): RenewalSnapshot {
  let snapshot = openRenewal(renewal.openedBy, renewal.openedAt, STANDARDS);
  for (const { command, principal, at } of renewal.actions) {
    snapshot = decide(snapshot, command, principal, at, STANDARDS).next;
  }
  return snapshot;
}

const share = (predicate: (r: PlannedRenewal) => boolean) =>
  plan.renewals.filter(predicate).length / plan.renewals.length;
const tidak = (r: PlannedRenewal) =>
  r.actions.filter((a) => a.command.action === 'verification_incomplete').length;
const durationsOf = (action: string) =>
  plan.renewals.flatMap((r) =>
    r.actions.flatMap((a, i) =>
      a.command.action === action &&
      (i === 0 || r.actions[i - 1].command.action !== 'verification_incomplete')
        ? [a.at.getTime() - (i === 0 ? r.openedAt : r.actions[i - 1].at).getTime()]
        : [],
    ),
  );

describe('planDemo', () => {
  it('gives the same plan for the same seed and now, another for another seed', () => {
    expect(planDemo({ seed: 555, now: NOW })).toEqual(plan);
    expect(planDemo({ seed: 556, now: NOW }).renewals[0]).not.toEqual(plan.renewals[0]);
  });

  it('opens the asked number of renewals over six months, on working days in office hours', () => {
    expect(plan.renewals).toHaveLength(300);
    expect(planDemo({ seed: 1, now: NOW, renewals: 20 }).renewals).toHaveLength(20);
    const opened = plan.renewals.map((r) => r.openedAt.getTime());
    expect(opened).toEqual([...opened].sort((a, b) => a - b));
    expect(opened[0]).toBeGreaterThanOrEqual(NOW.getTime() - 184 * DAY);
    expect(opened[0]).toBeLessThan(NOW.getTime() - 170 * DAY);
    for (const r of plan.renewals) {
      const wibHour = (r.openedAt.getUTCHours() + 7) % 24;
      expect(wibHour).toBeGreaterThanOrEqual(8);
      expect(wibHour).toBeLessThan(15);
      expect([0, 6]).not.toContain(new Date(`${wibDate(r.openedAt)}T00:00:00Z`).getUTCDay());
    }
    expect(new Set(plan.renewals.map((r) => r.application.agency)).size).toBeGreaterThanOrEqual(10);
  });

  it.each([NOW, new Date('2026-11-25T03:30:00Z'), new Date('2026-08-17T09:00:00Z')])(
    'keeps every action of a renewal strictly after the one before, and none after %p',
    (now) => {
      for (const r of planDemo({ seed: 7, now }).renewals) {
        const times = [r.openedAt, ...r.actions.map((a) => a.at)].map((t) => t.getTime());
        times.slice(1).forEach((t, i) => expect(t).toBeGreaterThan(times[i]));
        expect(times[times.length - 1]).toBeLessThanOrEqual(now.getTime());
      }
    },
  );

  it('follows the SOP state machine and ends each renewal where it says', () => {
    for (const r of plan.renewals) {
      const end = finalSnapshot(r);
      expect({ status: end.status, round: end.openStep?.round ?? r.expected.round }).toEqual(r.expected);
    }
  });

  it('mixes outcomes: mostly completed, some reworked once or twice, a few cancelled, recent ones running', () => {
    expect(share((r) => r.expected.status === 'completed')).toBeGreaterThan(0.85);
    expect(share((r) => tidak(r) > 0)).toBeGreaterThan(0.08);
    expect(share((r) => tidak(r) > 0)).toBeLessThan(0.22);
    expect(share((r) => tidak(r) === 2)).toBeGreaterThan(0);
    expect(share((r) => r.expected.status === 'cancelled')).toBeGreaterThan(0.01);
    expect(share((r) => r.expected.status === 'cancelled')).toBeLessThan(0.06);
    const running = plan.renewals.filter((r) => r.expected.status.startsWith('step'));
    expect(running.length).toBeGreaterThanOrEqual(5);
    expect(new Set(running.map((r) => r.expected.status)).size).toBeGreaterThanOrEqual(2);
    for (const r of running) expect(r.openedAt.getTime()).toBeGreaterThan(NOW.getTime() - 21 * DAY);
    for (const r of plan.renewals.filter((x) => x.expected.status === 'cancelled')) {
      const cancel = r.actions[r.actions.length - 1].command;
      expect(cancel.action === 'cancel' && cancel.reason.length).toBeGreaterThan(10);
    }
  });

  it('times steps so that most meet their standard and a tail breaches it', () => {
    const breachShare = (ms: number[], limit: number) => ms.filter((x) => x > limit).length / ms.length;
    const step1 = durationsOf('documents_ready');
    const step2 = durationsOf('submitted_to_ams');
    const step4 = durationsOf('holder_informed');
    for (const [durations, limit] of [
      [step1, 5 * 60_000],
      [step2, 5 * 60_000],
      [step4, 7 * DAY],
    ] as const) {
      expect(breachShare(durations, limit)).toBeGreaterThan(0.02);
      expect(breachShare(durations, limit)).toBeLessThan(0.3);
    }
    const step3 = plan.renewals.flatMap((r) =>
      r.actions.flatMap((a, i) =>
        a.command.action.startsWith('verification_') ? [a.at.getTime() - r.actions[i - 1].at.getTime()] : [],
      ),
    );
    expect(Math.min(...step3)).toBeLessThan(6 * 3_600_000);
    expect(Math.max(...step3)).toBeGreaterThan(2 * DAY);
  });

  it('names BSrE what is missing: one or two known documents', () => {
    const verdicts = plan.renewals.flatMap((r) => r.actions.map((a) => a.command));
    for (const verdict of verdicts) {
      if (verdict.action !== 'verification_incomplete') continue;
      expect(verdict.missingItems.length).toBeGreaterThanOrEqual(1);
      expect(verdict.missingItems.length).toBeLessThanOrEqual(2);
      expect(new Set(verdict.missingItems).size).toBe(verdict.missingItems.length);
    }
  });

  it('makes up plausible, distinct holders with valid NIPs and e-mail addresses at a reserved domain', () => {
    const applications = plan.renewals.map((r) => r.application);
    for (const a of applications) {
      expect(nipProblem(a.nip)).toBeNull();
      expect(a.email).toMatch(/^[a-z]+\.[a-z]+\d*@merantikab\.example$/);
      expect(a.certificateSerial).toMatch(/^[0-9A-F]{32}$/);
      expect(isCalendarDate(a.currentExpiry)).toBe(true);
    }
    expect(new Set(applications.map((a) => a.nip)).size).toBe(applications.length);
    expect(new Set(applications.map((a) => a.email)).size).toBe(applications.length);
    const ids = new Set(
      plan.renewals.flatMap((r) => [r.openedBy, ...r.actions.map((a) => a.principal)]).map((p) => p.id),
    );
    expect([...ids].filter((id) => id.startsWith('demo:bsre-operator-'))).not.toHaveLength(0);
    expect([...ids].filter((id) => id.startsWith('demo:verifikator-'))).not.toHaveLength(0);
    expect(
      [...ids].every((id) => /^demo:(pengguna-\d{18}|verifikator-[a-z-]+|bsre-operator-\d)$/.test(id)),
    ).toBe(true);
  });
});
