/**
 * A duration in words, as people in the office say it: "5 menit 29 detik", "2 jam 5 menit",
 * "3 hari 4 jam". One function for every place that writes a duration for people (report, workbook,
 * mails, pages), so that a breach reads the same everywhere.
 */

export type DurationLang = 'id' | 'en';

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// Largest first; each with its [singular, plural] in both languages.
const UNITS = [
  { ms: DAY_MS, id: 'hari', en: ['day', 'days'] },
  { ms: HOUR_MS, id: 'jam', en: ['hour', 'hours'] },
  { ms: MINUTE_MS, id: 'menit', en: ['minute', 'minutes'] },
  { ms: SECOND_MS, id: 'detik', en: ['second', 'seconds'] },
] as const;

const NUMBERS: Readonly<Record<DurationLang, Intl.NumberFormat>> = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }),
};

/**
 * `ms` (a non-negative duration in milliseconds) in its two largest units, rounded to the smaller
 * of the two: 329 000 → "5 menit 29 detik"; 7 500 000 → "2 jam 5 menit"; 59 700 → "1 menit" (the
 * rounding carries); 0 → "0 detik". A unit with nothing left is left out ("3 jam", not "3 jam 0 menit").
 * Negative durations are written by their size: the caller says "lewat" or "tersisa".
 */
export function durationInWords(ms: number, lang: DurationLang = 'id'): string {
  if (!Number.isFinite(ms)) throw new RangeError(`durationInWords: not a duration: ${ms}`);
  const size = Math.abs(ms);
  // The largest unit the duration reaches once rounded to the next smaller one (so 59.7 s counts as a minute).
  let i = UNITS.findIndex((unit, k) => {
    const smaller = UNITS[k + 1]?.ms ?? SECOND_MS;
    return Math.round(size / smaller) * smaller >= unit.ms;
  });
  if (i === -1) i = UNITS.length - 1;
  const smaller = UNITS[Math.min(i + 1, UNITS.length - 1)];
  const rounded = Math.round(size / smaller.ms) * smaller.ms;
  const major = Math.floor(rounded / UNITS[i].ms);
  const minor = i + 1 < UNITS.length ? Math.round((rounded - major * UNITS[i].ms) / smaller.ms) : 0;
  const word = (value: number, unit: (typeof UNITS)[number]) =>
    `${NUMBERS[lang].format(value)} ${lang === 'id' ? unit.id : unit.en[value === 1 ? 0 : 1]}`;
  return minor ? `${word(major, UNITS[i])} ${word(minor, smaller)}` : word(major, UNITS[i]);
}
