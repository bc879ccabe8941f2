import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SOP_DEFINITIONS_DIR, SOP_REVISIONS_DIR } from '@mutu/config';
import { NotFoundError, ValidationError } from '@mutu/domain';
import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { SopsModule } from './sops.module';
import { SopsService } from './sops.service';

const CODE = 'pembaruan-sertifikat-elektronik';
const v1 = () => JSON.parse(readFileSync(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`), 'utf8'));

/** A revision: step 4's seven days become working days from 1 December 2026. */
function revision() {
  const definition = v1();
  definition.identity.revisedOn = '2026-12-01';
  definition.identity.effectiveOn = '2026-12-01';
  definition.steps[3].time = { duration: 'P7D', basis: 'working', label: '7 Hari Kerja' };
  return definition;
}

describe('SopsService on PostgreSQL', () => {
  let ctx: TestContext;
  let sops: SopsService;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [SopsModule], now: '2026-11-24T03:00:00Z' });
    sops = ctx.get(SopsService);
  });
  afterAll(() => ctx.close());

  it('serves the shipped renewal SOP, seeded on start', async () => {
    const current = await sops.get(CODE);
    expect(current).toMatchObject({
      version: 1,
      number: '555/SOP-DISKOMINFOTIK/X/2022/003',
      loadedBy: 'system:seed',
    });
    expect(current.steps.map((s) => s.duration)).toEqual(['PT5M', 'PT5M', null, 'P7D']);
    expect(await sops.list()).toEqual([
      {
        code: CODE,
        name: 'PEMBARUAN SERTIFIKAT ELEKTRONIK',
        number: '555/SOP-DISKOMINFOTIK/X/2022/003',
        currentVersion: 1,
        effectiveOn: '2022-10-14',
        versionCount: 1,
      },
    ]);
  });

  it('adds a revision as a new version without changing what the old version returns', async () => {
    const before = await sops.get(CODE, 1);

    const { created, version } = await sops.load(revision(), 'revisi.json', 'cli:admin');
    expect(created).toBe(true);
    expect(version).toMatchObject({ version: 2, effectiveOn: '2026-12-01', loadedBy: 'cli:admin' });
    expect(version.steps[3]).toMatchObject({ duration: 'P7D', basis: 'working', timeLabel: '7 Hari Kerja' });

    expect(await sops.get(CODE, 1)).toEqual(before);
    expect((await sops.listVersions(CODE)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('keeps the old version in force until the revision takes effect (WIB dates)', async () => {
    ctx.clock.set('2026-11-30T16:59:59Z'); // 23:59:59 WIB on 30 November
    expect((await sops.get(CODE)).version).toBe(1);
    ctx.clock.set('2026-11-30T17:00:00Z'); // 00:00 WIB on 1 December
    expect((await sops.get(CODE)).version).toBe(2);
    expect((await sops.list())[0]).toMatchObject({ currentVersion: 2, versionCount: 2 });
  });

  it('keeps a version once read, shared and frozen, while which one is in force is asked each time', async () => {
    const first = await sops.get(CODE, 2);
    expect(await sops.get(CODE, 2)).toBe(first);
    expect(await sops.get(CODE)).toBe(first); // in force since 1 December
    expect(Object.isFrozen(first.steps[3])).toBe(true);
    expect(() => (first.steps as unknown as unknown[]).pop()).toThrow(TypeError);
    ctx.clock.set('2026-11-24T03:00:00Z');
    expect(await sops.get(CODE)).toMatchObject({ version: 1 });
    ctx.clock.set('2026-11-30T17:00:00Z');
  });

  it('loading an identical definition again changes nothing', async () => {
    const again = await sops.load(revision(), 'copy.json', 'cli:other');
    expect(again.created).toBe(false);
    expect(again.version).toMatchObject({ version: 2, source: 'revisi.json', loadedBy: 'cli:admin' });
    expect(await sops.listVersions(CODE)).toHaveLength(2);
  });

  it('refuses an invalid definition and writes nothing', async () => {
    const broken = revision();
    broken.steps[2].branches[0].goto = 7;
    await expect(sops.load(broken, 'rusak.json', 'cli:admin')).rejects.toThrow(ValidationError);
    expect(await sops.listVersions(CODE)).toHaveLength(2);
  });

  it('answers NotFound for an unknown SOP or version', async () => {
    await expect(sops.get('tidak-ada')).rejects.toThrow(NotFoundError);
    await expect(sops.get(CODE, 9)).rejects.toThrow(NotFoundError);
    await expect(sops.listVersions('tidak-ada')).rejects.toThrow(NotFoundError);
  });

  it('reports a definition file that is not JSON as a validation problem naming the file', async () => {
    await expect(sops.loadFile(__filename, 'cli:admin')).rejects.toMatchObject({
      problems: [{ field: 'sops.service.spec.ts', message: expect.stringContaining('bukan berkas JSON') }],
    });
  });

  it('loads the shipped office-hours revision on the dates the office decides, not on its own', async () => {
    const file = join(SOP_REVISIONS_DIR, `${CODE}.v2.json`);
    await expect(sops.loadFile(file, 'cli:admin', { effectiveOn: '2027-02-30' })).rejects.toMatchObject({
      problems: [{ field: 'identity.effectiveOn' }],
    });
    const { version } = await sops.loadFile(file, 'cli:admin', {
      effectiveOn: '2027-02-01',
      revisedOn: '2027-01-20',
    });
    expect(version).toMatchObject({ effectiveOn: '2027-02-01', revisedOn: '2027-01-20' });
    // Steps 1–2 on office hours, printed as the source writes them; step 4 stays 7 calendar days.
    expect(version.steps.map((s) => [s.duration, s.basis, s.timeLabel])).toEqual([
      ['PT5M', 'office_hours', '5 Menit'],
      ['PT5M', 'office_hours', '5 Menit'],
      [null, 'calendar', '-'],
      ['P7D', 'calendar', '7 Hari'],
    ]);
    const { identity, steps, ...rest } = JSON.parse(readFileSync(file, 'utf8'));
    const { identity: sourceIdentity, steps: sourceSteps, ...sourceRest } = v1();
    expect(rest).toEqual(sourceRest);
    expect({ ...identity, revisedOn: null, effectiveOn: null }).toEqual({
      ...sourceIdentity,
      revisedOn: null,
      effectiveOn: null,
    });
    expect(steps.map((s: { time: unknown }) => ({ ...s, time: null }))).toEqual(
      sourceSteps.map((s: { time: unknown }) => ({ ...s, time: null })),
    );
  });

  it('loads a shipped definition file once; found again, it loads and records nothing', async () => {
    expect(await sops.loadShipped(join(SOP_DEFINITIONS_DIR, `${CODE}.v1.json`))).toBeNull();
    const file = join(mkdtempSync(join(tmpdir(), 'mutu-sop-')), `${CODE}.v9.json`);
    const definition = revision();
    // A revision no other test loads.
    definition.identity.revisedOn = definition.identity.effectiveOn = '2027-06-01';
    writeFileSync(file, JSON.stringify(definition));
    const versions = (await sops.listVersions(CODE)).length;
    expect(await sops.loadShipped(file)).toMatchObject({
      created: true,
      version: { version: versions + 1, source: `${CODE}.v9.json`, loadedBy: 'system:seed' },
    });
    expect(await sops.loadShipped(file)).toBeNull();
    expect(await sops.listVersions(CODE)).toHaveLength(versions + 1);
  });
});
