// Benchmark C: service identification of the whole `standard` labnet — product+version
// accuracy against labnet's ground truth, and wall time — Farsight vs `nmap -sV`.
// Usage: node bench/service-id-vs-nmap.ts
import { startLabnet } from '@farsight/labnet';
import { FARSIGHT, ratioLine, requireNmap, saveResult, timed } from './lib.ts';

requireNmap();

interface Found { product: string; version: string }
const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9.]+/g, ' ').trim();

/** Product names that mean the same thing in Recog's and nmap's vocabularies. */
const ALIASES: Record<string, string[]> = {
  httpd: ['apache httpd', 'apache'],
  iis: ['microsoft iis httpd', 'iis'],
  'mysql': ['mysql', 'mariadb'],
};

/** A service counts as identified when the product agrees and the version starts with the truth's. */
export function matches(truth: { product?: string; version?: string }, found: Found | undefined): boolean {
  if (!truth.product || !found) return false;
  const t = norm(truth.product);
  const f = norm(found.product);
  const names = [t, ...(ALIASES[t] ?? [])];
  const productOk = f.length > 0 && names.some((n) => f.includes(n) || n.includes(f));
  if (!productOk) return false;
  if (!truth.version) return true;
  return norm(found.version).startsWith(norm(truth.version));
}

function parseNmap(xml: string): Map<string, Found> {
  const out = new Map<string, Found>();
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    for (const m of host.matchAll(/<port protocol="tcp" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
      const svc = /<service ([^>]*)>/.exec(m[2] ?? '')?.[1] ?? '';
      const attr = (n: string): string => new RegExp(`${n}="([^"]*)"`).exec(svc)?.[1] ?? '';
      out.set(`${addr}:${m[1]}`, { product: attr('product'), version: attr('version') });
    }
  }
  return out;
}

const net = await startLabnet('standard', { ttlSeconds: 3600 });
try {
  const truth = net.groundTruth();
  const tcp = truth.hosts.flatMap((h) => h.services.filter((s) => s.protocol === 'tcp').map((s) => ({ host: h, s })));
  const withProduct = tcp.filter((x) => x.s.product);
  const ports = [...new Set(tcp.map((x) => x.s.port))].sort((a, b) => a - b).join(',');
  const targets = truth.hosts.map((h) => h.address);
  console.log(`labnet standard: ${truth.hosts.length} hosts, ${tcp.length} TCP services (${withProduct.length} with a known product)`);

  const f = await timed([...FARSIGHT, 'scan', ...targets, '--ports', ports, '--no-discovery', '--json', '--no-progress']);
  if (f.code !== 0) throw new Error(`farsight failed: ${f.stderr}`);
  const far = new Map<string, Found>();
  const report = JSON.parse(f.stdout) as { hosts: Array<{ address: string; services: Array<{ port: number; vendor?: string; product?: string; version?: string }> }> };
  for (const h of report.hosts) for (const s of h.services) far.set(`${h.address}:${s.port}`, { product: [s.vendor, s.product].filter(Boolean).join(' '), version: s.version ?? '' });

  const n = await timed(['nmap', '-sT', '-sV', '-T4', '-n', '-Pn', '-p', ports, '-oX', '-', ...targets], 1_800_000);
  const nm = parseNmap(n.stdout);

  const score = (found: Map<string, Found>): { hits: number; misses: string[] } => {
    const misses: string[] = [];
    let hits = 0;
    for (const { host, s } of withProduct) {
      const key = `${host.address}:${s.port}`;
      if (matches(s, found.get(key))) hits++;
      else misses.push(`${key} want ${s.product} ${s.version ?? ''} got ${found.get(key)?.product ?? '-'} ${found.get(key)?.version ?? ''}`);
    }
    return { hits, misses };
  };
  const fs = score(far);
  const ns = score(nm);
  const pct = (x: number): string => `${((100 * x) / withProduct.length).toFixed(1)}%`;
  console.log(ratioLine('C service identification', n.wallMs, f.wallMs));
  console.log(`  accuracy (product+version vs ground truth): farsight ${fs.hits}/${withProduct.length} = ${pct(fs.hits)}, nmap -sV ${ns.hits}/${withProduct.length} = ${pct(ns.hits)}`);
  if (fs.misses.length > 0) console.log(`  farsight misses:\n    ${fs.misses.join('\n    ')}`);
  saveResult('service-id-vs-nmap', {
    date: new Date().toISOString(), services: withProduct.length,
    farsight: { wallMs: f.wallMs, hits: fs.hits, misses: fs.misses }, nmap: { wallMs: n.wallMs, hits: ns.hits, misses: ns.misses },
    timeRatio: n.wallMs / f.wallMs,
  });
} finally {
  await net.stop();
}
