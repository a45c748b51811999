/**
 * The `farsight` program object and how it runs, shared by cli.ts (every command) and
 * scan-main.ts (`farsight scan` alone, which skips loading the other commands' modules).
 */
import { Command, CommanderError } from 'commander';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import { reportError } from './errors.ts';

/** The top-level command with no subcommands yet. */
export function createProgram(): Command {
  return new Command()
    .name('farsight')
    .description('Farsight: open-source vulnerability management — scanner, console and engines.')
    .version(FARSIGHT_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
}

/** Parses process.argv and runs the command; exits 2 on usage errors, reportError's status on failures. */
export async function runProgram(program: Command): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
    process.exit(reportError(e));
  }
}
