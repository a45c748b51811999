// Benchmark D: peak RSS of `farsight scan 127.1.0.0/16 --ports top-100` (65,536 addresses,
// every one "up" on loopback because closed ports answer with RST). Goal: < 300 MB.
// Usage: node bench/memory-16.ts
import { FARSIGHT, saveResult, timed } from './lib.ts';

const r = await timed([...FARSIGHT, 'scan', '127.1.0.0/16', '--ports', 'top-100', '--json', '--no-progress', '-o', '/dev/null'], 1_800_000);
if (r.code !== 0) throw new Error(`farsight failed: ${r.stderr}`);
const report = JSON.parse(r.stdout) as { scan: { hostsTotal: number; hostsUp: number; portsProbed: number } };
console.log(`D memory: 127.1.0.0/16 × top-100: ${report.scan.hostsTotal} addresses, ${report.scan.portsProbed} probes in ${(r.wallMs / 1000).toFixed(1)} s; peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB (goal < 300 MB)`);
saveResult('memory-16', { date: new Date().toISOString(), wallMs: r.wallMs, peakRssKb: r.peakRssKb, ...report.scan });
