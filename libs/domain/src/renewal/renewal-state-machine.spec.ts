import { ValidationError } from '../common/domain-errors';
import { INDONESIAN_HOLIDAYS } from '../calendar/indonesian-holidays.data';
import { OfficeCalendar } from '../calendar/office-calendar';
import { renewalSla } from '../sla/renewal-sla';
import type { PerformerRole } from '../sop/sop.types';
import { ForbiddenActionError, IllegalTransitionError, InvalidCommandError } from './renewal.errors';
import { allowedActions, decide, openRenewal, recordedOnBehalfOf } from './renewal-state-machine';
import type {
  Actor,
  ActorRole,
  RenewalAction,
  RenewalCommand,
  RenewalSnapshot,
  RenewalStatus,
  StepInstance,
  StepStandards,
} from './renewal.types';

const MINUTE = 60_000;
const STANDARDS: StepStandards = {
  1: { duration: 'PT5M', durationMs: 5 * MINUTE, basis: 'calendar' },
  2: { duration: 'PT5M', durationMs: 5 * MINUTE, basis: 'calendar' },
  3: { duration: null, durationMs: null, basis: 'calendar' },
  4: { duration: 'P7D', durationMs: 7 * 86_400_000, basis: 'calendar' },
};
const STARTED = new Date('2026-02-02T02:00:00Z');
const NOW = new Date('2026-02-02T03:30:00Z');

// Written out by hand from the SOP rather than derived from the implementation's table.
const STATUSES: RenewalStatus[] = ['step1', 'step2', 'step3', 'step4', 'completed', 'cancelled'];
const ACTIONS: RenewalAction[] = [
  'documents_ready',
  'submitted_to_ams',
  'verification_complete',
  'verification_incomplete',
  'holder_informed',
  'cancel',
];
const ROLES: ActorRole[] = ['PENGGUNA', 'VERIFIKATOR', 'BSRE', 'KEPALA_DINAS', 'ADMIN'];
const CANCELLERS: ActorRole[] = ['PENGGUNA', 'VERIFIKATOR', 'ADMIN'];
const ALLOWED: Record<RenewalStatus, Partial<Record<RenewalAction, ActorRole[]>>> = {
  step1: { documents_ready: ['PENGGUNA', 'VERIFIKATOR'], cancel: CANCELLERS },
  step2: { submitted_to_ams: ['PENGGUNA', 'VERIFIKATOR'], cancel: CANCELLERS },
  step3: { verification_complete: ['BSRE'], verification_incomplete: ['BSRE'], cancel: CANCELLERS },
  step4: { holder_informed: ['PENGGUNA', 'VERIFIKATOR'], cancel: CANCELLERS },
  completed: {},
  cancelled: {},
};

const VALID: Record<RenewalAction, RenewalCommand> = {
  documents_ready: { action: 'documents_ready' },
  submitted_to_ams: { action: 'submitted_to_ams', amsReference: 'AMS-2026-000123', passphraseSet: true },
  verification_complete: { action: 'verification_complete' },
  verification_incomplete: { action: 'verification_incomplete', missingItems: ['Surat rekomendasi atasan'] },
  holder_informed: {
    action: 'holder_informed',
    channel: 'EMAIL',
    validFrom: '2026-02-03',
    validUntil: '2028-02-03',
  },
  cancel: { action: 'cancel', reason: 'Pegawai pindah tugas' },
};

/** A renewal in `status` during round 2 (so a new round shows as 3). */
function snapshotIn(status: RenewalStatus): RenewalSnapshot {
  if (status === 'completed' || status === 'cancelled') return { status, openStep: null };
  const step = Number(status.slice(-1)) as 1 | 2 | 3 | 4;
  const lane: PerformerRole = step === 3 ? 'BSRE' : step === 2 ? 'VERIFIKATOR' : 'PENGGUNA';
  return {
    status,
    openStep: {
      step,
      round: 2,
      performerRole: lane,
      actorId: null,
      startedAt: STARTED,
      endedAt: null,
      outcome: null,
      standard: STANDARDS[step],
    },
  };
}

