import { ValidationError } from '../common/domain-errors';

const DAY_MS = 86_400_000;

/** Weeks and days before the T, then hours, minutes and seconds (up to millisecond precision). */
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;
const UNIT_MS = [7 * DAY_MS, DAY_MS, 3_600_000, 60_000, 1_000] as const;
/** Years or months anywhere before the T (the M after the T is minutes). */
const CALENDAR_UNITS = /^P[^T]*\d(?:[.,]\d+)?[YM]/;

export const DURATION_RULES = ['format', 'calendar_unit', 'negative', 'too_large'] as const;
export type DurationRule = (typeof DURATION_RULES)[number];

const REASON: Record<DurationRule, string> = {
  format: 'gunakan bentuk seperti PT5M, PT1H30M, P7D atau P1W',
  calendar_unit:
    'tahun (Y) dan bulan (M sebelum T) tidak punya panjang tetap; gunakan minggu, hari, jam, menit atau detik',
  negative: 'durasi tidak boleh negatif',
  too_large: 'durasi terlalu besar',
};

/** A duration text that cannot be a time standard. `rule` says why, for machines. */
export class InvalidDurationError extends ValidationError {
  constructor(
    readonly text: string,
    readonly rule: DurationRule,
  ) {
    super(
      [{ field: 'duration', message: `"${text}" bukan durasi ISO-8601 yang didukung: ${REASON[rule]}` }],
      'Durasi tidak valid',
    );
  }
}

function ruleBroken(text: string): DurationRule {
  if (/^-P|^P.*-\d/.test(text)) return 'negative';
  return CALENDAR_UNITS.test(text) ? 'calendar_unit' : 'format';
}

/**
 * Milliseconds of an ISO-8601 duration made of weeks, days, hours, minutes and seconds (e.g.
 * "PT5M", "P7D"). A day is 24 h, which holds in WIB (no DST). Years and months have no fixed
 * length and a negative time standard means nothing, so both are refused, as are lowercase
 * designators: definition files are meant to be read by people as the standard writes them.
 */
export function parseIsoDuration(text: string): number {
  const match = PATTERN.exec(text);
  if (!match || text === 'P') throw new InvalidDurationError(text, ruleBroken(text));
  // Seconds may carry up to 3 decimals; scaling each part to integer ms before summing keeps it exact.
  const ms = match
    .slice(1)
    .reduce((total, part, i) => total + (part ? Math.round(Number(part) * UNIT_MS[i]) : 0), 0);
  if (!Number.isSafeInteger(ms)) throw new InvalidDurationError(text, 'too_large');
  return ms;
}
