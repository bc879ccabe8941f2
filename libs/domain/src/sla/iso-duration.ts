import { ValidationError } from '../common/domain-errors';

const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const UNIT_MS = [7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000];

/**
 * Milliseconds of an ISO-8601 duration made of weeks, days, hours, minutes and seconds
 * (e.g. "PT5M", "P7D"). Years and months have no fixed length and negative durations mean
 * nothing for a time standard, so both are refused.
 */
export function parseIsoDuration(text: string): number {
  const match = PATTERN.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) {
    throw new ValidationError(
      [
        {
          field: 'duration',
          message: `"${text}" bukan durasi ISO-8601 yang didukung (mis. PT5M, P7D; tanpa tahun/bulan, tidak negatif)`,
        },
      ],
      'Durasi tidak valid',
    );
  }
  return match.slice(1).reduce((total, part, i) => total + (part ? Number(part) * UNIT_MS[i] : 0), 0);
}
