import { AuditService } from '@mutu/audit';
import { HolidayRepository, TransactionRunner } from '@mutu/db';
import { INDONESIAN_HOLIDAYS, NotFoundError, ValidationError } from '@mutu/domain';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { CalendarModule } from './calendar.module';
import { CalendarService } from './calendar.service';

const admin = { id: 'admin', role: 'ADMIN' as const };

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
});
