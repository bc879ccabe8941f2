import { CommanderError, Option } from 'commander';
import { cliProgram, define, usageMessage } from './cli-program';

/** A program with one command like user:create, its action recording what it was given. */
function program() {
  const root = cliProgram();
  const calls: unknown[] = [];
  define(root, 'user:create <nama>', 'buat akun')
    .addOption(new Option('--role <peran>', 'peran akun').choices(['PENGGUNA', 'ADMIN']))
    .option('--agency <opd...>', 'OPD yang dilayani')
    .action(function (this: { opts(): unknown }, name: string) {
      calls.push([name, this.opts()]);
    });
  return { root, calls };
}

/** The usage error a command line gives, in Indonesian, or null when it parsed. */
async function usageError(argv: string[]): Promise<string | null> {
  const { root } = program();
  try {
    await root.parseAsync(argv, { from: 'user' });
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CommanderError);
    return usageMessage(error as CommanderError, argv[0]);
  }
}

describe('the command line frame: commander with Indonesian help and errors', () => {
  it('parses a command, repeatable options included', async () => {
    const { root, calls } = program();
    await root.parseAsync(['user:create', 'budi', '--role', 'ADMIN', '--agency', 'A', '--agency', 'B'], {
      from: 'user',
    });
    expect(calls).toEqual([['budi', { role: 'ADMIN', agency: ['A', 'B'] }]]);
  });

  it('shows a command’s own options and the valid roles in its help', () => {
    const { root } = program();
    const help = root.commands[0].helpInformation();
    expect(help).toContain('Pemakaian / usage: npm run cli -- user:create');
    expect(help).toContain('Opsi / options:');
    expect(help).toMatch(/--role <peran>\s+peran akun \(pilihan \/ choices: PENGGUNA, ADMIN\)/);
    expect(help).not.toMatch(/Usage:|display help/);
  });

  it('says what is wrong in Indonesian and where the help is', async () => {
    expect(await usageError(['user:create', 'budi', '--colour', 'x'])).toBe(
      'Opsi tidak dikenal / unknown option: --colour\nLihat / see: npm run cli -- user:create --help\n',
    );
    expect(await usageError(['user:create', 'budi', '--role', 'RAJA'])).toMatch(
      /^Nilai "RAJA" tidak sah untuk \/ invalid for --role; pilihan \/ choices: PENGGUNA, ADMIN\n/,
    );
    expect(await usageError(['user:create'])).toMatch(/^Argumen belum diberikan \/ missing argument: nama\n/);
    expect(await usageError(['frob'])).toMatch(/^Perintah tidak dikenal \/ unknown command: frob\n/);
    expect(await usageError(['user:create', 'budi', '--role', 'ADMIN'])).toBeNull();
  });

  it('treats --help as no error', async () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await usageError(['user:create', '--help'])).toBeNull();
    } finally {
      write.mockRestore();
    }
  });
});
