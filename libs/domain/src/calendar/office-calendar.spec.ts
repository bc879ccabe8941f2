import { InvalidCalendarDateError, InvalidInstantError, wibDayStart } from './calendar-date';
import { INDONESIAN_HOLIDAYS } from './indonesian-holidays.data';
import { OfficeCalendar } from './office-calendar';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const wib = (local: string) => new Date(`${local}+07:00`);
const office = new OfficeCalendar(INDONESIAN_HOLIDAYS.map((h) => h.date));
const weekdaysOnly = new OfficeCalendar([]);

describe('OfficeCalendar.isWorkingDay', () => {
  it.each([
    ['2026-01-12', true], // Senin biasa
    ['2026-01-10', false], // Sabtu
    ['2026-01-11', false], // Minggu
    ['2026-01-16', false], // Isra Mikraj
    ['2026-03-20', false], // cuti bersama Idulfitri
    ['2026-03-25', true], // hari kerja pertama setelah Lebaran
    ['2026-12-24', false], // cuti bersama Natal
  ])('%s -> %p', (date, expected) => {
    expect(office.isWorkingDay(date)).toBe(expected);
  });

  it('rejects a malformed date', () => {
    expect(() => office.isWorkingDay('2026-02-30')).toThrow(InvalidCalendarDateError);
    expect(() => new OfficeCalendar(['2026/01/01'])).toThrow(InvalidCalendarDateError);
  });

  it('ignores duplicates and holidays on weekends', () => {
    const calendar = new OfficeCalendar(['2026-03-21', '2026-03-23', '2026-03-23']);
    expect(calendar.workingMsBetween(wib('2026-03-21T00:00'), wib('2026-03-28T00:00'))).toBe(4 * DAY);
  });
});

describe('OfficeCalendar.workingMsBetween', () => {
  it('counts Friday 16:00 to Monday 09:00 WIB as 8 h + 9 h', () => {
    const start = wib('2026-01-09T16:00');
    const end = wib('2026-01-12T09:00');
    expect(office.workingMsBetween(start, end)).toBe(17 * HOUR);
    expect(office.calendarMsBetween(start, end)).toBe(65 * HOUR);
  });

  it('skips Nyepi and the whole Idulfitri 2026 break (18–24 March)', () => {
    // Tue 17 March 10:00 -> Wed 25 March 10:00: only the rest of the 17th and the morning of the 25th.
    expect(office.workingMsBetween(wib('2026-03-17T10:00'), wib('2026-03-25T10:00'))).toBe(24 * HOUR);
    expect(weekdaysOnly.workingMsBetween(wib('2026-03-17T10:00'), wib('2026-03-25T10:00'))).toBe(6 * DAY);
  });

  it('is zero inside a holiday and on an empty or reversed interval', () => {
    expect(office.workingMsBetween(wib('2026-08-17T08:00'), wib('2026-08-17T16:00'))).toBe(0);
    expect(office.workingMsBetween(wib('2026-08-18T08:00'), wib('2026-08-18T08:00'))).toBe(0);
    expect(office.workingMsBetween(wib('2026-08-18T09:00'), wib('2026-08-18T08:00'))).toBe(0);
    expect(office.calendarMsBetween(wib('2026-08-18T09:00'), wib('2026-08-18T08:00'))).toBe(0);
  });

  it('uses the WIB day boundary, not the UTC one', () => {
    // 16:00–18:00 UTC on Friday 9 January is Fri 23:00 -> Sat 01:00 WIB: one working hour.
    expect(weekdaysOnly.workingMsBetween(new Date('2026-01-09T16:00Z'), new Date('2026-01-09T18:00Z'))).toBe(
      HOUR,
    );
  });

  it('counts the weekdays of two whole years minus the weekday holidays', () => {
    const weekdayHolidays = INDONESIAN_HOLIDAYS.filter((h) => ![0, 6].includes(new Date(h.date).getUTCDay()));
    const weekdays = 261 + 261; // 2026 and 2027 both start on a Thursday/Friday and have 365 days
    expect(office.workingMsBetween(wibDayStart('2026-01-01'), wibDayStart('2028-01-01'))).toBe(
      (weekdays - weekdayHolidays.length) * DAY,
    );
  });

  it('answers for centuries-long intervals, before and after 1970', () => {
    // 1900-01-01 (Monday) to 2100-01-04 (Monday) is 104 357 whole weeks.
    const span = weekdaysOnly.workingMsBetween(wibDayStart('1900-01-01'), wibDayStart('2100-01-04'));
    expect(span).toBe(((wibDayStart('2100-01-04').getTime() - wibDayStart('1900-01-01').getTime()) / 7) * 5);
  });

  it('rejects invalid instants', () => {
    expect(() => office.workingMsBetween(new Date(Number.NaN), new Date())).toThrow(InvalidInstantError);
    expect(() => office.calendarMsBetween(new Date(0), new Date(Number.NaN))).toThrow(InvalidInstantError);
  });
});

