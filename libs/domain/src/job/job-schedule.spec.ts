import { dueScheduledTimes, nextAttemptAt, scheduledTimesBetween } from './job-schedule';

const HOUR = 3_600_000;
const monthly = { cron: '0 7 1 * *', timeZone: 'Asia/Jakarta' };
const everyTen = { cron: '*/10 * * * *', timeZone: 'Asia/Jakarta' };

describe('scheduledTimesBetween', () => {
  it('reads the cron in WIB: 07:00 on the 1st is 00:00 UTC', () => {
    expect(
      scheduledTimesBetween(monthly, new Date('2026-10-15T00:00:00Z'), new Date('2027-01-15T00:00:00Z')),
    ).toEqual([
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
      new Date('2027-01-01T00:00:00Z'),
    ]);
  });

  it('excludes the start and includes the end', () => {
    expect(
      scheduledTimesBetween(everyTen, new Date('2026-11-24T03:00:00Z'), new Date('2026-11-24T03:20:00Z')),
    ).toEqual([new Date('2026-11-24T03:10:00Z'), new Date('2026-11-24T03:20:00Z')]);
  });
});

describe('dueScheduledTimes', () => {
  const now = new Date('2026-12-02T01:00:00Z'); // 08:00 WIB on the 2nd

  it('catches up a time missed while the server was down, within the look-back', () => {
    expect(dueScheduledTimes(monthly, now, 48 * HOUR, [], 'each')).toEqual([
      new Date('2026-12-01T00:00:00Z'),
    ]);
  });

  it('leaves a time older than the look-back', () => {
    expect(dueScheduledTimes(monthly, now, 24 * HOUR, [], 'each')).toEqual([]);
  });

  it('is nothing once the run is recorded', () => {
    expect(dueScheduledTimes(monthly, now, 48 * HOUR, [new Date('2026-12-01T00:00:00Z')], 'each')).toEqual(
      [],
    );
  });

  it('runs each missed time once, or only the newest one', () => {
    const at = new Date('2026-11-24T03:35:00Z');
    const recorded = [new Date('2026-11-24T03:10:00Z')];
    expect(dueScheduledTimes(everyTen, at, HOUR / 2, recorded, 'each')).toEqual([
      new Date('2026-11-24T03:20:00Z'),
      new Date('2026-11-24T03:30:00Z'),
    ]);
    expect(dueScheduledTimes(everyTen, at, HOUR / 2, recorded, 'latest')).toEqual([
      new Date('2026-11-24T03:30:00Z'),
    ]);
    expect(dueScheduledTimes(everyTen, at, HOUR / 2, [new Date('2026-11-24T03:30:00Z')], 'latest')).toEqual(
      [],
    );
  });

  it('finds only the newest time of a frequent job without walking its whole look-back', () => {
    const everyMinute = { cron: '* * * * *', timeZone: 'Asia/Jakarta' };
    const at = new Date('2026-11-24T03:35:30Z');
    expect(dueScheduledTimes(everyMinute, at, 90 * 24 * HOUR, [], 'latest')).toEqual([
      new Date('2026-11-24T03:35:00Z'),
    ]);
    expect(dueScheduledTimes(monthly, now, 90 * 24 * HOUR, [], 'latest')).toEqual([
      new Date('2026-12-01T00:00:00Z'),
    ]);
    expect(dueScheduledTimes(monthly, now, 24 * HOUR, [], 'latest')).toEqual([]);
  });

  it('is due exactly at the scheduled instant, not a millisecond before', () => {
    const seven = new Date('2026-12-01T00:00:00Z');
    expect(dueScheduledTimes(monthly, new Date(seven.getTime() - 1), HOUR, [], 'each')).toEqual([]);
    expect(dueScheduledTimes(monthly, seven, HOUR, [], 'each')).toEqual([seven]);
  });
});

describe('nextAttemptAt', () => {
  const failedAt = new Date('2026-11-24T03:00:00Z');

  it('backs off exponentially, capped at an hour, and gives up at the limit', () => {
    expect(nextAttemptAt(failedAt, 1, 5)).toEqual(new Date('2026-11-24T03:01:00Z'));
    expect(nextAttemptAt(failedAt, 2, 5)).toEqual(new Date('2026-11-24T03:02:00Z'));
    expect(nextAttemptAt(failedAt, 4, 5)).toEqual(new Date('2026-11-24T03:08:00Z'));
    expect(nextAttemptAt(failedAt, 5, 5)).toBeNull();
    expect(nextAttemptAt(failedAt, 9, 20)).toEqual(new Date('2026-11-24T04:00:00Z'));
  });
});
