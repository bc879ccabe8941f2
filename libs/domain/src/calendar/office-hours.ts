import { FieldProblem, ValidationError } from '../common/domain-errors';
import { calendarDateToDay, isCalendarDate } from './calendar-date';

/**
 * Opening hours (jam kerja) of the office in WIB, for the `office_hours` time basis.
 *
 * The office opens on working days only (Monday to Friday, not on holidays or cuti bersama), the
 * days the `working` basis counts: office hours are the open part of each working day, so a step
 * measured on them never takes longer than on working days. Saturday and Sunday have no hours.
 */
export const OFFICE_WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
export type OfficeWeekday = (typeof OFFICE_WEEKDAYS)[number];

const WEEKDAY_NAMES: Record<OfficeWeekday, string> = {
  mon: 'Senin',
  tue: 'Selasa',
  wed: 'Rabu',
  thu: 'Kamis',
  fri: 'Jumat',
};

/** One day's opening, 'HH:MM' WIB, opens < closes; closes may be '24:00'. */
export interface OpeningHours {
  readonly opens: string;
  readonly closes: string;
}

/** Hours per weekday; null: closed all day. */
export type WeeklyHours = Readonly<Record<OfficeWeekday, OpeningHours | null>>;

/** Other hours for a dated period, e.g. Ramadan 08:00–15:00; both dates are WIB and inclusive. */
export interface HoursOverride {
  readonly from: string;
  readonly to: string;
  /** What the period is, e.g. "Ramadan 1448 H". */
  readonly name: string;
  readonly hours: WeeklyHours;
}

export interface OfficeHoursSchedule {
  readonly weekly: WeeklyHours;
  /** Non-overlapping periods, in any order. */
  readonly overrides: readonly HoursOverride[];
}

/**
 * The usual hours of Indonesian government offices (5 working days a week): Monday–Thursday
 * 07:30–16:00 and Friday 07:30–16:30 WIB (Friday's longer day makes up for the Friday prayer break).
 */
export const DEFAULT_WEEKLY_HOURS: WeeklyHours = {
  mon: { opens: '07:30', closes: '16:00' },
  tue: { opens: '07:30', closes: '16:00' },
  wed: { opens: '07:30', closes: '16:00' },
  thu: { opens: '07:30', closes: '16:00' },
  fri: { opens: '07:30', closes: '16:30' },
};

export const DEFAULT_OFFICE_HOURS: OfficeHoursSchedule = { weekly: DEFAULT_WEEKLY_HOURS, overrides: [] };

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes after 00:00 of an 'HH:MM' time, or null when it is not one (24:00 allowed). */
export function clockMinutes(time: string): number | null {
  if (typeof time !== 'string' || !CLOCK_TIME.test(time)) return null;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** The problems of a weekly-hours value, with fields under `prefix`; [] when it is valid. */
function weeklyProblems(input: unknown, prefix: string): FieldProblem[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ field: prefix, message: 'harus objek jam kerja per hari (mon … fri)' }];
  }
  const record = input as Record<string, unknown>;
  const problems: FieldProblem[] = Object.keys(record)
    .filter((key) => !OFFICE_WEEKDAYS.includes(key as OfficeWeekday))
    .map((key) => ({
      field: `${prefix}.${key}`,
      message: 'hanya Senin–Jumat (mon … fri) yang punya jam kerja; Sabtu dan Minggu bukan hari kerja',
    }));
  let open = 0;
  for (const day of OFFICE_WEEKDAYS) {
    const value = record[day];
    const field = `${prefix}.${day}`;
    if (value === null) continue;
    if (typeof value !== 'object' || value === undefined || Array.isArray(value)) {
      problems.push({ field, message: `${WEEKDAY_NAMES[day]}: harus { opens, closes } atau null (tutup)` });
      continue;
    }
    const { opens, closes } = value as Record<string, unknown>;
    const from = clockMinutes(opens as string);
    const to = clockMinutes(closes as string);
    if (from === null) problems.push({ field: `${field}.opens`, message: 'harus jam HH:MM (WIB)' });
    if (to === null)
      problems.push({ field: `${field}.closes`, message: 'harus jam HH:MM (WIB), paling lambat 24:00' });
    if (from !== null && to !== null && from >= to) {
      problems.push({ field: `${field}.closes`, message: `harus sesudah jam buka (${String(opens)})` });
    }
    open++;
  }
  if (problems.length === 0 && open === 0 && prefix === 'weekly') {
    problems.push({ field: prefix, message: 'kantor harus buka minimal satu hari dalam seminggu' });
  }
  return problems;
}

function normalWeekly(input: Record<OfficeWeekday, OpeningHours | null>): WeeklyHours {
  return Object.fromEntries(
    OFFICE_WEEKDAYS.map((day) => {
      const hours = input[day];
      return [day, hours ? { opens: hours.opens, closes: hours.closes } : null];
    }),
  ) as unknown as WeeklyHours;
}

/**
 * Checks the usual weekly hours an admin sets.
 * @throws ValidationError naming each bad field (`weekly.fri.closes`, …).
 */
export function parseWeeklyHours(input: unknown): WeeklyHours {
  const problems = weeklyProblems(input, 'weekly');
  if (problems.length) throw new ValidationError(problems, 'Jam kerja tidak valid');
  return normalWeekly(input as Record<OfficeWeekday, OpeningHours | null>);
}

/**
 * Checks a dated override against itself and the overrides already set (which it may not overlap:
 * on any date one set of hours is in force).
 * @throws ValidationError naming each bad field (`from`, `to`, `name`, `hours.mon.opens`, …).
 */
export function parseHoursOverride(input: unknown, existing: readonly HoursOverride[]): HoursOverride {
  const record = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const { from, to, name, hours } = record;
  const fromOk = typeof from === 'string' && isCalendarDate(from);
  const toOk = typeof to === 'string' && isCalendarDate(to);
  if (!fromOk) problems.push({ field: 'from', message: 'harus tanggal YYYY-MM-DD yang ada' });
  if (!toOk) problems.push({ field: 'to', message: 'harus tanggal YYYY-MM-DD yang ada' });
  if (fromOk && toOk && (to as string) < (from as string)) {
    problems.push({ field: 'to', message: 'tidak boleh sebelum tanggal mulai' });
  }
  if (typeof name !== 'string' || !name.trim())
    problems.push({ field: 'name', message: 'nama periode wajib diisi' });
  problems.push(...weeklyProblems(hours, 'hours'));
  if (problems.length === 0) {
    const clash = existing.find((o) => o.from <= (to as string) && (from as string) <= o.to);
    if (clash) {
      problems.push({
        field: 'from',
        message: `bertumpang tindih dengan "${clash.name}" (${clash.from} s.d. ${clash.to})`,
      });
    }
  }
  if (problems.length) throw new ValidationError(problems, 'Jam kerja khusus tidak valid');
  return {
    from: from as string,
    to: to as string,
    name: (name as string).trim(),
    hours: normalWeekly(hours as Record<OfficeWeekday, OpeningHours | null>),
  };
}

/** The day numbers an override covers, [fromDay, toDay) with toDay exclusive. */
export function overrideDays(override: HoursOverride): [number, number] {
  return [calendarDateToDay(override.from), calendarDateToDay(override.to) + 1];
}
