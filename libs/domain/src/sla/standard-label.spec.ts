import { describeStandard } from './standard-label';

describe('describeStandard', () => {
  it.each([
    ['PT5M', 'office_hours', '5 menit jam kerja', '5 minutes of office hours'],
    ['PT5M', 'calendar', '5 menit kalender', '5 minutes of calendar time'],
    ['P7D', 'calendar', '7 hari kalender', '7 calendar days'],
    ['P2D', 'working', '2 hari kerja', '2 working days'],
    ['P1D', 'working', '1 hari kerja', '1 working day'],
    ['PT36H', 'working', '36 jam hari kerja', '36 hours of working days'],
    ['PT1H30M', 'office_hours', '1 jam 30 menit jam kerja', '1 hour 30 minutes of office hours'],
    ['P1W2D', 'calendar', '1 minggu 2 hari kalender', '1 week 2 days of calendar time'],
    [
      'P1DT2H3M4S',
      'calendar',
      '1 hari 2 jam 3 menit 4 detik kalender',
      '1 day 2 hours 3 minutes 4 seconds of calendar time',
    ],
  ] as const)('%s on %s: %s / %s', (duration, basis, id, en) => {
    expect(describeStandard({ duration, basis }, 'id')).toBe(id);
    expect(describeStandard({ duration, basis }, 'en')).toBe(en);
  });

  it('says when there is no standard', () => {
    expect(describeStandard({ duration: null, basis: 'calendar' })).toBe('-');
    expect(describeStandard({ duration: null, basis: 'calendar' }, 'en')).toBe('none');
  });
});
