import fc from 'fast-check';
import { calendarDateToDay, dayToCalendarDate } from './calendar-date';
import { monthOf, periodSlug, previousPeriod, wholeMonth } from './report-period';

describe('report periods', () => {
  it('finds the calendar month of a date, leap years included', () => {
    expect(monthOf('2026-11-24')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(monthOf('2028-02-10')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthOf('2027-02-10')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(monthOf('2026-12-31')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(() => monthOf('2026-02-30')).toThrow();
  });

  it('compares a month with the month before, across a year end', () => {
    expect(previousPeriod({ from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousPeriod({ from: '2027-01-01', to: '2027-01-31' })).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });

  it('compares any other period with as many days just before it', () => {
    expect(previousPeriod({ from: '2026-11-10', to: '2026-11-16' })).toEqual({
      from: '2026-11-03',
      to: '2026-11-09',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 19_000, max: 22_000 }),
        fc.integer({ min: 0, max: 400 }),
        (start, length) => {
          const period = { from: dayToCalendarDate(start), to: dayToCalendarDate(start + length) };
          const before = previousPeriod(period);
          expect(calendarDateToDay(before.to)).toBe(start - 1);
          if (!wholeMonth(period)) expect(calendarDateToDay(before.from)).toBe(start - 1 - length);
        },
      ),
    );
  });

  it('names a month by its month and other periods by both ends', () => {
    expect(periodSlug({ from: '2026-11-01', to: '2026-11-30' })).toBe('2026-11');
    expect(periodSlug({ from: '2026-11-01', to: '2026-11-29' })).toBe('2026-11-01_2026-11-29');
  });
});
