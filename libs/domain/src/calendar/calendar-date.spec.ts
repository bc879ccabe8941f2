import fc from 'fast-check';
import { ValidationError } from '../common/domain-errors';
import {
  calendarDateToDay,
  dayToCalendarDate,
  InvalidCalendarDateError,
  InvalidInstantError,
  isCalendarDate,
  wibDate,
  wibDayStart,
} from './calendar-date';

describe('calendar dates', () => {
  it('numbers days from 1970-01-01', () => {
    expect(calendarDateToDay('1970-01-01')).toBe(0);
    expect(calendarDateToDay('1969-12-31')).toBe(-1);
    expect(calendarDateToDay('2026-03-21')).toBe(Date.UTC(2026, 2, 21) / 86_400_000);
    expect(calendarDateToDay('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 86_400_000);
  });

  it('handles years before 100, which Date.UTC would move into the 1900s', () => {
    expect(dayToCalendarDate(calendarDateToDay('0050-06-15'))).toBe('0050-06-15');
  });

  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-05', '26-01-05', '2026-01-05T00:00', '', 'abc'])(
    'rejects %p',
    (value) => {
      expect(isCalendarDate(value)).toBe(false);
      expect(() => calendarDateToDay(value)).toThrow(InvalidCalendarDateError);
    },
  );

  it('is a validation error naming the rejected value, in Indonesian', () => {
    const error = captureError(() => calendarDateToDay('2026-02-30'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      code: 'VALIDATION',
      value: '2026-02-30',
      problems: [{ field: 'date', message: '"2026-02-30" bukan tanggal YYYY-MM-DD yang ada di kalender' }],
    });
  });

  it('round-trips every day number in four millennia', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
        expect(calendarDateToDay(dayToCalendarDate(day))).toBe(day);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('WIB (UTC+7)', () => {
  it('puts 17:00 UTC onwards on the next WIB day', () => {
    expect(wibDate(new Date('2026-03-20T16:59:59.999Z'))).toBe('2026-03-20');
    expect(wibDate(new Date('2026-03-20T17:00:00.000Z'))).toBe('2026-03-21');
  });

  it('starts a WIB day at 17:00 UTC of the day before', () => {
    expect(wibDayStart('2026-03-21').toISOString()).toBe('2026-03-20T17:00:00.000Z');
    expect(wibDayStart('1970-01-01').toISOString()).toBe('1969-12-31T17:00:00.000Z');
  });

  it('maps every instant of a WIB day back to that day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20_000, max: 60_000 }),
        fc.integer({ min: 0, max: 86_399_999 }),
        (day, ms) => {
          const date = dayToCalendarDate(day);
          expect(wibDate(new Date(wibDayStart(date).getTime() + ms))).toBe(date);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('rejects an invalid Date', () => {
    expect(() => wibDate(new Date(Number.NaN))).toThrow(InvalidInstantError);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
