import fc from 'fast-check';
import { durationInWords } from './duration-words';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS: Record<string, number> = { hari: DAY, jam: HOUR, menit: MINUTE, detik: SECOND };

/** Reads "2 jam 5 menit" back as milliseconds. */
function readBack(words: string): number {
  const tokens = words.split(' ');
  let ms = 0;
  for (let i = 0; i < tokens.length; i += 2)
    ms += Number(tokens[i].replace(/\./g, '')) * UNIT_MS[tokens[i + 1]];
  return ms;
}

describe('durationInWords: a duration as people say it', () => {
  it.each([
    [5 * MINUTE + 29 * SECOND, '5 menit 29 detik', '5 minutes 29 seconds'],
    [5 * MINUTE, '5 menit', '5 minutes'],
    [MINUTE, '1 menit', '1 minute'],
    [45 * SECOND, '45 detik', '45 seconds'],
    [59_700, '1 menit', '1 minute'],
    [0, '0 detik', '0 seconds'],
    [2 * HOUR + 5 * MINUTE + 10 * SECOND, '2 jam 5 menit', '2 hours 5 minutes'],
    [2 * DAY + 3 * HOUR + 10 * MINUTE, '2 hari 3 jam', '2 days 3 hours'],
    [3 * HOUR, '3 jam', '3 hours'],
    [DAY - 10 * SECOND, '1 hari', '1 day'],
    [HOUR - 400, '1 jam', '1 hour'],
    [1234 * DAY, '1.234 hari', '1,234 days'],
  ])('writes %i ms as "%s" / "%s"', (ms, indonesian, english) => {
    expect(durationInWords(ms)).toBe(indonesian);
    expect(durationInWords(ms, 'en')).toBe(english);
  });

  it('writes an overrun by its size; the caller says "lewat"', () => {
    expect(durationInWords(-(2 * HOUR + 5 * MINUTE))).toBe('2 jam 5 menit');
  });

  it('refuses what is not a duration', () => {
    expect(() => durationInWords(Number.NaN)).toThrow(RangeError);
  });

  it('is exact to half of its smaller unit, never more than two units, and never "60 menit"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * DAY }), (ms) => {
        const words = durationInWords(ms);
        const units = words.split(' ').filter((_, i) => i % 2 === 1);
        expect(units.length).toBeLessThanOrEqual(2);
        const smallest = UNIT_MS[units.at(-1)!];
        // Two units shown: rounded to the second. One shown: the second one rounded to zero.
        const precision = units.length === 2 ? smallest : smallest / (smallest === DAY ? 24 : 60);
        expect(Math.abs(readBack(words) - ms)).toBeLessThanOrEqual(Math.max(precision / 2, SECOND / 2));
        expect(words).not.toMatch(/\b(60 menit|60 detik|24 jam)\b/);
      }),
    );
  });
});
