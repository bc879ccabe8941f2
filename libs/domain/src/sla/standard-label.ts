import type { StepStandard, TimeBasis } from '../sop/sop.types';

export type LabelLanguage = 'id' | 'en';

/** ISO-8601 designators in the order parseIsoDuration reads them, with their unit names. */
const UNITS: readonly { readonly pattern: RegExp; readonly id: string; readonly en: [string, string] }[] = [
  { pattern: /(\d+)W/, id: 'minggu', en: ['week', 'weeks'] },
  { pattern: /(\d+)D/, id: 'hari', en: ['day', 'days'] },
  { pattern: /T.*?(\d+)H/, id: 'jam', en: ['hour', 'hours'] },
  { pattern: /T.*?(\d+)M/, id: 'menit', en: ['minute', 'minutes'] },
  { pattern: /T.*?(\d+(?:\.\d+)?)S/, id: 'detik', en: ['second', 'seconds'] },
];

const BASIS_ID: Record<TimeBasis, string> = {
  calendar: 'kalender',
  working: 'hari kerja',
  office_hours: 'jam kerja',
};

const BASIS_EN: Record<TimeBasis, string> = {
  calendar: 'calendar time',
  working: 'working days',
  office_hours: 'office hours',
};

function durationWords(duration: string, language: LabelLanguage): string {
  return UNITS.flatMap((unit) => {
    const amount = unit.pattern.exec(duration)?.[1];
    if (amount === undefined) return [];
    const name = language === 'id' ? unit.id : unit.en[amount === '1' ? 0 : 1];
    return [`${amount} ${name}`];
  }).join(' ');
}

/** Labels by language, basis and duration: every view labels each of its steps twice. */
const labels = new Map<string, string>();

/**
 * A step's time standard with the basis it is measured on, for views, reports and mails:
 * "5 menit jam kerja", "7 hari kalender", "2 hari kerja" / "5 minutes of office hours",
 * "7 calendar days", "2 working days"; "-" / "none" when the SOP sets no standard. The SOP
 * document itself prints the WAKTU cell as written ("5 Menit"), not this.
 * `standard.duration` is an ISO-8601 duration as accepted by parseIsoDuration.
 */
export function describeStandard(
  standard: Pick<StepStandard, 'duration' | 'basis'>,
  language: LabelLanguage = 'id',
): string {
  const key = `${language} ${standard.basis} ${standard.duration}`;
  let label = labels.get(key);
  if (label === undefined) {
    label = composeLabel(standard, language);
    // A SOP has a handful of standards; the bound only guards against unexpected variety.
    if (labels.size >= 1_000) labels.clear();
    labels.set(key, label);
  }
  return label;
}

function composeLabel(standard: Pick<StepStandard, 'duration' | 'basis'>, language: LabelLanguage): string {
  if (standard.duration === null) return language === 'id' ? '-' : 'none';
  const words = durationWords(standard.duration, language);
  const onlyDays = /^P\d+D$/.test(standard.duration);
  if (language === 'id') {
    // "7 hari hari kerja" reads as "7 hari kerja".
    return onlyDays && standard.basis === 'working'
      ? `${words} kerja`
      : `${words} ${BASIS_ID[standard.basis]}`;
  }
  if (onlyDays && standard.basis !== 'office_hours') {
    return words.replace(/(days?)$/, `${standard.basis === 'working' ? 'working' : 'calendar'} $1`);
  }
  return `${words} of ${BASIS_EN[standard.basis]}`;
}