function opened(step: 1 | 2 | 3 | 4, round: number, performerRole: PerformerRole): StepInstance {
  return {
    step,
    round,
    performerRole,
    actorId: null,
    startedAt: NOW,
    endedAt: null,
    outcome: null,
    standard: STANDARDS[step],
  };
}

/** The expected result of an allowed action, spelled out per action. */
function expectedNext(action: RenewalAction, role: ActorRole): RenewalSnapshot {
  switch (action) {
    case 'documents_ready':
      return { status: 'step2', openStep: opened(2, 2, role as PerformerRole) };
    case 'submitted_to_ams':
      return { status: 'step3', openStep: opened(3, 2, 'BSRE') };
    case 'verification_complete':
      return { status: 'step4', openStep: opened(4, 2, 'PENGGUNA') };
    case 'verification_incomplete':
      return { status: 'step1', openStep: opened(1, 3, 'PENGGUNA') };
    case 'holder_informed':
      return { status: 'completed', openStep: null };
    case 'cancel':
      return { status: 'cancelled', openStep: null };
  }
}
const OUTCOME = {
  documents_ready: 'done',
  submitted_to_ams: 'done',
  verification_complete: 'complete',
  verification_incomplete: 'incomplete',
  holder_informed: 'done',
  cancel: 'cancelled',
} as const;

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('decide: every status x action x role', () => {
  const cases = STATUSES.flatMap((status) =>
    ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
  );

  it('covers 180 combinations', () => expect(cases).toHaveLength(6 * 6 * 5));

  it.each(cases)('%s / %s / %s', (status, action, role) => {
    const actor: Actor = { id: `${role.toLowerCase()}-1`, role };
    const renewal = snapshotIn(status);
    const run = () => decide(renewal, VALID[action], actor, NOW, STANDARDS);
    const inStatus = ALLOWED[status];
    const anyone = ACTIONS.filter((a) => inStatus[a]);

    if (!inStatus[action]) {
      const error = captured(run);
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toMatchObject({
        code: 'ILLEGAL_TRANSITION',
        status,
        action,
        role,
        allowedActions: anyone,
        allowedActionsForRole: anyone.filter((a) => inStatus[a]!.includes(role)),
      });
      return;
    }
    if (!inStatus[action]!.includes(role)) {
      const error = captured(run);
      expect(error).toBeInstanceOf(ForbiddenActionError);
      expect(error).toMatchObject({ code: 'FORBIDDEN_ACTION', action, role, allowedRoles: inStatus[action] });
      return;
    }
    expect(run()).toEqual({
      next: expectedNext(action, role),
      closed: { ...renewal.openStep, actorId: actor.id, endedAt: NOW, outcome: OUTCOME[action] },
      command: VALID[action],
    });
  });
});

describe('allowedActions', () => {
  it.each(STATUSES)('lists what can happen in %s, for anyone and per role', (status) => {
    expect(allowedActions(status)).toEqual(ACTIONS.filter((a) => ALLOWED[status][a]));
    for (const role of ROLES) {
      expect(allowedActions(status, role)).toEqual(ACTIONS.filter((a) => ALLOWED[status][a]?.includes(role)));
    }
  });

  it('gives the head of office nothing to do, ever', () => {
    for (const status of STATUSES) expect(allowedActions(status, 'KEPALA_DINAS')).toEqual([]);
  });

  it("lets verifiers record BSrE's verdict only where the office says so, BSrE keeping it", () => {
    const relayed = { bsreVerdictBy: 'VERIFIKATOR' } as const;
    expect(allowedActions('step3', 'VERIFIKATOR', relayed)).toEqual([
      'verification_complete',
      'verification_incomplete',
      'cancel',
    ]);
    expect(allowedActions('step3', 'BSRE', relayed)).toEqual([
      'verification_complete',
      'verification_incomplete',
    ]);
    expect(allowedActions('step3', 'PENGGUNA', relayed)).toEqual(['cancel']);
    // Nothing else changes for the verifier.
    for (const status of STATUSES.filter((s) => s !== 'step3'))
      expect(allowedActions(status, 'VERIFIKATOR', relayed)).toEqual(allowedActions(status, 'VERIFIKATOR'));
  });
});

