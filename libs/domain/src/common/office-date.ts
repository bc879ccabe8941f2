// Building an Intl formatter costs far more than using one, and views format every timestamp.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, kind: 'date' | 'offset'): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let made = formatters.get(key);
  if (!made) {
    made =
      kind === 'date'
        ? // en-CA formats dates as YYYY-MM-DD.
          new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(key, made);
  }
  return made;
}

/** The calendar date (YYYY-MM-DD) of an instant in the office's time zone. */
export function officeDate(instant: Date, timeZone: string): string {
  return formatter(timeZone, 'date').format(instant);
}

/** The zone's offset from UTC at an instant, in ms (+7 h for WIB), as Intl computes it. */
function offsetByIntl(instant: number, timeZone: string): number {
  const name =
    formatter(timeZone, 'offset')
      .formatToParts(instant)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) * 60_000 : 0;
}

/**
 * Offsets by zone and quarter hour of UTC. Intl's formatToParts is the costliest part of a view
 * (every timestamp is shown in WIB); a zone's offset changes at most once in a quarter hour, so
 * an offset that is the same at both ends of one holds all through it.
 */
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();

/** The zone's offset from UTC at an instant, in ms (+7 h for WIB). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const time = instant.getTime();
  const quarter = Math.floor(time / QUARTER_HOUR);
  let known = offsets.get(timeZone);
  const kept = known?.get(quarter);
  if (kept !== undefined) return kept;
  const start = offsetByIntl(quarter * QUARTER_HOUR, timeZone);
  if (start !== offsetByIntl((quarter + 1) * QUARTER_HOUR - 1, timeZone)) return offsetByIntl(time, timeZone);
  if (!known || known.size >= 100_000) offsets.set(timeZone, (known = new Map()));
  known.set(quarter, start);
  return start;
}

/** The instant an office date begins (its midnight in the office's zone). */
export function officeMidnight(date: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  return new Date(utcMidnight - zoneOffsetMs(new Date(utcMidnight), timeZone));
}

/**
 * The instant an office date ends (exclusive): the next midnight, which is where a period given
 * as inclusive office dates stops.
 */
export function officeDayEnd(date: string, timeZone: string): Date {
  return new Date(officeMidnight(date, timeZone).getTime() + 86_400_000);
}

/** ISO-8601 local time with offset, e.g. 2026-11-24T10:00:00+07:00, as the office reads it. */
export function officeIso(instant: Date, timeZone: string): string {
  const offset = zoneOffsetMs(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.abs(offset) / 60_000;
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${new Date(instant.getTime() + offset).toISOString().slice(0, 19)}${sign}${hhmm}`;
}

/** An instant in UTC (ISO-8601) and as the office reads it (WIB): how views show every time. */
export interface OfficeInstant {
  readonly utc: string;
  readonly local: string;
}

export function officeInstant(date: Date, timeZone: string): OfficeInstant {
  return { utc: date.toISOString(), local: officeIso(date, timeZone) };
}
