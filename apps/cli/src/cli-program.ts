import { Command, CommanderError, Help, Option } from 'commander';

/**
 * The command line's frame around commander: Indonesian help and errors, usage errors exiting 64
 * (EX_USAGE, sysexits.h), and commands declared one per `define` call so that adding one is one block.
 */

/** Exit codes of the CLI (sysexits.h where one fits). */
export const EXIT = { ok: 0, failed: 1, auditBroken: 2, usage: 64, dataError: 65 } as const;

const TITLES: Readonly<Record<string, string>> = {
  'Usage:': 'Pemakaian / usage:',
  'Arguments:': 'Argumen / arguments:',
  'Options:': 'Opsi / options:',
  'Commands:': 'Perintah / commands:',
  'Global Options:': 'Opsi umum / global options:',
};

/** Commander's help with Indonesian headings and notes ("pilihan", "bawaan"). */
class IndonesianHelp extends Help {
  override styleTitle(title: string): string {
    return TITLES[title] ?? title;
  }

  override optionDescription(option: Option): string {
    const notes = [
      ...(option.argChoices ? [`pilihan / choices: ${option.argChoices.join(', ')}`] : []),
      ...(option.defaultValue !== undefined && !option.negate
        ? [`bawaan / default: ${String(option.defaultValue)}`]
        : []),
    ];
    return notes.length ? `${option.description} (${notes.join('; ')})` : option.description;
  }
}

/** The quoted token in commander's English message ("unknown option '--x'"). */
const quoted = (message: string) => /'([^']+)'/.exec(message)?.[1] ?? '';

/** An Indonesian line for each usage error commander reports; null for help and version. */
export function usageMessage(error: CommanderError, command: string): string | null {
  const token = quoted(error.message);
  const help = `Lihat / see: npm run cli -- ${command ? `${command} ` : ''}--help`;
  const line = (() => {
    switch (error.code) {
      case 'commander.helpDisplayed':
      case 'commander.help':
      case 'commander.version':
        return null;
      case 'commander.unknownOption':
        return `Opsi tidak dikenal / unknown option: ${token}`;
      case 'commander.unknownCommand':
        return `Perintah tidak dikenal / unknown command: ${token}`;
      case 'commander.missingArgument':
        return `Argumen belum diberikan / missing argument: ${token}`;
      case 'commander.optionMissingArgument':
        return `Opsi ${token} butuh nilai / needs a value`;
      case 'commander.missingMandatoryOptionValue':
        return `Opsi wajib belum diberikan / required option missing: ${token}`;
      case 'commander.invalidArgument': {
        const [, option, value, choices] =
          /option '(\S+)[^']*' argument '([^']*)' is invalid\.(?: Allowed choices are (.*)\.)?/.exec(
            error.message,
          ) ?? [];
        return option
          ? `Nilai "${value}" tidak sah untuk / invalid for ${option}${choices ? `; pilihan / choices: ${choices}` : ''}`
          : `Nilai tidak sah / invalid value: ${error.message.replace(/^error: /, '')}`;
      }
      case 'commander.excessArguments':
        return 'Terlalu banyak argumen / too many arguments';
      default:
        return error.message.replace(/^error: /, '');
    }
  })();
  return line === null ? null : `${line}\n${help}\n`;
}

/** The root program: Indonesian help, errors left to the caller (see usageMessage). */
export function cliProgram(): Command {
  const program = new Command('npm run cli --');
  program
    .description('Mutu dari baris perintah / Mutu from the command line')
    .helpOption('-h, --help', 'tampilkan bantuan / show help')
    .helpCommand(false)
    .configureHelp({})
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  program.createHelp = () => Object.assign(new IndonesianHelp(), program.configureHelp());
  return program;
}

/**
 * Adds a command: `name` with its arguments as commander writes them ("user:create <nama>").
 * Subcommands inherit the root's help, errors and exit handling.
 */
export function define(program: Command, usage: string, description: string): Command {
  const command = program.command(usage).description(description);
  command
    .helpOption('-h, --help', 'tampilkan bantuan perintah ini / show this help')
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  command.createHelp = program.createHelp;
  return command;
}
