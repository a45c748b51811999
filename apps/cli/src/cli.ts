/** `farsight` — the command-line program (loaded by main.ts after the compile cache is on). */
import { createProgram, runProgram } from './program.ts';
import { registerScanCommand } from './commands/scan.ts';
import { registerTemplatesCommand } from './commands/templates.ts';
import { registerConsoleCommand } from './commands/console.ts';
import { registerAdminCommands } from './admin/index.ts';
import { registerEngineCommand } from './commands/engine.ts';
import { registerContentCommand } from './commands/content.ts';
import { registerEnginesAdminCommands } from './commands/engines-admin.ts';
import { registerCredentialsCommand } from './commands/credentials.ts';

const program = createProgram();

registerScanCommand(program);
registerTemplatesCommand(program);
registerConsoleCommand(program);
registerAdminCommands(program);
registerEngineCommand(program);
registerContentCommand(program);
registerEnginesAdminCommands(program);
registerCredentialsCommand(program);

await runProgram(program);
