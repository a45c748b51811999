/** Shared plumbing of the admin commands: connection flags, --json, help footer, error reporting. */
import { InvalidArgumentError, type Command } from 'commander';
import { resolveConnection, DEFAULT_CONSOLE_URL, type ConnectionFlags } from './connection.ts';
import { ConsoleClient } from './client.ts';
import { reportAdminError } from './errors.ts';

/** Flags of every admin leaf command. */
export interface AdminFlags extends ConnectionFlags { json?: boolean }

/** The footer every admin command's --help ends with. */
export const CONNECTION_HELP = `
Connection (every admin command):
  --console URL / FARSIGHT_CONSOLE_URL   console address (default ${DEFAULT_CONSOLE_URL})
  FARSIGHT_API_KEY                       an API key (farsight api-keys create), sent as X-Api-Key
  FARSIGHT_USER (or --user) + FARSIGHT_PASSWORD
                                         HTTP Basic login; the password is read from the
                                         environment only, never from the command line
  --ca FILE / FARSIGHT_CA                PEM CA to trust (the console's <data-dir>/tls/ca.pem)
  --data-dir DIR / FARSIGHT_DATA_DIR     the console's data directory: trust its tls/ca.pem
  --insecure                             skip certificate verification (prints a warning)
Exit status: 0 success, 2 bad input (unknown id, invalid field, conflict), 1 anything else
(bad credentials, permission, console unreachable, scan ended in error/stopped).`;

/** Parses a positive integer id argument or option. */
export function idArg(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < 1 || n > 2 ** 31 - 1) throw new InvalidArgumentError(`${name} must be a positive integer id (got '${v}')`);
    return n;
  };
}

/** Collects a repeatable option into a list (also splitting on commas). */
export function collect(v: string, acc: string[] = []): string[] {
  return [...acc, ...v.split(',').map((s) => s.trim()).filter((s) => s.length > 0)];
}

/** Adds the connection flags and --json to a leaf command. */
export function withConnection(cmd: Command, json = true): Command {
  cmd
    .option('--console <url>', `console URL (env FARSIGHT_CONSOLE_URL; default ${DEFAULT_CONSOLE_URL})`)
    .option('--user <login>', 'log in with HTTP Basic as this user (password from FARSIGHT_PASSWORD; env FARSIGHT_USER)')
    .option('--ca <file>', 'PEM CA certificate to trust (env FARSIGHT_CA)')
    .option('--data-dir <dir>', 'the console\'s data directory: trust its tls/ca.pem (env FARSIGHT_DATA_DIR)')
    .option('--insecure', 'do not verify the console\'s TLS certificate (unsafe; prints a warning)');
  if (json) cmd.option('--json', 'print the API\'s JSON instead of a table');
  return cmd.addHelpText('after', CONNECTION_HELP);
}

/** Wraps an action: builds the client from the flags, runs, and reports errors with the right exit status. */
export function action<A extends unknown[], F extends AdminFlags>(
  fn: (client: ConsoleClient, flags: F, ...args: A) => Promise<number | void>,
): (...args: unknown[]) => Promise<void> {
  return async (...all: unknown[]) => {
    // commander passes the positional arguments, then the options, then the command.
    const flags = all[all.length - 2] as F;
    const args = all.slice(0, -2) as A;
    try {
      const client = new ConsoleClient(resolveConnection(flags));
      if (client.conn.insecure) process.stderr.write('farsight: warning: --insecure: the console\'s TLS certificate is not verified; anyone on the path can read your credentials\n');
      const status = await fn(client, flags, ...args);
      if (typeof status === 'number') process.exitCode = status;
    } catch (e) {
      process.exitCode = reportAdminError(e);
    }
  };
}

/** Writes JSON (pretty, newline-terminated) to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A cell: empty for null/undefined. */
export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}
