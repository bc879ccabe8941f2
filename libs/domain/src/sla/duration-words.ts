import type { StepSla } from './step-sla';

export type WordsLanguage = 'id' | 'en';

const UNITS: Readonly<Record<WordsLanguage, readonly [ms: number, one: string, many: string][]>> = {
  id: [
    [86_400_000, 'hari', 'hari'],
    [3_600_000, 'jam', 'jam'],
    [60_000, 'menit', 'menit'],
  ],
  en: [
    [86_400_000, 'day', 'days'],
    [3_600_000, 'hour', 'hours'],
    [60_000, 'minute', 'minutes'],
  ],
};

const SECONDS: Readonly<Record<WordsLanguage, readonly [ms: number, one: string, many: string]>> = {
  id: [1000, 'detik', 'detik'],
  en: [1000, 'second', 'seconds'],
};

const UNDER_A_MINUTE: Readonly<Record<WordsLanguage, string>> = {
  id: 'kurang dari 1 menit',
  en: 'less than a minute',
};

/**
 * A duration in words as people say it: its two largest non-zero units of days (24 h), hours
 * and minutes, rounded down to the minute ("2 jam 5 menit", "3 hari 4 jam"; English "2 hours
 * 5 minutes"); under a minute is "kurang dari 1 menit". With `smallest` 'second' (reports,
 * where a breach of 5 min 29 s must not read as 5 min) seconds count too: "5 menit 29 detik",
 * "45 detik", "0 detik". `ms` ≥ 0 (a negative value throws a RangeError). A "day" here is 24 hours of the standard's basis (working time counts office
 * hours only, so it is the caller's elapsed-time figure that carries the basis).
 */
export function durationInWords(
  ms: number,
  language: WordsLanguage = 'id',
  smallest: 'minute' | 'second' = 'minute',
): string {
  if (!(ms >= 0)) throw new RangeError(`durasi harus ≥ 0 ms: ${ms}`);
  const units = smallest === 'second' ? [...UNITS[language], SECONDS[language]] : UNITS[language];
  const step = units.at(-1)![0];
  let rest = Math.floor(ms / step) * step;
  const parts: string[] = [];
  for (const [size, one, many] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(count > 0 ? `${count} ${count === 1 ? one : many}` : '');
    if (parts.length === 2) break;
  }
  const words = parts.filter(Boolean);
  if (words.length) return words.join(' ');
  return smallest === 'second' ? `0 ${SECONDS[language][2]}` : UNDER_A_MINUTE[language];
}

/** The colour-coded state of a running step's SLA clock, or null when it has none to show. */
export type SlaClockState = 'on_track' | 'at_risk' | 'breached';

/**
 * What the SLA clock of a running step says: "tersisa 3 menit" before the standard runs out,
 * "lewat 2 jam 5 menit" past it (English "3 minutes left" / "2 hours 5 minutes over"). Null for
 * a step that has ended or has no standard (step 3, BSrE's check). Reads the statuses computed by
 * stepSla(); decides nothing of its own.
 */
export function slaClock(
  sla: Pick<StepSla, 'status' | 'remainingMs' | 'overrunMs'>,
  language: WordsLanguage = 'id',
): { readonly state: SlaClockState; readonly text: string } | null {
  if (sla.status === 'breached' && sla.remainingMs !== null) {
    const words = durationInWords(sla.overrunMs ?? 0, language);
    return { state: 'breached', text: language === 'id' ? `lewat ${words}` : `${words} over` };
  }
  if ((sla.status === 'on_track' || sla.status === 'at_risk') && sla.remainingMs !== null) {
    const words = durationInWords(sla.remainingMs, language);
    return { state: sla.status, text: language === 'id' ? `tersisa ${words}` : `${words} left` };
  }
  return null;
}