describe("a verifier relaying BSrE's verdict", () => {
  const step3: RenewalSnapshot = {
    status: 'step3',
    openStep: {
      step: 3,
      round: 1,
      performerRole: 'BSRE',
      actorId: null,
      startedAt: STARTED,
      endedAt: null,
      outcome: null,
      standard: STANDARDS[3],
    },
  };
  const verifier: Actor = { id: 'verifikator.dinkes', role: 'VERIFIKATOR' };

  it('is refused by default, as the SOP has BSrE decide', () => {
    expect(() => decide(step3, VALID.verification_incomplete, verifier, NOW, STANDARDS)).toThrow(
      ForbiddenActionError,
    );
  });

  it("records the verdict in BSrE's lane when the office allows it, marked as relayed", () => {
    const result = decide(step3, VALID.verification_incomplete, verifier, NOW, STANDARDS, {
      bsreVerdictBy: 'VERIFIKATOR',
    });
    expect(result.closed).toMatchObject({
      performerRole: 'BSRE',
      actorId: verifier.id,
      outcome: 'incomplete',
    });
    // As after BSrE's own "Tidak", the holder is asked to complete the documents.
    expect(result.next.openStep).toMatchObject({ step: 1, round: 2, performerRole: 'PENGGUNA' });
    expect(recordedOnBehalfOf('verification_incomplete', 'VERIFIKATOR')).toBe('BSRE');
    expect(recordedOnBehalfOf('verification_complete', 'BSRE')).toBeNull();
    expect(recordedOnBehalfOf('documents_ready', 'VERIFIKATOR')).toBeNull();
  });
});

describe('openRenewal', () => {
  it.each(['PENGGUNA', 'VERIFIKATOR'] as const)('starts round 1 of step 1 in the lane of a %s', (role) => {
    expect(openRenewal({ id: 'u-1', role }, NOW, STANDARDS)).toEqual({
      status: 'step1',
      openStep: opened(1, 1, role),
    });
  });

  it.each(['BSRE', 'KEPALA_DINAS', 'ADMIN'] as const)('refuses a %s', (role) => {
    const error = captured(() => openRenewal({ id: 'u-1', role }, NOW, STANDARDS));
    expect(error).toBeInstanceOf(ForbiddenActionError);
    expect(error).toMatchObject({
      action: 'open_renewal',
      role,
      allowedRoles: ['PENGGUNA', 'VERIFIKATOR'],
    });
  });

  it('copies the instant rather than sharing the caller’s Date', () => {
    const now = new Date(NOW);
    const renewal = openRenewal({ id: 'u-1', role: 'PENGGUNA' }, now, STANDARDS);
    now.setTime(0);
    expect(renewal.openStep!.startedAt).toEqual(NOW);
  });

  it('rejects an invalid Date', () => {
    expect(() => openRenewal({ id: 'u-1', role: 'PENGGUNA' }, new Date(Number.NaN), STANDARDS)).toThrow(
      RangeError,
    );
  });
});

