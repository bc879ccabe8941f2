import { DEFAULT_WEEKLY_HOURS, ValidationError } from '@mutu/domain';
import { weeklyHoursFromWords, weeklyHoursText } from './hours-args';

describe('opening hours from command-line words', () => {
  it('applies words in order on top of the base hours', () => {
    expect(weeklyHoursFromWords(['all=08:00-15:00', 'fri=08:00-15:30'], DEFAULT_WEEKLY_HOURS)).toEqual({
      mon: { opens: '08:00', closes: '15:00' },
      tue: { opens: '08:00', closes: '15:00' },
      wed: { opens: '08:00', closes: '15:00' },
      thu: { opens: '08:00', closes: '15:00' },
      fri: { opens: '08:00', closes: '15:30' },
    });
    expect(weeklyHoursFromWords(['wed=tutup'], DEFAULT_WEEKLY_HOURS)).toEqual({
      ...DEFAULT_WEEKLY_HOURS,
      wed: null,
    });
    expect(weeklyHoursFromWords([], DEFAULT_WEEKLY_HOURS)).toEqual(DEFAULT_WEEKLY_HOURS);
  });

  it.each(['sat=08:00-12:00', 'fri', 'fri=07:30', 'jumat=07:30-16:30'])('refuses %p, naming it', (word) => {
    expect(() => weeklyHoursFromWords([word], DEFAULT_WEEKLY_HOURS)).toThrow(ValidationError);
    expect(() => weeklyHoursFromWords([word], DEFAULT_WEEKLY_HOURS)).toThrow(word);
  });

  it('prints one line per weekday', () => {
    expect(weeklyHoursText({ ...DEFAULT_WEEKLY_HOURS, wed: null })).toBe(
      '  mon  07:30–16:00 WIB\n  tue  07:30–16:00 WIB\n  wed  tutup\n  thu  07:30–16:00 WIB\n  fri  07:30–16:30 WIB',
    );
  });
});
