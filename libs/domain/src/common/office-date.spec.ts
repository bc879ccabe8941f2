import { officeDate, officeIso, officeMidnight, zoneOffsetMs } from './office-date';

describe('office dates', () => {
  it('reads the WIB date of an instant, rolling over at 17:00 UTC', () => {
    expect(officeDate(new Date('2026-11-30T16:59:59Z'), 'Asia/Jakarta')).toBe('2026-11-30');
    expect(officeDate(new Date('2026-11-30T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-12-01');
  });

  it('knows the offsets of WIB, WITA, UTC and a zone behind UTC', () => {
    const at = new Date('2026-11-24T00:00:00Z');
    expect(zoneOffsetMs(at, 'Asia/Jakarta')).toBe(7 * 3_600_000);
    expect(zoneOffsetMs(at, 'Asia/Makassar')).toBe(8 * 3_600_000);
    expect(zoneOffsetMs(at, 'UTC')).toBe(0);
    expect(zoneOffsetMs(at, 'America/Sao_Paulo')).toBe(-3 * 3_600_000);
  });

  it('changes offset at the instant the zone does, within a quarter hour too (offsets are kept by quarter hour)', () => {
    const at = (iso: string, zone: string) => zoneOffsetMs(new Date(iso), zone) / 60_000;
    for (let pass = 0; pass < 2; pass++) {
      // New York to summer time at 07:00 UTC; Batavia from +07:07 to +07:20 at 16:40 UTC, 1923.
      expect(at('2026-03-08T06:59:59.999Z', 'America/New_York')).toBe(-300);
      expect(at('2026-03-08T07:00:00.000Z', 'America/New_York')).toBe(-240);
      expect(at('1923-12-31T16:39:59.999Z', 'Asia/Jakarta')).toBe(7 * 60 + 7);
      expect(at('1923-12-31T16:40:00.000Z', 'Asia/Jakarta')).toBe(7 * 60 + 20);
      expect(at('1923-12-31T16:44:00.000Z', 'Asia/Jakarta')).toBe(7 * 60 + 20);
      expect(at('1923-12-31T16:31:00.000Z', 'Asia/Jakarta')).toBe(7 * 60 + 7);
    }
  });

  it('finds the instant an office date begins', () => {
    expect(officeMidnight('2026-12-01', 'Asia/Jakarta').toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(officeMidnight('2026-12-01', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('writes local ISO time with its offset', () => {
    expect(officeIso(new Date('2026-11-24T03:00:00Z'), 'Asia/Jakarta')).toBe('2026-11-24T10:00:00+07:00');
    expect(officeIso(new Date('2026-11-24T03:00:00Z'), 'America/Sao_Paulo')).toBe(
      '2026-11-24T00:00:00-03:00',
    );
  });
});