describe('decide: command fields', () => {
  const pengguna: Actor = { id: 'pengguna-1', role: 'PENGGUNA' };
  const bsre: Actor = { id: 'bsre-1', role: 'BSRE' };
  const actorFor = (action: RenewalAction) => (action.startsWith('verification') ? bsre : pengguna);
  const statusFor: Record<RenewalAction, RenewalStatus> = {
    documents_ready: 'step1',
    submitted_to_ams: 'step2',
    verification_complete: 'step3',
    verification_incomplete: 'step3',
    holder_informed: 'step4',
    cancel: 'step2',
  };
  const attempt = (command: Record<string, unknown>) =>
    captured(() =>
      decide(
        snapshotIn(statusFor[command.action as RenewalAction] ?? 'step1'),
        command as unknown as RenewalCommand,
        actorFor(command.action as RenewalAction),
        NOW,
        STANDARDS,
      ),
    );

  it.each([
    [{ ...VALID.submitted_to_ams, amsReference: '   ' }, 'amsReference', 'required'],
    [{ action: 'submitted_to_ams', passphraseSet: true }, 'amsReference', 'required'],
    [{ ...VALID.submitted_to_ams, passphraseSet: false }, 'passphraseSet', 'must_be_true'],
    [{ ...VALID.submitted_to_ams, passphraseSet: 'true' }, 'passphraseSet', 'must_be_true'],
    [{ action: 'verification_incomplete', missingItems: [] }, 'missingItems', 'non_empty'],
    [{ action: 'verification_incomplete' }, 'missingItems', 'non_empty'],
    [{ action: 'verification_incomplete', missingItems: ['KTP', ' '] }, 'missingItems[1]', 'required'],
    [{ ...VALID.holder_informed, channel: 'SMS' }, 'channel', 'one_of'],
    [{ ...VALID.holder_informed, validFrom: '03-02-2026' }, 'validFrom', 'date_format'],
    [{ ...VALID.holder_informed, validUntil: '2028-02-30' }, 'validUntil', 'date_format'],
    [{ ...VALID.holder_informed, validUntil: '2026-02-03' }, 'validUntil', 'after_valid_from'],
    [{ ...VALID.holder_informed, validUntil: '2026-02-02' }, 'validUntil', 'after_valid_from'],
    [{ action: 'cancel', reason: '' }, 'reason', 'required'],
    [{ action: 'cancel' }, 'reason', 'required'],
    [{ ...VALID.submitted_to_ams, passphrase: 'rahasia123' }, 'passphrase', 'secret_not_accepted'],
    [{ ...VALID.submitted_to_ams, newPassphrase: 'rahasia123' }, 'newPassphrase', 'secret_not_accepted'],
    [{ ...VALID.submitted_to_ams, amsPassword: 'x' }, 'amsPassword', 'secret_not_accepted'],
    [{ ...VALID.documents_ready, note: 'x' }, 'note', 'unknown_field'],
    [{ ...VALID.cancel, passphraseSet: true }, 'passphraseSet', 'unknown_field'],
  ])('rejects %j: %s %s', (command, field, rule) => {
    const error = attempt(command);
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION', action: command.action, field, rule });
    expect((error as InvalidCommandError).problems).toEqual([{ field, message: expect.any(String) }]);
  });

  it('never echoes a passphrase in its message', () => {
    const error = attempt({ ...VALID.submitted_to_ams, passphrase: 'rahasia123' }) as Error;
    expect(error.message).not.toContain('rahasia123');
    expect(JSON.stringify(error)).not.toContain('rahasia123');
  });

  it('rejects an unknown action as invalid input', () => {
    const error = attempt({ action: 'approve' });
    expect(error).toBeInstanceOf(InvalidCommandError);
    expect(error).toMatchObject({ field: 'action', rule: 'one_of' });
  });

  it('records trimmed text', () => {
    const result = decide(
      snapshotIn('step3'),
      { action: 'verification_incomplete', missingItems: ['  Surat rekomendasi  ', 'Scan KTP'] },
      bsre,
      NOW,
      STANDARDS,
    );
    expect(result.command).toEqual({
      action: 'verification_incomplete',
      missingItems: ['Surat rekomendasi', 'Scan KTP'],
    });
  });

  it('checks the status before the role and the role before the fields', () => {
    expect(attempt({ action: 'cancel', reason: '' })).toBeInstanceOf(InvalidCommandError);
    expect(
      captured(() =>
        decide(snapshotIn('completed'), { action: 'cancel', reason: '' }, pengguna, NOW, STANDARDS),
      ),
    ).toBeInstanceOf(IllegalTransitionError);
    expect(
      captured(() => decide(snapshotIn('step3'), { action: 'cancel', reason: '' }, bsre, NOW, STANDARDS)),
    ).toBeInstanceOf(ForbiddenActionError);
  });
});

describe('error messages', () => {
  it('speak Indonesian and point to what the actor can do', () => {
    const illegal = captured(() =>
      decide(snapshotIn('step3'), VALID.documents_ready, { id: 'p', role: 'PENGGUNA' }, NOW, STANDARDS),
    ) as Error;
    expect(illegal.message).toBe(
      'Aksi "Dokumen pendukung siap" tidak dapat dilakukan pada status "Langkah 3: pemeriksaan berkas oleh BSrE". ' +
        'Aksi yang dapat Anda lakukan sekarang: "Batalkan pembaruan".',
    );
    const closed = captured(() =>
      decide(snapshotIn('completed'), VALID.cancel, { id: 'a', role: 'ADMIN' }, NOW, STANDARDS),
    ) as Error;
    expect(closed.message).toContain('Tidak ada aksi yang dapat Anda lakukan sekarang.');
    const forbidden = captured(() =>
      decide(snapshotIn('step3'), VALID.verification_complete, { id: 'p', role: 'PENGGUNA' }, NOW, STANDARDS),
    ) as Error;
    expect(forbidden.message).toBe(
      'Peran Pengguna tidak berwenang melakukan "Berkas lengkap (Ya)". Yang berwenang: BSrE.',
    );
  });
});

