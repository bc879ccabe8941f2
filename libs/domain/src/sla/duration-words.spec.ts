import fc from 'fast-check';
import { durationInWords, slaClock } from './duration-words';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('durationInWords', () => {
  it('says a duration with its two largest units, rounded down to the minute', () => {
    expect(durationInWords(3 * MINUTE)).toBe('3 menit');
    expect(durationInWords(2 * HOUR + 5 * MINUTE)).toBe('2 jam 5 menit');
    expect(durationInWords(2 * HOUR + 5 * MINUTE + 59_999)).toBe('2 jam 5 menit');
    expect(durationInWords(3 * DAY + 4 * HOUR + 59 * MINUTE)).toBe('3 hari 4 jam');
    expect(durationInWords(7 * DAY)).toBe('7 hari');
    expect(durationInWords(HOUR)).toBe('1 jam');
  });

  it('skips a zero unit between two others rather than naming it', () => {
    expect(durationInWords(DAY + 5 * MINUTE)).toBe('1 hari');
    expect(durationInWords(2 * HOUR + 30_000)).toBe('2 jam');
  });

  it('says "less than a minute" under a minute, and English with plurals', () => {
    expect(durationInWords(0)).toBe('kurang dari 1 menit');
    expect(durationInWords(59_999)).toBe('kurang dari 1 menit');
    expect(durationInWords(59_999, 'en')).toBe('less than a minute');
    expect(durationInWords(HOUR + MINUTE, 'en')).toBe('1 hour 1 minute');
    expect(durationInWords(2 * DAY + 3 * HOUR, 'en')).toBe('2 days 3 hours');
  });

  it('counts seconds when asked, as reports do: a breach of 5 min 29 s is not "5 menit"', () => {
    expect(durationInWords(5 * MINUTE + 29_000, 'id', 'second')).toBe('5 menit 29 detik');
    expect(durationInWords(5 * MINUTE + 29_000, 'en', 'second')).toBe('5 minutes 29 seconds');
    expect(durationInWords(45_000, 'id', 'second')).toBe('45 detik');
    expect(durationInWords(400, 'id', 'second')).toBe('0 detik');
    expect(durationInWords(2 * HOUR + 5 * MINUTE + 10_000, 'id', 'second')).toBe('2 jam 5 menit');
    expect(durationInWords(2 * DAY + 3 * HOUR + 10 * MINUTE, 'id', 'second')).toBe('2 hari 3 jam');
  });

  it('refuses a negative or non-numeric duration', () => {
    expect(() => durationInWords(-1)).toThrow(RangeError);
    expect(() => durationInWords(Number.NaN)).toThrow(RangeError);
  });

  it('never says more than the duration, and never a whole minute less', () => {
    const parse = (words: string) =>
      [...words.matchAll(/(\d+) (hari|jam|menit)/g)].reduce(
        (sum, [, n, unit]) => sum + Number(n) * { hari: DAY, jam: HOUR, menit: MINUTE }[unit]!,
        0,
      );
    fc.assert(
      fc.property(fc.integer({ min: MINUTE, max: 400 * DAY }), (ms) => {
        const said = parse(durationInWords(ms));
        expect(said).toBeLessThanOrEqual(ms);
        // Two units: what is dropped is less than one of the second unit (or the first, alone).
        expect(ms - said).toBeLessThan(ms >= DAY ? DAY : ms >= HOUR ? HOUR : MINUTE);
      }),
    );
  });
});

describe('slaClock', () => {
  it('counts down while on track or at risk, and up once breached', () => {
    expect(slaClock({ status: 'on_track', remainingMs: 3 * MINUTE, overrunMs: 0 })).toEqual({
      state: 'on_track',
      text: 'tersisa 3 menit',
    });
    expect(slaClock({ status: 'at_risk', remainingMs: 3 * MINUTE, overrunMs: 0 }, 'en')).toEqual({
      state: 'at_risk',
      text: '3 minutes left',
    });
    expect(slaClock({ status: 'breached', remainingMs: 0, overrunMs: 2 * HOUR + 5 * MINUTE })).toEqual({
      state: 'breached',
      text: 'lewat 2 jam 5 menit',
    });
  });

  it('shows no clock for an ended step or one without a standard', () => {
    expect(slaClock({ status: 'met', remainingMs: null, overrunMs: 0 })).toBeNull();
    expect(slaClock({ status: 'breached', remainingMs: null, overrunMs: HOUR })).toBeNull();
    expect(slaClock({ status: 'running', remainingMs: null, overrunMs: null })).toBeNull();
  });
});
