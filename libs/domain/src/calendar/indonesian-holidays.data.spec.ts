import { calendarDateToDay } from './calendar-date';
import { HOLIDAY_KINDS } from './holiday.types';
import { INDONESIAN_HOLIDAYS } from './indonesian-holidays.data';

const DAY_NAMES = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const dayName = (date: string) => DAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
const ofYear = (year: string) => INDONESIAN_HOLIDAYS.filter((h) => h.date.startsWith(year));

describe('INDONESIAN_HOLIDAYS', () => {
  it('has valid, distinct, ascending dates with a name and a known kind', () => {
    const days = INDONESIAN_HOLIDAYS.map((h) => calendarDateToDay(h.date));
    expect([...days].sort((a, b) => a - b)).toEqual(days);
    expect(new Set(days).size).toBe(days.length);
    for (const holiday of INDONESIAN_HOLIDAYS) {
      expect(holiday.name.trim()).not.toBe('');
      expect(HOLIDAY_KINDS).toContain(holiday.kind);
    }
  });

  it('matches the SKB for 2026: 17 libur nasional and 8 cuti bersama', () => {
    const year = ofYear('2026');
    expect(year.filter((h) => h.kind === 'libur_nasional')).toHaveLength(17);
    expect(year.filter((h) => h.kind === 'cuti_bersama').map((h) => h.date)).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
  });

  // The SKB states the weekday of each date: a typo in a date would almost surely break this.
  it.each([
    ['2026-01-16', 'Jumat'],
    ['2026-02-17', 'Selasa'],
    ['2026-03-19', 'Kamis'],
    ['2026-03-21', 'Sabtu'],
    ['2026-03-22', 'Minggu'],
    ['2026-04-03', 'Jumat'],
    ['2026-05-14', 'Kamis'],
    ['2026-05-27', 'Rabu'],
    ['2026-05-31', 'Minggu'],
    ['2026-06-16', 'Selasa'],
    ['2026-08-25', 'Selasa'],
    ['2026-12-24', 'Kamis'],
  ])('%s falls on %s', (date, expected) => {
    expect(dayName(date)).toBe(expected);
  });

  it('keeps the fixed-date holidays of both years', () => {
    for (const year of ['2026', '2027']) {
      const dates = ofYear(year).map((h) => h.date);
      for (const monthDay of ['01-01', '05-01', '06-01', '08-17', '12-25']) {
        expect(dates).toContain(`${year}-${monthDay}`);
      }
    }
  });

  it('places Good Friday, Easter and Ascension by the computus', () => {
    for (const [goodFriday, easter, ascension] of [
      ['2026-04-03', '2026-04-05', '2026-05-14'],
      ['2027-03-26', '2027-03-28', '2027-05-06'],
    ]) {
      const dates = INDONESIAN_HOLIDAYS.map((h) => h.date);
      expect(dates).toEqual(expect.arrayContaining([goodFriday, easter, ascension]));
      expect(calendarDateToDay(easter) - calendarDateToDay(goodFriday)).toBe(2);
      expect(calendarDateToDay(ascension) - calendarDateToDay(easter)).toBe(39);
    }
  });

  it('lists two Idulfitri days per year', () => {
    for (const year of ['2026', '2027']) {
      expect(ofYear(year).filter((h) => h.name.startsWith('Idulfitri'))).toHaveLength(2);
    }
  });
});