describe('the SOP from application to completion, with one "Tidak" loop', () => {
  it('walks both rounds and leaves a history the SLA can measure', () => {
    const holder: Actor = { id: 'nip-198001012010011001', role: 'PENGGUNA' };
    const verifier: Actor = { id: 'verifikator-1', role: 'VERIFIKATOR' };
    const bsre: Actor = { id: 'bsre-admin', role: 'BSRE' };
    const t = (local: string) => new Date(`${local}+07:00`);

    let renewal = openRenewal(holder, t('2026-02-02T09:00'), STANDARDS);
    const history: StepInstance[] = [];
    const act = (command: RenewalCommand, actor: Actor, at: string) => {
      const result = decide(renewal, command, actor, t(at), STANDARDS);
      history.push(result.closed);
      renewal = result.next;
      return result;
    };

    act(VALID.documents_ready, holder, '2026-02-02T09:04');
    act(VALID.submitted_to_ams, holder, '2026-02-02T09:09');
    const tidak = act(
      { action: 'verification_incomplete', missingItems: ['Surat rekomendasi atasan'] },
      bsre,
      '2026-02-03T10:00',
    );
    expect(tidak.next).toEqual({
      status: 'step1',
      openStep: expect.objectContaining({ step: 1, round: 2, performerRole: 'PENGGUNA' }),
    });
    act(VALID.documents_ready, verifier, '2026-02-03T10:30');
    expect(renewal.openStep).toMatchObject({ step: 2, round: 2, performerRole: 'VERIFIKATOR' });
    act(VALID.submitted_to_ams, verifier, '2026-02-03T10:33');
    act(VALID.verification_complete, bsre, '2026-02-04T08:00');
    expect(renewal.openStep).toMatchObject({ step: 4, round: 2, performerRole: 'PENGGUNA' });
    act(VALID.holder_informed, holder, '2026-02-05T08:00');

    expect(renewal).toEqual({ status: 'completed', openStep: null });
    expect(history.map((s) => [s.round, s.step, s.performerRole, s.outcome, s.actorId])).toEqual([
      [1, 1, 'PENGGUNA', 'done', holder.id],
      [1, 2, 'PENGGUNA', 'done', holder.id],
      [1, 3, 'BSRE', 'incomplete', bsre.id],
      [2, 1, 'PENGGUNA', 'done', verifier.id],
      [2, 2, 'VERIFIKATOR', 'done', verifier.id],
      [2, 3, 'BSRE', 'complete', bsre.id],
      [2, 4, 'PENGGUNA', 'done', holder.id],
    ]);
    for (let i = 1; i < history.length; i++) expect(history[i].startedAt).toEqual(history[i - 1].endedAt);

    const calendar = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));
    expect(renewalSla(history, t('2026-02-06T00:00'), calendar)).toMatchObject({
      leadTimeMs: 3 * 86_400_000 - 60 * MINUTE,
      rounds: 2,
      reworkMs: 25 * 60 * MINUTE, // 2 Feb 09:00 -> 3 Feb 10:00
      breachedSteps: 1, // round 2, step 1 took 30 minutes
    });
  });

  it('keeps the standard a step was opened with when a revision changes it', () => {
    const revised: StepStandards = {
      ...STANDARDS,
      1: { duration: 'PT10M', durationMs: 10 * MINUTE, basis: 'working' },
    };
    const renewal = openRenewal({ id: 'p', role: 'PENGGUNA' }, NOW, STANDARDS);
    const result = decide(renewal, VALID.documents_ready, { id: 'p', role: 'PENGGUNA' }, NOW, revised);
    expect(result.closed.standard).toBe(STANDARDS[1]);
  });
});
