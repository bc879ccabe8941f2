import {
  DAY_MS,
  INDONESIAN_HOLIDAYS,
  OfficeCalendar,
  type Principal,
  type RenewalCommand,
  type RenewalStatus,
  type RenewalStep,
  wibDate,
  wibDayStart,
} from '@mutu/domain';
import type { OpenRenewalInput } from '@mutu/renewals';
import { DemoRandom } from './demo-random';
import {
  CANCEL_REASONS,
  DEMO_AGENCIES,
  type DemoAgency,
  GIVEN_NAMES,
  MISSING_ITEMS,
  SECOND_NAMES,
} from './demo-regency.data';

export const DEFAULT_DEMO_SEED = 555;

export interface DemoPlanOptions {
  readonly seed: number;
  readonly now: Date;
  readonly renewals?: number;
  /** How far back the first renewals are opened. */
  readonly days?: number;
}

export interface PlannedAction {
  readonly at: Date;
  readonly principal: Principal;
  readonly command: RenewalCommand;
}

export interface PlannedRenewal {
  readonly application: OpenRenewalInput;
  readonly openedAt: Date;
  readonly openedBy: Principal;
  /** Only the actions up to `now`; a renewal whose next action would come later is still running. */
  readonly actions: readonly PlannedAction[];
  /** Where the renewal stands at `now` once its actions are recorded. */
  readonly expected: { readonly status: RenewalStatus; readonly round: number };
}

export interface DemoPlan {
  readonly seed: number;
  readonly now: Date;
  /** In the order they are opened. */
  readonly renewals: readonly PlannedRenewal[];
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Office hours in WIB, from midnight. */
const OFFICE_OPENS = 8 * HOUR;
const OFFICE_CLOSES = 16 * HOUR;
/** BSrE's verdicts in AMS come until the evening, after the regency's office has closed. */
const BSRE_CLOSES = 20 * HOUR;
const LAST_OPENING = 15 * HOUR;

const REWORK_ONCE = 0.12;
const REWORK_TWICE = 0.03;
const CANCELLED = 0.03;
/** Verifiers apply for most holders; the rest apply themselves. */
const VERIFIER_APPLIES = 0.6;
/** After a "Tidak" the SOP asks the holder to complete the documents; a verifier sometimes helps. */
const HOLDER_REDOES = 0.7;
const HOLDER_REPORTS_INFORMED = 0.6;

const CALENDAR = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));
const BSRE_OPERATORS: readonly Principal[] = [1, 2].map((n) => ({
  id: `demo:bsre-operator-${n}`,
  role: 'BSRE',
  holderNip: null,
  agencies: [],
}));

interface Visit {
  readonly step: RenewalStep;
  readonly round: number;
}

interface Parties {
  readonly holder: Principal;
  readonly verifier: Principal;
  /** Who does steps 1 and 2 in this round. */
  readonly preparer: Principal;
  /** Whether BSrE finds the file complete this round. */
  readonly lastRound: boolean;
}

/**
 * A realistic history of renewals opened over the last `days` (about six months) until `now`:
 * the same seed and `now` always give the same plan. Pure: nothing here touches a database.
 */
export function planDemo({ seed, now, renewals = 300, days = 183 }: DemoPlanOptions): DemoPlan {
  const random = new DemoRandom(seed);
  const taken = new Set<string>(); // NIPs and e-mail addresses already handed out
  return {
    seed,
    now,
    renewals: openingTimes(random, now, renewals, days).map((openedAt) =>
      planRenewal(random, openedAt, now, taken),
    ),
  };
}

/** Opening instants on working days in office hours, oldest first. */
function openingTimes(random: DemoRandom, now: Date, count: number, days: number): Date[] {
  const times: Date[] = [];
  while (times.length < count) {
    const date = wibDate(new Date(now.getTime() - random.int(0, days) * DAY_MS));
    if (!CALENDAR.isWorkingDay(date)) continue;
    const at = new Date(
      wibDayStart(date).getTime() +
        OFFICE_OPENS +
        random.int(0, (LAST_OPENING - OFFICE_OPENS) / SECOND) * SECOND,
    );
    if (at < now) times.push(at);
  }
  return times.sort((a, b) => a.getTime() - b.getTime());
}

