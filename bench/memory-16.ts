// Benchmark D: peak RSS of `farsight scan 127.1.0.0/16 --ports top-100` (65,536 addresses,
// every one "up" on loopback because closed ports answer with RST). Goal: < 300 MB.
// Usage: node bench/memory-16.ts [CIDR inside 127.1.0.0/16, e.g. 127.1.0.0/19 for a quick look]
import { readFileSync } from 'node:fs';
import { FARSIGHT, saveResult, timed } from './lib.ts';

const target = process.argv[2] ?? '127.1.0.0/16';
if (!/^127\.1\.\d{1,3}\.\d{1,3}\/(1[6-9]|2\d|3[0-2])$/.test(target)) {
  console.error(`memory-16: '${target}' is not a CIDR inside 127.1.0.0/16 (e.g. 127.1.0.0/19)`);
  process.exit(2);
}
const load = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?';
const loadBefore = load();
const r = await timed([...FARSIGHT, 'scan', target, '--ports', 'top-100', '--json', '--no-progress', '-o', '/dev/null'], 3_600_000);
if (r.code !== 0) throw new Error(`farsight failed: ${r.stderr}`);
const report = JSON.parse(r.stdout) as { scan: { hostsTotal: number; hostsUp: number; portsProbed: number } };
console.log(`D memory: ${target} × top-100: ${report.scan.hostsTotal} addresses, ${report.scan.portsProbed} probes in ${(r.wallMs / 1000).toFixed(1)} s (CPU ${(r.cpuMs / 1000).toFixed(1)} s); peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB (goal < 300 MB for the /16); load average ${loadBefore} → ${load()}`);
saveResult('memory-16', { date: new Date().toISOString(), target, wallMs: r.wallMs, cpuMs: r.cpuMs, peakRssKb: r.peakRssKb, loadBefore, loadAfter: load(), ...report.scan });
