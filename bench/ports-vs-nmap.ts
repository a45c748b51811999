// Benchmarks A and B: TCP-connect port scanning, Farsight vs `nmap -sT -T4 -n -Pn`, same
// labnet, same machine, alternating runs. Usage: node bench/ports-vs-nmap.ts [A|B] [--rounds N]
import { readFileSync } from 'node:fs';
import { startLabnet } from '@farsight/labnet';
import { FARSIGHT, median, nmapOpenPorts, ratioLine, requireNmap, saveResult, timed } from './lib.ts';

requireNmap();
const which = process.argv.slice(2).filter((a) => a === 'A' || a === 'B');
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
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

async function runCase(c: Case): Promise<Record<string, unknown>> {
  const net = await startLabnet(c.network, { ttlSeconds: 1800 });
  try {
    const nmapTimes: number[] = [];
    const farTimes: number[] = [];
    const nmapCpu: number[] = [];
    const farCpu: number[] = [];
    const loads = [load()];
    let nmapOpen = 0;
    let farOpen = 0;
    let rss = 0;
    for (let i = 0; i < rounds; i++) {
      const n = await timed(['nmap', '-sT', '-T4', '-n', '-Pn', ...c.nmapPorts, '-oX', '-', c.target]);
      nmapTimes.push(n.wallMs);
      nmapCpu.push(n.cpuMs);
      nmapOpen = [...nmapOpenPorts(n.stdout).values()].reduce((a, p) => a + p.length, 0);
      const f = await timed([...FARSIGHT, 'scan', c.target, '--ports', c.ports, '--no-discovery', '--no-service-detection', '--json', '--no-progress']);
      if (f.code !== 0) throw new Error(`farsight failed: ${f.stderr}`);
      farTimes.push(f.wallMs);
      farCpu.push(f.cpuMs);
      loads.push(load());
      rss = Math.max(rss, f.peakRssKb);
      const report = JSON.parse(f.stdout) as { hosts: Array<{ services: unknown[] }> };
      farOpen = report.hosts.reduce((a, h) => a + h.services.length, 0);
    }
    const nm = median(nmapTimes);
    const fm = median(farTimes);
    console.log(ratioLine(`${c.name} (${c.target} × ${c.ports.length > 40 ? 'nmap top-1000' : c.ports})`, nm, fm));
    // CPU time (user + system) is steadier than wall time when other jobs share the machine.
    const nc = median(nmapCpu);
    const fc = median(farCpu);
    console.log(`  CPU time: nmap ${(nc / 1000).toFixed(2)} s, farsight ${(fc / 1000).toFixed(2)} s → ratio ${(nc / fc).toFixed(2)}×; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
    console.log(`  open ports found: nmap ${nmapOpen}, farsight ${farOpen}; farsight peak RSS ${(rss / 1024).toFixed(0)} MB; runs nmap [${nmapTimes.map((t) => t.toFixed(0)).join(', ')}] ms, farsight [${farTimes.map((t) => t.toFixed(0)).join(', ')}] ms`);
    return { case: c.name, target: c.target, rounds, nmapMedianMs: nm, farsightMedianMs: fm, ratio: nm / fm, cpuRatio: nc / fc, nmapOpen, farsightOpen: farOpen, farsightPeakRssKb: rss, nmapTimes, farTimes, nmapCpu, farCpu, loads };
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