function planRenewal(random: DemoRandom, openedAt: Date, now: Date, taken: Set<string>): PlannedRenewal {
  const agency = random.weighted(DEMO_AGENCIES);
  const application = newApplication(random, agency, openedAt, taken);
  const holder: Principal = {
    id: `demo:pengguna-${application.nip}`,
    role: 'PENGGUNA',
    holderNip: application.nip,
    agencies: [],
  };
  const verifier: Principal = {
    id: `demo:verifikator-${slug(agency.name)}`,
    role: 'VERIFIKATOR',
    holderNip: null,
    agencies: [agency.name],
  };
  const openedBy = random.chance(VERIFIER_APPLIES) ? verifier : holder;
  const draw = random.float();
  const visits = route(draw < REWORK_TWICE ? 2 : draw < REWORK_TWICE + REWORK_ONCE ? 1 : 0);
  // Nobody cancels once BSrE has renewed the certificate, so never in step 4.
  const cancelAt = random.chance(CANCELLED) ? random.int(0, visits.length - 2) : -1;
  const lastRound = visits[visits.length - 1].round;

  const actions: PlannedAction[] = [];
  const standing = (status: RenewalStatus, round: number): PlannedRenewal => ({
    application,
    openedAt,
    openedBy,
    actions,
    expected: { status, round },
  });
  let start = openedAt;
  let preparer = openedBy;
  for (const [i, visit] of visits.entries()) {
    if (visit.step === 1 && visit.round > 1) preparer = random.chance(HOLDER_REDOES) ? holder : verifier;
    const action =
      i === cancelAt
        ? cancellation(random, start, verifier)
        : closingAction(random, visit, start, {
            holder,
            verifier,
            preparer,
            lastRound: visit.round === lastRound,
          });
    if (action.at > now) return standing(`step${visit.step}`, visit.round);
    actions.push(action);
    if (action.command.action === 'cancel') return standing('cancelled', visit.round);
    start = action.at;
  }
  return standing('completed', lastRound);
}

/** Steps 1–3 once per round, each "Tidak" starting another round, then step 4. */
function route(reworks: number): Visit[] {
  const rounds = Array.from({ length: reworks + 1 }, (_, i) => i + 1);
  return [
    ...rounds.flatMap((round) => ([1, 2, 3] as const).map((step) => ({ step, round }))),
    { step: 4, round: reworks + 1 },
  ];
}

/** The action that ends `visit`, begun at `start`, and when it happens. */
function closingAction(random: DemoRandom, visit: Visit, start: Date, parties: Parties): PlannedAction {
  const at = stepEnd(random, visit, start);
  switch (visit.step) {
    case 1:
      return { at, principal: parties.preparer, command: { action: 'documents_ready' } };
    case 2:
      return {
        at,
        principal: parties.preparer,
        command: {
          action: 'submitted_to_ams',
          amsReference: `AMS-${wibDate(at).replaceAll('-', '')}-${random.int(10_000, 99_999)}`,
          passphraseSet: true,
        },
      };
    case 3:
      return {
        at,
        principal: random.pick(BSRE_OPERATORS),
        command: parties.lastRound
          ? { action: 'verification_complete' }
          : { action: 'verification_incomplete', missingItems: missingItems(random) },
      };
    case 4: {
      // Step 4 starts when BSrE renews the certificate, which is when the new one becomes valid.
      const validFrom = wibDate(start);
      return {
        at,
        principal: random.chance(HOLDER_REPORTS_INFORMED) ? parties.holder : parties.verifier,
        command: {
          action: 'holder_informed',
          channel: random.chance(0.6) ? 'EMAIL' : 'AMS',
          validFrom,
          validUntil: twoYearsLater(validFrom),
        },
      };
    }
  }
}

/** One way a step goes, as a log-normal duration, and how often it goes that way. */
interface Spell {
  readonly weight: number;
  readonly median: number;
  readonly sigma: number;
}

/**
 * Steps 1 and 2 are a few minutes at a desk, sometimes interrupted (the SOP warns of slow internet
 * and of the BSrE server) and sometimes left for another day (a Surat Rekomendasi still to be
 * signed). The rest waits on someone's working day: BSrE's check, the holder fetching what BSrE
 * found missing, the holder noticing the renewed certificate.
 */
const SPELLS = {
  prepare: [
    { weight: 90, median: 3 * MINUTE, sigma: 0.4 },
    { weight: 7, median: 45 * MINUTE, sigma: 0.9 },
    { weight: 3, median: 1.5 * DAY_MS, sigma: 0.8 },
  ],
  completeMissing: [
    // The missing paper is at hand: minutes of work, often the next morning when "Tidak" came late.
    { weight: 1, median: 4 * MINUTE, sigma: 0.4 },
    { weight: 3, median: 18 * HOUR, sigma: 0.8 },
  ],
  submit: [
    { weight: 95, median: 3 * MINUTE, sigma: 0.4 },
    { weight: 5, median: 35 * MINUTE, sigma: 0.8 },
  ],
  check: [{ weight: 1, median: 8 * HOUR, sigma: 1 }],
  inform: [{ weight: 1, median: 2.5 * DAY_MS, sigma: 0.75 }],
  cancel: [{ weight: 1, median: 20 * HOUR, sigma: 0.8 }],
} satisfies Record<string, readonly Spell[]>;

const SPELLS_OF_STEP = { 1: SPELLS.prepare, 2: SPELLS.submit, 3: SPELLS.check, 4: SPELLS.inform } as const;

/**
 * A task of under an hour is finished past closing time when that takes a few minutes more, else
 * left at closing (or, given after hours, not begun) and done when the office opens again;
 * anything longer ends in office hours.
 */
const SPILL_OVER = HOUR;
const STAYS_AFTER_CLOSING = 10 * MINUTE;

