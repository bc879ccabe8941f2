import { ReportFormatter } from './compliance-report.format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('ReportFormatter: how the compliance report writes figures', () => {
  const id = new ReportFormatter('id', 'Asia/Jakarta');
  const en = new ReportFormatter('en', 'Asia/Jakarta');

  it.each([
    [5 * MINUTE + 29_000, '5 menit 29 detik', '5 minutes 29 seconds'],
    [59_700, '59 detik', '59 seconds'],
    [2 * DAY + 3 * HOUR + 10 * MINUTE, '2 hari 3 jam', '2 days 3 hours'],
    [3 * HOUR, '3 jam', '3 hours'],
    [HOUR + 20 * MINUTE, '1 jam 20 menit', '1 hour 20 minutes'],
    [DAY - 10_000, '23 jam 59 menit', '23 hours 59 minutes'],
    [7 * DAY, '7 hari', '7 days'],
    [1234 * DAY, '1234 hari', '1234 days'],
  ])('writes %i ms as "%s" / "%s"', (ms, indonesian, english) => {
    expect(id.duration(ms)).toBe(indonesian);
    expect(en.duration(ms)).toBe(english);
  });

  it('writes no value as a dash, never NaN', () => {
    expect(id.duration(null)).toBe('–');
    expect(id.percent(null)).toBe('–');
    expect(id.decimal1(null)).toBe('–');
  });

  it('writes shares, points and changes in the language’s notation', () => {
    expect(id.percent(0.875)).toBe('87,5%');
    expect(en.percent(0.875)).toBe('87.5%');
    expect(id.percent(1)).toBe('100,0%');
    expect(id.points(-0.031)).toBe('3,1');
    expect(id.relativeChange(29, 36)).toBe('+24,1%');
    expect(en.relativeChange(40, 30)).toBe('−25.0%');
    expect(id.count(12345)).toBe('12.345');
    expect(en.count(12345)).toBe('12,345');
  });

  it('writes instants in WIB and periods by month or by dates', () => {
    expect(id.dateTimeOf('2026-11-24T03:05:00Z')).toBe('24 November 2026 pukul 10.05 WIB');
    expect(en.dateTimeOf('2026-11-24T03:05:00Z')).toBe('24 November 2026 at 10:05 WIB');
    // 20:00 UTC is already the next day in WIB.
    expect(id.dateTimeOf('2026-10-31T20:00:00Z')).toBe('1 November 2026 pukul 03.00 WIB');
    expect(id.period('2026-10-01', '2026-10-31')).toBe('Oktober 2026');
    expect(en.period('2026-10-01', '2026-10-31')).toBe('October 2026');
    expect(id.period('2026-10-01', '2026-10-15')).toBe('1 Oktober 2026 s.d. 15 Oktober 2026');
    expect(en.period('2026-02-01', '2026-02-28')).toBe('February 2026');
    expect(id.monthAbbreviation('2026-08')).toBe('Agu 2026');
    expect(en.monthAbbreviation('2026-08')).toBe('Aug 2026');
    expect(id.wallTime(Date.UTC(2026, 9, 2, 10, 12))).toBe('02/10/2026 10.12');
    expect(new ReportFormatter('id', 'Asia/Makassar').dateTimeOf('2026-11-24T03:05:00Z')).toBe(
      '24 November 2026 pukul 11.05 WITA',
    );
  });
});
