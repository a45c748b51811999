/** `farsight` — the command-line program (loaded by main.ts after the compile cache is on). */
import { Command, CommanderError } from 'commander';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import { registerScanCommand } from './commands/scan.ts';
import { registerTemplatesCommand } from './commands/templates.ts';
import { registerConsoleCommand } from './commands/console.ts';
import { registerAdminCommands } from './admin/index.ts';
import { registerEngineCommand } from './commands/engine.ts';
import { registerContentCommand } from './commands/content.ts';
import { registerEnginesAdminCommands } from './commands/engines-admin.ts';
import { registerCredentialsCommand } from './commands/credentials.ts';
import { reportError } from './errors.ts';

const program = new Command()
  .name('farsight')
  .description('Farsight: open-source vulnerability management — scanner, console and engines.')
  .version(FARSIGHT_VERSION, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerScanCommand(program);
registerTemplatesCommand(program);
registerConsoleCommand(program);
registerAdminCommands(program);
registerEngineCommand(program);
registerContentCommand(program);
registerEnginesAdminCommands(program);
registerCredentialsCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  process.exit(reportError(e));
}
