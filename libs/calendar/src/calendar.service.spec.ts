import { Test } from '@nestjs/testing';
import { AuditService } from '@mutu/audit';
import { ConfigModule } from '@mutu/config';
import { DatabaseModule, HolidayRepository, TransactionRunner } from '@mutu/db';
import { DEFAULT_WEEKLY_HOURS, INDONESIAN_HOLIDAYS, NotFoundError, ValidationError } from '@mutu/domain';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { CalendarModule } from './calendar.module';
import { CalendarService } from './calendar.service';

const admin = { id: 'admin', role: 'ADMIN' as const };
const MIN = 60_000;
const wib = (local: string) => new Date(`${local}+07:00`);
const RAMADAN = { opens: '08:00', closes: '15:00' };
const RAMADAN_1448 = {
  from: '2027-02-08',
  to: '2027-03-09',
  name: 'Ramadan 1448 H',
  hours: { mon: RAMADAN, tue: RAMADAN, wed: RAMADAN, thu: RAMADAN, fri: RAMADAN },
};

describe('CalendarService on PostgreSQL', () => {
  let ctx: TestContext;
  let calendar: CalendarService;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [CalendarModule] });
    calendar = ctx.get(CalendarService);
  });
  afterAll(() => ctx.close());

  it('starts from the shipped holidays and cuti bersama', async () => {
    const days = await calendar.list(2026);
    expect(days).toContainEqual({
      date: '2026-08-17',
      name: expect.stringMatching(/Kemerdekaan/),
      kind: 'libur_nasional',
    });
    expect(days.some((d) => d.kind === 'cuti_bersama')).toBe(true);
    expect((await calendar.calendar()).isWorkingDay('2026-08-17')).toBe(false);
  });

  it('lets an admin add, rename and remove a day, each audited, and the calendar follows', async () => {
    const cal = () => ctx.get(CalendarService).calendar();
    expect((await cal()).isWorkingDay('2027-03-12')).toBe(true);
    await calendar.put('2027-03-12', { name: 'Cuti Bersama Idulfitri', kind: 'cuti_bersama' }, admin);
    expect((await cal()).isWorkingDay('2027-03-12')).toBe(false);
    await calendar.put(
      '2027-03-12',
      { name: 'Cuti Bersama Hari Raya Idulfitri 1448 H', kind: 'cuti_bersama' },
      admin,
    );
    await calendar.remove('2027-03-12', admin);
    expect((await cal()).isWorkingDay('2027-03-12')).toBe(true);

    const events = (await ctx.get(AuditService).history('holiday', '2027-03-12')).map((e) => [
      e.action,
      e.before,
      e.after,
    ]);
    expect(events).toEqual([
      [
        'calendar.holiday_set',
        null,
        { date: '2027-03-12', name: 'Cuti Bersama Idulfitri', kind: 'cuti_bersama' },
      ],
      [
        'calendar.holiday_set',
        { date: '2027-03-12', name: 'Cuti Bersama Idulfitri', kind: 'cuti_bersama' },
        { date: '2027-03-12', name: 'Cuti Bersama Hari Raya Idulfitri 1448 H', kind: 'cuti_bersama' },
      ],
      [
        'calendar.holiday_removed',
        { date: '2027-03-12', name: 'Cuti Bersama Hari Raya Idulfitri 1448 H', kind: 'cuti_bersama' },
        null,
      ],
    ]);
  });

  it('does not bring back a removed shipped holiday when seeding runs again', async () => {
    await calendar.remove('2026-08-17', admin);
    // What the seeder does on every start:
    const added = await ctx
      .get(TransactionRunner)
      .run(() => ctx.get(HolidayRepository).addMissing(INDONESIAN_HOLIDAYS));
    expect(added).toBe(0);
    expect((await calendar.list(2026)).map((d) => d.date)).not.toContain('2026-08-17');
  });

  it('refuses bad input and unknown days', async () => {
    await expect(calendar.put('2027-02-30', { name: 'x', kind: 'cuti_bersama' }, admin)).rejects.toThrow(
      ValidationError,
    );
    await expect(
      calendar.put('2027-02-01', { name: ' ', kind: 'libur' as never }, admin),
    ).rejects.toMatchObject({
      problems: [{ field: 'name' }, { field: 'kind' }],
    });
    await expect(calendar.remove('2027-07-07', admin)).rejects.toThrow(NotFoundError);
  });

  it('starts from the usual government hours; an admin changes them, audited, and the calendar follows', async () => {
    expect(await calendar.weeklyHours()).toEqual(DEFAULT_WEEKLY_HOURS);
    const friday = [wib('2026-01-09T16:25'), wib('2026-01-09T17:00')] as const;
    expect((await calendar.calendar()).elapsedMs(...friday, 'office_hours')).toBe(5 * MIN);

    const longFriday = { ...DEFAULT_WEEKLY_HOURS, fri: { opens: '07:30', closes: '17:00' } };
    expect(await calendar.setWeeklyHours(longFriday, admin)).toEqual(longFriday);
    expect((await calendar.calendar()).elapsedMs(...friday, 'office_hours')).toBe(35 * MIN);
    expect(
      (await ctx.get(AuditService).history('office_hours', 'weekly')).map((e) => [
        e.action,
        e.before,
        e.after,
      ]),
    ).toEqual([['calendar.hours_set', DEFAULT_WEEKLY_HOURS, longFriday]]);
    await calendar.setWeeklyHours(DEFAULT_WEEKLY_HOURS, admin);
  });

  it('refuses bad hours naming the field, and changes nothing', async () => {
    await expect(
      calendar.setWeeklyHours({ ...DEFAULT_WEEKLY_HOURS, fri: { opens: '16:30', closes: '07:30' } }, admin),
    ).rejects.toMatchObject({ problems: [{ field: 'weekly.fri.closes' }] });
    expect(await calendar.weeklyHours()).toEqual(DEFAULT_WEEKLY_HOURS);
  });

  it('adds and removes a Ramadan override, each audited; overlapping periods are refused', async () => {
    const step = [wib('2027-02-16T14:58'), wib('2027-02-17T08:04')] as const;
    expect((await calendar.calendar()).elapsedMs(...step, 'office_hours')).toBe(96 * MIN);
    const added = await calendar.addOverride(RAMADAN_1448, admin);
    expect(added).toEqual({ id: expect.any(String), ...RAMADAN_1448 });
    expect(await calendar.overrides()).toEqual([added]);
    expect((await calendar.calendar()).elapsedMs(...step, 'office_hours')).toBe(6 * MIN);

    await expect(
      calendar.addOverride({ ...RAMADAN_1448, from: '2027-03-01', to: '2027-03-15', name: 'lain' }, admin),
    ).rejects.toMatchObject({
      problems: [{ field: 'from', message: expect.stringContaining('Ramadan 1448 H') }],
    });

    await calendar.removeOverride(added.id, admin);
    expect(await calendar.overrides()).toEqual([]);
    expect((await calendar.calendar()).elapsedMs(...step, 'office_hours')).toBe(96 * MIN);
    await expect(calendar.removeOverride(added.id, admin)).rejects.toThrow(NotFoundError);
    await expect(calendar.removeOverride('not-a-uuid', admin)).rejects.toThrow(NotFoundError);
    expect(
      (await ctx.get(AuditService).history('hours_override', added.id)).map((e) => [
        e.action,
        e.before,
        e.after,
      ]),
    ).toEqual([
      ['calendar.hours_override_added', null, added],
      ['calendar.hours_override_removed', added, null],
    ]);
  });

  it('lets only one of two overlapping periods added at the same moment in, refusing the other by name', async () => {
    const results = await Promise.allSettled([
      calendar.addOverride({ ...RAMADAN_1448, name: 'satu' }, admin),
      calendar.addOverride({ ...RAMADAN_1448, from: '2027-03-01', to: '2027-03-20', name: 'dua' }, admin),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const [refused] = results.filter((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
    const [kept] = await calendar.overrides();
    await calendar.removeOverride(kept.id, admin);
  });

  it('keeps the built calendar while nothing changes, and another process sees a write at once', async () => {
    const first = await calendar.calendar();
    expect(await calendar.calendar()).toBe(first);

    // A second process on the same database, with a calendar cached of its own.
    const other = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(ctx.config), DatabaseModule.forRoot(ctx.database.url), CalendarModule],
    }).compile();
    const app = other.createNestApplication({ logger: false });
    await app.init();
    try {
      const elsewhere = app.get(CalendarService);
      expect((await elsewhere.calendar()).isWorkingDay('2027-07-14')).toBe(true);
      await calendar.put('2027-07-14', { name: 'Cuti Bersama', kind: 'cuti_bersama' }, admin);
      expect((await elsewhere.calendar()).isWorkingDay('2027-07-14')).toBe(false);
      const added = await calendar.addOverride(RAMADAN_1448, admin);
      expect(
        (await elsewhere.calendar()).elapsedMs(
          wib('2027-02-16T14:58'),
          wib('2027-02-17T08:04'),
          'office_hours',
        ),
      ).toBe(6 * MIN);
      // And the other way round.
      await elsewhere.removeOverride(added.id, admin);
      await elsewhere.remove('2027-07-14', admin);
      const here = await calendar.calendar();
      expect(here).not.toBe(first);
      expect(here.isWorkingDay('2027-07-14')).toBe(true);
      expect(here.elapsedMs(wib('2027-02-16T14:58'), wib('2027-02-17T08:04'), 'office_hours')).toBe(96 * MIN);
    } finally {
      await app.close();
    }
  });
});
