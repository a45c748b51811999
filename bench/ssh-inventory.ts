// Credentialed inventory throughput: N in-process SSH test hosts (ssh2 servers emulating an
// Ubuntu 22.04 machine with ~700 packages and changelog CVEs) on 127.7.10.0/23, served by a
// child process so this process's CPU time is the scanner's alone. Measures hosts/s and CPU
// seconds per host for the whole authenticated path: TCP connect, key exchange, host-key
// pinning, password login, system/packages/sockets/changelog commands, parsing, OSV matching.
// Anchor: 16,000 endpoints per CPU per hour (4.4 hosts per CPU-second); aim ≥ 10× (44).
//
// Usage: node bench/ssh-inventory.ts [N=200] [concurrency=64] [extra synthetic advisories=0] [vary=0]
// `vary` (0–1): the share of the generated packages whose version differs on each host (a
// fleet that is not identical: those versions miss the matcher's cross-host verdict cache).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { builtinAdvisories } from '@farsight/content/osv/index';
import { authScanHost, KnownHosts, parseCredentials } from '@farsight/scanner/auth/index';
import { forEachConcurrent } from '@farsight/scanner/scan/pool';
import { startTestHost } from '../tests/e2e/auth-fixtures/ssh-test-host.ts';
import { bigUbuntu, syntheticAdvisories } from './ssh-inventory-fleet.ts';
import type { HostCommands } from './ssh-inventory-fleet.ts';

const PASSWORD = 'bench-password';
const BASE = [127, 7, 10];

function addressOf(i: number): string {
  return `${BASE[0]}.${BASE[1]}.${(BASE[2] ?? 10) + Math.floor((i + 1) / 256)}.${(i + 1) % 256}`;
}

async function serve(n: number, vary: number): Promise<void> {
  const same = bigUbuntu();
  const commands = (i: number): HostCommands => (vary > 0 ? bigUbuntu(i, vary) : same);
  const first = await startTestHost({ address: addressOf(0), user: 'scanner', password: PASSWORD, commands: commands(0) });
  for (let i = 1; i < n; i++) await startTestHost({ address: addressOf(i), port: first.port, user: 'scanner', password: PASSWORD, commands: commands(i) });
  process.stdout.write(`${JSON.stringify({ port: first.port })}\n`);
  // Serve until the parent closes stdin (bounded: at most 30 minutes).
  const stop = setTimeout(() => process.exit(0), 30 * 60_000);
  process.stdin.on('end', () => { clearTimeout(stop); process.exit(0); });
  process.stdin.resume();
}

async function main(): Promise<void> {
  const n = Math.max(200, Number(process.argv[2] ?? 200));
  const concurrency = Number(process.argv[3] ?? 64);
  const extra = Number(process.argv[4] ?? 0);
  const vary = Math.min(1, Math.max(0, Number(process.argv[5] ?? 0) || 0));
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, '--serve', String(n), String(vary)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('test hosts did not start within 120 s')), 120_000);
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) { clearTimeout(timer); resolve((JSON.parse(line) as { port: number }).port); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server process exited ${code}`)); });
  });
  const dir = mkdtempSync(join(tmpdir(), 'farsight-bench-ssh-'));
  try {
    const credentials = await parseCredentials({ ssh: [{ name: 'bench', targets: ['127.7.10.0/23'], user: 'scanner', password: PASSWORD, port }] });
    const advisories = [...await builtinAdvisories(), ...syntheticAdvisories(extra)];
    const knownHosts = await KnownHosts.open(join(dir, 'known_hosts'));
    const addresses = Array.from({ length: n }, (_, i) => addressOf(i));
    const outcomes = new Map<string, number>();
    let packages = 0;
    let findings = 0;
    const load = loadavg()[0] ?? 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await forEachConcurrent(addresses, concurrency, async (address) => {
      const r = await authScanHost(address, { credentials, knownHosts, advisories, connectTimeoutMs: 60_000 });
      const o = r?.auth.outcome ?? 'none';
      outcomes.set(o, (outcomes.get(o) ?? 0) + 1);
      packages += r?.auth.inventory?.packages.length ?? 0;
      findings += r?.findings.length ?? 0;
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const perCpuSecond = n / cpuSeconds;
    console.log(JSON.stringify({
      hosts: n, concurrency, advisories: advisories.length, vary, outcomes: Object.fromEntries(outcomes), packagesPerHost: Math.round(packages / n), findings,
      wallSeconds: +wall.toFixed(2), hostsPerSecond: +(n / wall).toFixed(1),
      cpuSeconds: +cpuSeconds.toFixed(2), cpuMsPerHost: +(cpuSeconds * 1000 / n).toFixed(2),
      hostsPerCpuSecond: +perCpuSecond.toFixed(1), endpointsPerCpuHour: Math.round(perCpuSecond * 3600),
      vsAnchor16k: +(perCpuSecond * 3600 / 16_000).toFixed(1), loadAvg1m: +load.toFixed(2),
    }, null, 2));
  } finally {
    child.stdin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serve(Number(process.argv[3] ?? 200), Number(process.argv[4] ?? 0));
else await main();
