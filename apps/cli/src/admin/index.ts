/** The admin commands of `farsight` over the console's REST API: sites, schedules, blackouts, scans, assets, findings, exceptions, users, api-keys. */
import type { Command } from 'commander';
import { registerSitesCommand } from './sites.ts';
import { registerScansCommand } from './scans.ts';
import { registerAssetsCommands } from './assets.ts';
import { registerExceptionsCommand } from './exceptions.ts';
import { registerUsersCommands } from './users.ts';
import { registerSchedulesCommand } from './schedules.ts';
import { registerBlackoutsCommand } from './blackouts.ts';

/** Adds every admin command group to the program. */
export function registerAdminCommands(program: Command): void {
  registerSitesCommand(program);
  registerSchedulesCommand(program);
  registerBlackoutsCommand(program);
  registerScansCommand(program);
  registerAssetsCommands(program);
  registerExceptionsCommand(program);
  registerUsersCommands(program);
}
