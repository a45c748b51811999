/**
 * `npm run labnet -- <command>`: start a simulated network and keep it up, print its ground
 * truth, or list what exists. Exit codes: 0 ok, 1 failure (e.g. bind), 2 bad usage or input.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toFarsightError } from '@farsight/common';
import { BUILTIN_NETWORKS, CATALOG, computeGroundTruth, loadSpec, relocateSpec, startLabnet, type GroundTruth, type LabnetSpec } from './index.ts';

const HELP = `labnet — Farsight's simulated network on loopback (127.0.0.0/8 and ::1 only)

Usage: npm run labnet -- <command> [options]

Commands:
  up <name|file>      start a network, print a summary, run until Ctrl-C, SIGTERM or the TTL
  truth <name|file>   print the ground truth JSON without starting anything
  list                list the built-in networks
  profiles            list the service catalog (profile, type, default port, vendor/product/version)

<name|file> is a built-in network (${BUILTIN_NETWORKS.map((n) => n.name).join(', ')}) or a YAML/JSON
description file (format: docs/labnet.md).

Options:
  --ttl SECONDS       lifetime of 'up' (1-86400; default: the description's ttlSeconds, else 600)
  --truth FILE        with 'up': also write the ground truth JSON to FILE
  --relocate PREFIX   move every IPv4 host into the /24 PREFIX (e.g. 127.0.70) to run a second copy
  -h, --help          show this help

Examples:
  npm run labnet -- up standard --ttl 1800 --truth /tmp/standard-truth.json
  npm run labnet -- truth bench-24 > truth.json
  npm run labnet -- up ./my-net.yaml
`;

class UsageError extends Error {}

function load(target: string | undefined, relocate: string | undefined): LabnetSpec {
  if (!target) throw new UsageError('missing <name|file>; see --help');
  const spec = loadSpec(target);
  return relocate ? relocateSpec(spec, relocate) : spec;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The summary table printed by `up`. */
export function summary(truth: GroundTruth): string {
  const lines = [`${pad('HOST', 16)}${pad('NAME', 22)}SERVICES`];
  for (const h of truth.hosts) {
    const services = h.hostile
      ? `HOSTILE ${h.hostile} on ${h.services.map((s) => s.port).join(',')}`
      : h.services.length === 0 ? '(all ports closed)'
        : h.services.map((s) => `${s.port}/${s.protocol === 'udp' ? 'udp ' : ''}${s.name}${s.product ? ` ${s.product}${s.version ? ` ${s.version}` : ''}` : ''}${s.tls ? ` [${s.tls.cert}]` : ''}`).join(', ');
    lines.push(`${pad(h.address, 16)}${pad(h.hostnames[0] ?? '-', 22)}${services}`);
  }
  const n = truth.hosts.reduce((a, h) => a + h.services.length, 0);
  const hostile = truth.hosts.filter((h) => h.hostile).length;
  lines.push('', `${truth.hosts.length} hosts, ${n} open ports, ${hostile} hostile`);
  return lines.join('\n');
}

async function up(spec: LabnetSpec, ttl: number | undefined, truthFile: string | undefined): Promise<void> {
  const net = await startLabnet(spec, ttl === undefined ? {} : { ttlSeconds: ttl });
  const truth = net.groundTruth();
  if (truthFile) writeFileSync(truthFile, `${JSON.stringify(truth, null, 2)}\n`);
  console.log(summary(truth));
  console.log(`\nlabnet ${spec.name} up in ${net.startupMs} ms; stops at ${net.expiresAt.toISOString()} (Ctrl-C to stop now)${truthFile ? `; ground truth in ${truthFile}` : ''}`);
  const stop = (signal: string): void => { console.log(`\nlabnet: ${signal}, stopping`); void net.stop(); };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await net.done;
  console.log('labnet: stopped');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { ttl: { type: 'string' }, truth: { type: 'string' }, relocate: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, target, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') { console.log(HELP); return 0; }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ''}'`);
  let ttl: number | undefined;
  if (values.ttl !== undefined) {
    ttl = Number(values.ttl);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) throw new UsageError(`--ttl '${values.ttl}' is not a whole number of seconds 1-86400`);
  }
  switch (command) {
    case 'list':
      for (const n of BUILTIN_NETWORKS) {
        const spec = n.build();
        console.log(`${pad(n.name, 16)}${pad(`${spec.hosts.length} host${spec.hosts.length === 1 ? '' : 's'}`, 11)}${n.description}`);
      }
      return 0;
    case 'profiles':
      for (const p of CATALOG) console.log(`${pad(p.profile, 36)}${pad(p.type, 11)}${pad(String(p.defaultPort), 7)}${[p.vendor, p.product, p.version].filter(Boolean).join(' / ')}`);
      return 0;
    case 'truth':
      console.log(JSON.stringify(computeGroundTruth(load(target, values.relocate)), null, 2));
      return 0;
    case 'up':
      await up(load(target, values.relocate), ttl, values.truth);
      return 0;
    default:
      throw new UsageError(`unknown command '${command}'; commands: up, truth, list, profiles (see --help)`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    console.error(`labnet: ${(e as Error).message}`);
    process.exitCode = 2;
  } else {
    const err = toFarsightError(e);
    console.error(`labnet: ${err.code}: ${err.message}`);
    process.exitCode = err.code === 'LABNET_SPEC_INVALID' || err.code === 'INVALID_ARGUMENT' ? 2 : 1;
  }
}
