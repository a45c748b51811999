// Benchmarks A and B: TCP-connect port scanning, Farsight vs `nmap -sT -T4 -n -Pn`, same
// labnet, same machine, alternating runs. Usage:
//   node bench/ports-vs-nmap.ts [A|B] [--rounds N] [--backend js|native|both]
// --backend picks Farsight's probe backend (`--probe-backend`); default: both when the native
// helper is built (packages/scanner/native), else js. Each round runs nmap, then each backend.
import { readFileSync } from 'node:fs';
import { startLabnet } from '@farsight/labnet';
import { findNativeHelper } from '@farsight/scanner/probe/native-helper';
import { FARSIGHT, median, nmapOpenPorts, ratioLine, requireNmap, saveResult, timed } from './lib.ts';

requireNmap();
const which = process.argv.slice(2).filter((a) => a === 'A' || a === 'B');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
const backendArg = process.argv.indexOf('--backend');
const backendName = backendArg > 0 ? process.argv[backendArg + 1] : findNativeHelper() !== undefined ? 'both' : 'js';
if (backendName !== 'js' && backendName !== 'native' && backendName !== 'both') throw new Error(`--backend '${String(backendName)}' is not one of js, native, both`);
const backends = backendName === 'both' ? ['js', 'native'] : [backendName];
/** 1-minute load average: wall times on a shared machine mean little without it. */
const load = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** nmap's own top-1000 TCP list, read from nmap so both tools scan the same ports. */
async function nmapTop1000(): Promise<string> {
  const r = await timed(['nmap', '-sT', '--top-ports', '1000', '-oX', '-', '-n', '-Pn', '--max-retries', '0', '127.0.0.1']);
  const m = /\sservices="([^"]+)"/.exec(r.stdout);
  if (!m?.[1]) throw new Error('could not read the top-1000 list from nmap');
  return m[1];
}

interface Case { name: string; network: string; target: string; ports: string; nmapPorts: string[] }
interface Runs { wall: number[]; cpu: number[]; open: number; rss: number }

async function runCase(c: Case): Promise<Record<string, unknown>> {
  const net = await startLabnet(c.network, { ttlSeconds: 1800 });
  try {
    const nmap: Runs = { wall: [], cpu: [], open: 0, rss: 0 };
    const far = new Map<string, Runs>(backends.map((b) => [b, { wall: [], cpu: [], open: 0, rss: 0 }]));
    const loads = [load()];
    for (let i = 0; i < rounds; i++) {
      const n = await timed(['nmap', '-sT', '-T4', '-n', '-Pn', ...c.nmapPorts, '-oX', '-', c.target]);
      nmap.wall.push(n.wallMs);
      nmap.cpu.push(n.cpuMs);
      nmap.open = [...nmapOpenPorts(n.stdout).values()].reduce((a, p) => a + p.length, 0);
      for (const [backend, runs] of far) {
        const f = await timed([...FARSIGHT, 'scan', c.target, '--ports', c.ports, '--no-discovery', '--no-service-detection', '--json', '--no-progress', '--probe-backend', backend]);
        if (f.code !== 0) throw new Error(`farsight (${backend}) failed: ${f.stderr}`);
        runs.wall.push(f.wallMs);
        runs.cpu.push(f.cpuMs);
        runs.rss = Math.max(runs.rss, f.peakRssKb);
        const report = JSON.parse(f.stdout) as { hosts: Array<{ services: unknown[] }> };
        runs.open = report.hosts.reduce((a, h) => a + h.services.length, 0);
      }
      loads.push(load());
    }
    const nm = median(nmap.wall);
    const nc = median(nmap.cpu);
    const out: Record<string, unknown> = { case: c.name, target: c.target, rounds, nmapMedianMs: nm, nmapCpuMedianMs: nc, nmapOpen: nmap.open, nmapTimes: nmap.wall, nmapCpu: nmap.cpu, loads };
    console.log(`${c.name} (${c.target} × ${c.ports.length > 40 ? 'nmap top-1000' : c.ports}), load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}:`);
    for (const [backend, runs] of far) {
      const fm = median(runs.wall);
      const fc = median(runs.cpu);
      console.log(`  [${backend}] ${ratioLine(c.name, nm, fm)}`);
      // CPU time (user + system) is steadier than wall time when other jobs share the machine.
      console.log(`  [${backend}] CPU time: nmap ${(nc / 1000).toFixed(2)} s, farsight ${(fc / 1000).toFixed(2)} s → ratio ${(nc / fc).toFixed(2)}×`);
      console.log(`  [${backend}] open ports found: nmap ${nmap.open}, farsight ${runs.open}; peak RSS ${(runs.rss / 1024).toFixed(0)} MB; runs nmap [${nmap.wall.map((t) => t.toFixed(0)).join(', ')}] ms, farsight [${runs.wall.map((t) => t.toFixed(0)).join(', ')}] ms, CPU [${runs.cpu.map((t) => t.toFixed(0)).join(', ')}] ms`);
      out[backend] = { medianMs: fm, cpuMedianMs: fc, ratio: nm / fm, cpuRatio: nc / fc, open: runs.open, peakRssKb: runs.rss, times: runs.wall, cpu: runs.cpu };
    }
    return out;
  } finally {
    await net.stop();
  }
}

const results: Record<string, unknown>[] = [];
if (which.length === 0 || which.includes('A')) {
  results.push(await runCase({ name: 'A', network: 'bench-allports', target: '127.0.4.1', ports: 'all', nmapPorts: ['-p-'] }));
}
if (which.length === 0 || which.includes('B')) {
  const top = await nmapTop1000();
  results.push(await runCase({ name: 'B', network: 'bench-24', target: '127.0.3.1-254', ports: top, nmapPorts: ['-p', top] }));
}
saveResult('ports-vs-nmap', { date: new Date().toISOString(), results });
