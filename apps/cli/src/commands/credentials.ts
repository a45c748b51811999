/**
 * `farsight credentials test TARGET…` — logs in to each target with the configured SSH
 * credentials (and elevates, when configured) without collecting anything, and prints the
 * outcome per address. Secrets come from --credentials FILE or FARSIGHT_SSH_*, never flags.
 */
import type { Command } from 'commander';
import { FarsightError, Scope, parseAddressSet, parseTargetList } from '@farsight/common';
import { guardedTargets } from '@farsight/scanner/scope-guard';
import { forEachConcurrent } from '@farsight/scanner/scan/pool';
import type { HostAuthResult } from '@farsight/scanner/auth/types';
import { collectTargets, intFlag, splitList } from './scan-options.ts';
import { CREDENTIALS_HELP, loadCliCredentials } from './credentials-options.ts';
import { renderCredentialTest } from './credentials-output.ts';

/** Raw flags of `credentials test`. */
interface TestFlags {
  credentials?: string;
  knownHosts?: string;
  exclude: string[];
  json?: boolean;
  timeout?: string;
  parallel?: string;
}

const collect = (v: string, prev: string[]): string[] => [...prev, v];

/** Most addresses one `credentials test` run may try. */
const MAX_TEST_ADDRESSES = 4096;

/** Adds the `credentials` command group. */
export function registerCredentialsCommand(program: Command): void {
  const group = program.command('credentials').description('check SSH credentials for authenticated scanning (docs/authenticated-scanning.md)');
  group
    .command('test')
    .description('log in (and elevate) with the configured SSH credentials and report the outcome per address; collects nothing')
    .argument('<targets...>', 'addresses, CIDRs, ranges, hostnames or @FILE (at most 4096 addresses)')
    .option('--credentials <file>', 'JSON credentials file (see below)')
    .option('--known-hosts <file>', 'pinned SSH host keys (default ~/.farsight/known_hosts)')
    .option('-e, --exclude <spec>', 'addresses never to contact (repeatable, comma-separated)', collect, [])
    .option('--timeout <ms>', 'deadline for connect + login per address (default 15000)')
    .option('--parallel <n>', 'addresses tried at once (default 32)')
    .option('--json', 'print the outcomes as JSON ([{ address, auth }])')
    .addHelpText('after', `${CREDENTIALS_HELP}

Examples:
  farsight credentials test 127.7.1.10 --credentials creds.json
  FARSIGHT_SSH_USER=scanner FARSIGHT_SSH_TARGETS=127.7.0.0/16 FARSIGHT_SSH_KEY_FILE=key farsight credentials test 127.7.1.0/28

Exit status: 0 every address logged in, 1 some did not (see OUTCOME/DETAIL), 2 invalid input.`)
    .action(async (tokens: string[], flags: TestFlags) => { await testAction(tokens, flags); });
}

async function testAction(tokens: string[], flags: TestFlags): Promise<void> {
  const timeoutMs = intFlag('--timeout', flags.timeout, 100, 600_000) ?? 15_000;
  const parallel = intFlag('--parallel', flags.parallel, 1, 1024) ?? 32;
  const targets = await collectTargets(tokens, []);
  const list = parseTargetList(targets, { maxAddresses: MAX_TEST_ADDRESSES });
  if (list.count > MAX_TEST_ADDRESSES) {
    throw new FarsightError('TARGET_RANGE_TOO_LARGE', `credentials test takes at most ${MAX_TEST_ADDRESSES} addresses, the targets hold ${list.count}; test a smaller range`);
  }
  const credentials = await loadCliCredentials(flags, (m) => process.stderr.write(`warning: ${m}\n`));
  if (credentials.length === 0) {
    throw new FarsightError('CREDENTIALS_INVALID', 'no credentials configured: give --credentials FILE or set FARSIGHT_SSH_USER and FARSIGHT_SSH_TARGETS');
  }
  const { KnownHosts, authScanHost } = await import('@farsight/scanner/auth/index');
  const knownHosts = await KnownHosts.open(flags.knownHosts);
  const scope = new Scope({ exclude: parseAddressSet(splitList(flags.exclude)) });
  const rows: { address: string; auth?: HostAuthResult }[] = [];
  const hosts = guardedTargets(list, scope, {
    onOutOfScope: (_t, address, reason) => process.stderr.write(`warning: skipped ${address}: ${reason}\n`),
    onError: (e) => process.stderr.write(`warning: ${e.message}\n`),
  });
  await forEachConcurrent(hosts, parallel, async ({ address, hostnames }) => {
    const r = await authScanHost(address, { credentials, knownHosts, advisories: [], connectTimeoutMs: timeoutMs }, true, hostnames);
    rows.push(r ? { address, auth: r.auth } : { address });
  });
  await knownHosts.flush();
  rows.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
  if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(renderCredentialTest(rows));
  if (rows.some((r) => r.auth?.outcome !== 'success')) process.exitCode = 1;
}
