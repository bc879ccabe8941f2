import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { AuditModule, AuditService } from '@mutu/audit';
import { AuthModule, AuthService } from '@mutu/auth';
import { CLI } from './support/built-app';
import { createTestContext, type TestContext } from './support/test-app';

describe('the built CLI manages accounts (user:create, user:list, user:reset-password, user:deactivate)', () => {
  let ctx: TestContext;
  let dataDir: string;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [AuditModule, AuthModule] });
    dataDir = mkdtempSync(join(tmpdir(), 'mutu-cli-users-'));
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => {
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    const result = spawnSync(process.execPath, [CLI, ...args], {
      env: { ...rest, DATABASE_URL: ctx.database.url, MUTU_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    return { status: result.status, out: result.stdout, err: result.stderr };
  };
  const auth = () => ctx.get(AuthService);

  it('lists accounts, resets a password (the old one stops, the new one signs in) and deactivates, all audited', async () => {
    expect(
      cli(
        'user:create',
        'verif.dinkes',
        '--role',
        'VERIFIKATOR',
        '--agency',
        'Dinas Kesehatan',
        '--display',
        'Andi Saputra',
        '--password',
        'kata-sandi-lama-01',
      ).status,
    ).toBe(0);
    expect(
      cli('user:create', 'kadis', '--role', 'KEPALA_DINAS', '--password', 'kata-sandi-kadis-01').status,
    ).toBe(0);

    const listed = cli('user:list');
    expect(listed.status).toBe(0);
    const lines = listed.out.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMA PENGGUNA\s+PERAN\s+STATUS/);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(0, 3))).toEqual([
      ['kadis', 'KEPALA_DINAS', 'aktif'],
      ['verif.dinkes', 'VERIFIKATOR', 'aktif'],
    ]);
    expect(lines[2]).toContain('Dinas Kesehatan');

    const reset = cli('user:reset-password', 'verif.dinkes', '--by', 'operator');
    expect(reset.status).toBe(0);
    const printed = /Kata sandi baru \(hanya ditampilkan sekali\): (\S+)/.exec(reset.out)?.[1];
    expect(printed).toBeDefined();
    await expect(auth().login('verif.dinkes', 'kata-sandi-lama-01')).rejects.toThrow('salah');
    await expect(auth().login('verif.dinkes', printed!)).resolves.toMatchObject({
      user: { username: 'verif.dinkes' },
    });

    const short = cli('user:reset-password', 'verif.dinkes', '--password', 'pendek');
    expect(short.status).toBe(65);
    expect(short.err).toContain('password');
    expect(cli('user:reset-password', 'tidak-ada', '--password', 'kata-sandi-baru-01').status).toBe(1);

    expect(cli('user:deactivate', 'verif.dinkes', '--by', 'operator').out).toContain(
      'Akun verif.dinkes (VERIFIKATOR) nonaktif.',
    );
    await expect(auth().login('verif.dinkes', printed!)).rejects.toThrow('salah');
    expect(cli('user:list').out).toMatch(/verif\.dinkes\s+VERIFIKATOR\s+nonaktif/);

    const history = (await ctx.get(AuditService).history('user', 'verif.dinkes'))
      .filter((e) => e.action.startsWith('user.'))
      .map((e) => [e.action, e.actorId]);
    expect(history).toEqual([
      // Without --by, the operator's login name (never the meaningless 'cli:cli').
      ['user.created', `cli:${userInfo().username}`],
      ['user.password_reset', 'cli:operator'],
      ['user.deactivated', 'cli:operator'],
    ]);
    // The password never reaches the trail.
    expect(JSON.stringify(await ctx.get(AuditService).history('user', 'verif.dinkes'))).not.toContain(
      printed,
    );
  }, 300_000); // eight CLI runs, each starting Nest and MikroORM
});
