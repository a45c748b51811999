// Micro-benchmark of the TCP-connect probe engine (for tuning; the nmap-vs-farsight bench is separate).
// Usage: node bench/port-engine-micro.ts [--runs N] [--in-flight N] [--batch N] [--low-water N] [--multi] [--nmap [--h2h-only]]
//   Binds 10 listeners on 127.0.5.1 and scans all 65,535 TCP ports of it for each transport × worker
//   count; --multi also scans 254 hosts × ports 1-1000 (127.0.5.1-254); --nmap times nmap -sT alongside.
// Loopback only (127.0.5.0/24).
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { parseArgs } from 'node:util';
import { ProbeEngine, type ProbeEngineOptions } from '../packages/scanner/src/probe/index.ts';
import type { ProbeTuning } from '../packages/scanner/src/probe/probe-engine.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'in-flight': { type: 'string' },
    batch: { type: 'string' },
    'low-water': { type: 'string' },
    multi: { type: 'boolean', default: false },
    nmap: { type: 'boolean', default: false },
    'h2h-only': { type: 'boolean', default: false },
  },
});
const runs = Math.min(20, Math.max(1, Number(values.runs)));
const ADDRESS = '127.0.5.1';
const inScope = (a: string): void => {
  if (!a.startsWith('127.0.5.')) throw new Error(`${a} is outside the bench scope 127.0.5.0/24`);
};

async function listen(port: number): Promise<Server> {
  const s = createServer((c) => c.on('error', () => {}));
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, ADDRESS, () => resolve());
  });
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function timeEngineOnce(opts: Partial<ProbeEngineOptions>, tuning: ProbeTuning, work: (e: ProbeEngine) => Promise<number>): Promise<{ ms: number; open: number }> {
  const engine = new ProbeEngine({ assertInScope: inScope, ...opts }, tuning);
  await new Promise((r) => setTimeout(r, 150)); // workers start outside the timed part
  const t0 = performance.now();
  const open = await work(engine);
  const ms = performance.now() - t0;
  await engine.close();
  return { ms, open };
}

function timeNmapOnce(args: string[]): number | undefined {
  const t0 = performance.now();
  const r = spawnSync('nmap', args, { encoding: 'utf8', timeout: 120_000 });
  return r.status === 0 ? performance.now() - t0 : undefined;
}

async function timeEngine(opts: Partial<ProbeEngineOptions>, tuning: ProbeTuning, work: (e: ProbeEngine) => Promise<number>): Promise<{ ms: number; pps: number; open: number }> {
  const times: number[] = [];
  let open = 0;
  let pps = 0;
  for (let i = 0; i < runs; i++) {
    const engine = new ProbeEngine({ assertInScope: inScope, ...opts }, tuning);
    await new Promise((r) => setTimeout(r, 150)); // workers start outside the timed part
    const t0 = performance.now();
    open = await work(engine);
    times.push(performance.now() - t0);
    pps = engine.stats().probesPerSecond;
    await engine.close();
  }
  const ms = median(times);
  if (process.env.BENCH_VERBOSE === '1') console.log(`    runs: ${times.map((t) => t.toFixed(0)).join(' ')} ms`);
  return { ms, pps, open };
}

const servers: Server[] = [];
for (const p of [1, 22, 80, 443, 8080, 65535]) servers.push(await listen(p));
for (let i = 0; i < 4; i++) servers.push(await listen(0)); // ephemeral-range ports
const allPorts = Array.from({ length: 65535 }, (_, i) => i + 1);
const tuning: ProbeTuning = {
  ...(values.batch === undefined ? {} : { maxBatch: Number(values.batch) }),
  ...(values['low-water'] === undefined ? {} : { lowWater: Number(values['low-water']) }),
};
const inFlight = values['in-flight'] === undefined ? {} : { maxInFlight: Number(values['in-flight']) };

console.log(`one host × 65,535 ports on ${ADDRESS}, median of ${runs}`);
for (const transport of values['h2h-only'] ? [] : (['raw', 'net'] as const)) {
  for (const workers of [1, 2]) {
    const r = await timeEngine({ transport, workers, ...inFlight }, tuning, async (e) => (await e.scanPorts(ADDRESS, allPorts)).open.length);
    console.log(`  farsight ${transport} workers=${workers}: ${r.ms.toFixed(0)} ms  ${Math.round(65535 / (r.ms / 1000))} ports/s  (engine ${r.pps} probes/s, ${r.open} open)`);
  }
}
/** Farsight (default options) and nmap alternating run by run, so both see the same machine load. */
async function headToHead(work: (e: ProbeEngine) => Promise<number>, nmapArgs: string[]): Promise<void> {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push((await timeEngineOnce({ ...inFlight }, tuning, work)).ms);
    const n = timeNmapOnce(nmapArgs);
    if (n !== undefined) theirs.push(n);
  }
  const list = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(' ');
  console.log(`  head to head: farsight ${median(ours).toFixed(0)} ms [${list(ours)}]`);
  console.log(`                nmap ${nmapArgs.join(' ')}: ${theirs.length === 0 ? 'failed' : `${median(theirs).toFixed(0)} ms [${list(theirs)}]`}`);
}

if (values.nmap) await headToHead(async (e) => (await e.scanPorts(ADDRESS, allPorts)).open.length, ['-sT', '-T4', '-n', '-Pn', '-p-', ADDRESS]);

if (values.multi) {
  const hosts = Array.from({ length: 254 }, (_, i) => `127.0.5.${i + 1}`);
  const ports1000 = Array.from({ length: 1000 }, (_, i) => i + 1);
  console.log(`254 hosts × 1,000 ports (127.0.5.1-254, ports 1-1000), median of ${runs}`);
  for (const transport of values['h2h-only'] ? [] : (['raw', 'net'] as const)) {
    const r = await timeEngine({ transport, ...inFlight }, tuning, async (e) => {
      const results = await Promise.all(hosts.map((h) => e.scanPorts(h, ports1000)));
      return results.reduce((n, x) => n + x.open.length, 0);
    });
    console.log(`  farsight ${transport}: ${r.ms.toFixed(0)} ms  ${Math.round(254_000 / (r.ms / 1000))} ports/s  (${r.open} open)`);
  }
  if (values.nmap) {
    await headToHead(async (e) => {
      const results = await Promise.all(hosts.map((h) => e.scanPorts(h, ports1000)));
      return results.reduce((n, x) => n + x.open.length, 0);
    }, ['-sT', '-T4', '-n', '-Pn', '-p1-1000', '127.0.5.1-254']);
  }
}
for (const s of servers) s.close();