function stepEnd(random: DemoRandom, visit: Visit, start: Date): Date {
  return endAfter(
    random,
    start,
    visit.step === 1 && visit.round > 1 ? SPELLS.completeMissing : SPELLS_OF_STEP[visit.step],
    visit.step === 3 ? BSRE_CLOSES : OFFICE_CLOSES,
  );
}

function endAfter(random: DemoRandom, start: Date, spells: readonly Spell[], closes = OFFICE_CLOSES): Date {
  const { median, sigma } = random.weighted(spells);
  // Whole seconds, at least half a minute: every action strictly after the one before.
  const ms = Math.max(30 * SECOND, Math.round(random.logNormal(median, sigma) / SECOND) * SECOND);
  const end = new Date(start.getTime() + ms);
  if (ms >= SPILL_OVER) return atOfficeHours(end, random, closes);
  // Nobody starts a short task after hours; one begun in office hours may run a little past closing.
  const inOfficeHours = CALENDAR.elapsedMs(start, end, 'office_hours');
  return inOfficeHours === 0 || ms - inOfficeHours > STAYS_AFTER_CLOSING
    ? CALENDAR.addElapsedMs(start, ms, 'office_hours')
    : end;
}

function cancellation(random: DemoRandom, start: Date, verifier: Principal): PlannedAction {
  return {
    at: endAfter(random, start, SPELLS.cancel),
    principal: verifier,
    command: { action: 'cancel', reason: random.pick(CANCEL_REASONS) },
  };
}

/** `at` if the office is open then (until `closes`); otherwise early on the next working morning. */
function atOfficeHours(at: Date, random: DemoRandom, closes = OFFICE_CLOSES): Date {
  const date = wibDate(at);
  const sinceMidnight = at.getTime() - wibDayStart(date).getTime();
  const working = CALENDAR.isWorkingDay(date);
  if (working && sinceMidnight >= OFFICE_OPENS && sinceMidnight < closes) return at;
  const day = working && sinceMidnight < OFFICE_OPENS ? date : CALENDAR.addWorkingDays(date, 1);
  return new Date(wibDayStart(day).getTime() + OFFICE_OPENS + random.int(0, (2 * HOUR) / SECOND) * SECOND);
}

function missingItems(random: DemoRandom): string[] {
  const first = random.pick(MISSING_ITEMS);
  return random.chance(0.3) ? [first, random.pick(MISSING_ITEMS.filter((item) => item !== first))] : [first];
}

function twoYearsLater(date: string): string {
  const later = `${Number(date.slice(0, 4)) + 2}${date.slice(4)}`;
  return later.endsWith('-02-29') ? later.replace(/29$/, '28') : later;
}

function newApplication(
  random: DemoRandom,
  agency: DemoAgency,
  openedAt: Date,
  taken: Set<string>,
): OpenRenewalInput {
  const sex = random.int(1, 2);
  const nip = uniqueNip(random, sex, taken);
  const given = random.pick(GIVEN_NAMES[sex - 1]);
  const second = random.pick(SECOND_NAMES[sex - 1]);
  const degree = random.chance(0.8) ? random.pick(agency.degrees) : null;
  const name =
    degree === null
      ? `${given} ${second}`
      : degree === 'dr.'
        ? `dr. ${given} ${second}`
        : `${given} ${second}, ${degree}`;
  return {
    nip,
    name,
    email: uniqueEmail(`${given}.${second}`.toLowerCase(), taken),
    agency: agency.name,
    certificateSerial: Array.from({ length: 16 }, () => random.int(0, 255).toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase(),
    // BSrE reminds holders a month ahead; a few apply only after the certificate has lapsed.
    currentExpiry: wibDate(new Date(openedAt.getTime() + random.int(-3, 40) * DAY_MS)),
  };
}

/**
 * NIP: birth date YYYYMMDD, appointment as civil servant YYYYMM (at 21 to 35 years old, not after
 * 2024), sex 1 (male) or 2 (female), and a 3-digit sequence.
 */
function uniqueNip(random: DemoRandom, sex: number, taken: Set<string>): string {
  for (;;) {
    const born = Date.UTC(random.int(1968, 1999), 0, 1) + random.int(0, 364) * DAY_MS;
    const bornYear = new Date(born).getUTCFullYear();
    const appointed = `${random.int(bornYear + 21, Math.min(2024, bornYear + 35))}${pad(random.int(1, 12), 2)}`;
    const nip = `${new Date(born).toISOString().slice(0, 10).replaceAll('-', '')}${appointed}${sex}${pad(random.int(1, 400), 3)}`;
    if (!taken.has(nip)) {
      taken.add(nip);
      return nip;
    }
  }
}

// A reserved domain (RFC 2606): demo holders are made up, and a demo run against a real SMTP
// server must not mail anyone at the regency's own domain.
const DEMO_MAIL_DOMAIN = 'merantikab.example';

function uniqueEmail(local: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${DEMO_MAIL_DOMAIN}`;
    if (!taken.has(email)) {
      taken.add(email);
      return email;
    }
  }
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
