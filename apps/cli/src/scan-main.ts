/**
 * `farsight scan` without the rest of the CLI (loaded by main.ts for argv `scan …`): the other
 * commands' modules (SSH, content store, schemas, console client) would add ~100 ms to every
 * scan's start-up. Help, errors and exit codes are those of cli.ts: same program, same command.
 */
import { registerScanCommand } from './commands/scan.ts';
import { createProgram, runProgram } from './program.ts';

const program = createProgram();
registerScanCommand(program);
await runProgram(program);