describe('OfficeCalendar.elapsedMs', () => {
  it('measures in the requested basis', () => {
    const start = wib('2026-01-09T16:00');
    const end = wib('2026-01-12T09:00');
    expect(office.elapsedMs(start, end, 'working')).toBe(17 * HOUR);
    expect(office.elapsedMs(start, end, 'calendar')).toBe(65 * HOUR);
  });
});

describe('OfficeCalendar.addWorkingMs / addElapsedMs', () => {
  it('carries a deadline over the weekend', () => {
    expect(office.addWorkingMs(wib('2026-01-09T16:00'), 17 * HOUR)).toEqual(wib('2026-01-12T09:00'));
  });

  it('ends at the close of a working day rather than the next working morning', () => {
    expect(office.addWorkingMs(wib('2026-01-09T16:00'), 8 * HOUR)).toEqual(wib('2026-01-10T00:00'));
  });

  it('starts counting on the next working day when started on a holiday', () => {
    expect(office.addWorkingMs(wib('2026-03-21T10:00'), HOUR)).toEqual(wib('2026-03-25T01:00'));
  });

  it('puts a 7-working-day deadline across Lebaran 2026', () => {
    // From Mon 16 March 12:00: 16 (12 h), 17, then 25, 26, 27, 30, 31 March and 12 h of 1 April.
    expect(office.addElapsedMs(wib('2026-03-16T12:00'), 7 * DAY, 'working')).toEqual(wib('2026-04-01T12:00'));
    expect(office.addElapsedMs(wib('2026-03-16T12:00'), 7 * DAY, 'calendar')).toEqual(
      wib('2026-03-23T12:00'),
    );
  });

  it('returns the start for zero and rejects negative or fractional amounts', () => {
    const start = wib('2026-03-21T10:00');
    expect(office.addWorkingMs(start, 0)).toEqual(start);
    expect(() => office.addWorkingMs(start, -1)).toThrow(RangeError);
    expect(() => office.addWorkingMs(start, 0.5)).toThrow(RangeError);
    expect(() => office.addElapsedMs(start, -1, 'calendar')).toThrow(RangeError);
  });
});

describe('OfficeCalendar.addWorkingDays / subtractWorkingDays', () => {
  it.each([
    ['2026-01-09', 1, '2026-01-12'], // Fri + 1 -> Mon
    ['2026-01-10', 1, '2026-01-12'], // Sat + 1 -> Mon
    ['2026-03-17', 1, '2026-03-25'], // over Nyepi and Lebaran
    ['2026-03-25', -1, '2026-03-17'],
    ['2026-01-12', -1, '2026-01-09'],
    ['2026-01-10', 0, '2026-01-10'], // n = 0 leaves even a weekend date alone
    ['2026-12-23', 2, '2026-12-29'], // over Natal and its cuti bersama
  ])('%s %+d -> %s', (date, n, expected) => {
    expect(office.addWorkingDays(date, n)).toBe(expected);
  });

  it('gives the latest day to start 7 working days before an expiry', () => {
    // Certificate expiring on Mon 30 March 2026: 27, 26, 25, (Nyepi and Lebaran), 17, 16, 13, 12 March.
    const latestStart = office.subtractWorkingDays('2026-03-30', 7);
    expect(latestStart).toBe('2026-03-12');
    expect(office.workingMsBetween(wibDayStart(latestStart), wibDayStart('2026-03-30'))).toBe(7 * DAY);
  });

  it('rejects a fractional count', () => {
    expect(() => office.addWorkingDays('2026-01-12', 1.5)).toThrow(RangeError);
    expect(() => office.subtractWorkingDays('2026-01-12', Number.NaN)).toThrow(RangeError);
  });
});
