// CPU per probe of each Farsight probe backend and of nmap -sT, start-up taken out: each tool
// scans labnet `bench-allports` (127.0.4.1) once over all 65,535 ports and once over port 1
// only; (CPU of the full scan − CPU of the one-port scan) / 65,534 is the cost of a probe.
// Usage: node bench/ports-vs-nmap-per-probe.ts [--rounds N]   (alternating runs, medians)
import { readFileSync } from 'node:fs';
import { startLabnet } from '@farsight/labnet';
import { findNativeHelper } from '@farsight/scanner/probe/native-helper';
import { FARSIGHT, median, requireNmap, saveResult, timed } from './lib.ts';

requireNmap();
const roundsArg = process.argv.indexOf('--rounds');
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
const load = (): number => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const TARGET = '127.0.4.1';
const PROBES = 65534;

const tools: Record<string, (ports: 'all' | '1') => string[]> = {
  nmap: (ports) => ['nmap', '-sT', '-T4', '-n', '-Pn', ports === 'all' ? '-p-' : '-p1', '-oX', '-', TARGET],
  'farsight js': (ports) => [...FARSIGHT, 'scan', TARGET, '--ports', ports, '--no-discovery', '--no-service-detection', '--json', '--no-progress', '--probe-backend', 'js'],
};
if (findNativeHelper() !== undefined) {
  tools['farsight native'] = (ports) => [...FARSIGHT, 'scan', TARGET, '--ports', ports, '--no-discovery', '--no-service-detection', '--json', '--no-progress', '--probe-backend', 'native'];
}

const net = await startLabnet('bench-allports', { ttlSeconds: 1800 });
try {
  const cpu = new Map<string, { all: number[]; one: number[]; wall: number[] }>(Object.keys(tools).map((k) => [k, { all: [], one: [], wall: [] }]));
  const loads = [load()];
  for (let i = 0; i < rounds; i++) {
    for (const [name, argv] of Object.entries(tools)) {
      const rec = cpu.get(name) as { all: number[]; one: number[]; wall: number[] };
      const all = await timed(argv('all'));
      const one = await timed(argv('1'));
      if (all.code !== 0 || one.code !== 0) throw new Error(`${name} failed: ${all.stderr}${one.stderr}`);
      rec.all.push(all.cpuMs);
      rec.one.push(one.cpuMs);
      rec.wall.push(all.wallMs);
    }
    loads.push(load());
  }
  console.log(`CPU per probe, ${rounds} rounds, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}:`);
  const out: Record<string, unknown> = { date: new Date().toISOString(), rounds, loads };
  const nmapPer = (median(cpu.get('nmap')?.all ?? []) - median(cpu.get('nmap')?.one ?? [])) / PROBES;
  for (const [name, rec] of cpu) {
    const per = (median(rec.all) - median(rec.one)) / PROBES;
    console.log(`  ${name.padEnd(16)} full scan ${(median(rec.all) / 1000).toFixed(2)} s CPU (${(median(rec.wall) / 1000).toFixed(2)} s wall), start-up ${(median(rec.one) / 1000).toFixed(2)} s CPU, per probe ${(per * 1000).toFixed(1)} µs` +
      (name === 'nmap' ? '' : ` (nmap ÷ this: ${(nmapPer / per).toFixed(2)}×)`));
    out[name] = { allCpuMs: rec.all, oneCpuMs: rec.one, wallMs: rec.wall, perProbeMicros: per * 1000 };
  }
  saveResult('ports-vs-nmap-per-probe', out);
} finally {
  await net.stop();
}
