// Version checks (issue 5, part A): what they cost.
//   1. loading the built-in vulnerability pack in a fresh process (schema validation + scoring);
//   2. matching: matchServiceVulns over every versioned labnet catalog profile, µs per service;
//   3. a full-audit scan of labnet `bench-24` (254 hosts) with the built-in pack vs an empty one
//      (same active checks both times), wall time and findings.
// Usage: node bench/version-checks.ts [runs=3]
import { spawn } from 'node:child_process';
import { CATALOG, startLabnet } from '@farsight/labnet';
import { FingerprintDb } from '@farsight/content';
import { loadBuiltinVulnPack, VulnPack } from '@farsight/content/vulns/index';
import { matchServiceVulns } from '@farsight/scanner/checks/version-check';
import { runScan } from '@farsight/scanner/scan/run-scan';
import type { ServiceResult } from '@farsight/scanner/types';
import { median, ROOT } from './lib.ts';

const runs = Math.max(1, Math.min(10, Number(process.argv[2] ?? 3) || 3));

async function coldLoadMs(): Promise<number> {
  const code = `const t=performance.now();const m=await import('@farsight/content/vulns/index');const p=await m.loadBuiltinVulnPack();console.log(JSON.stringify({ms:performance.now()-t,n:p.definitions.length}))`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return (JSON.parse(out) as { ms: number }).ms;
}

function catalogServices(): ServiceResult[] {
  const out: ServiceResult[] = [];
  for (const p of CATALOG) {
    if (!p.version || !p.product) continue;
    const banner = 'banner' in p && typeof p.banner === 'string' ? p.banner : undefined;
    const server = 'server' in p && typeof p.server === 'string' ? p.server : undefined;
    const s: ServiceResult = { port: p.defaultPort, protocol: 'tcp', state: 'open', name: p.name, vendor: p.vendor ?? undefined, product: p.product, version: p.version, evidence: [] };
    if (p.cpe) s.cpe = p.cpe;
    if (banner) s.banner = banner;
    if (server) s.http = { statusCode: 200, server, headers: {} };
    if (banner?.startsWith('SSH-')) {
      const [software = '', ...comments] = banner.replace(/^SSH-[\d.]+-/, '').split(' ');
      s.ssh = { identification: banner, protoVersion: '2.0', softwareVersion: software, ...(comments.length ? { comments: comments.join(' ') } : {}), kexAlgorithms: [], hostKeyAlgorithms: [], ciphers: [], macs: [], compression: [] };
    }
    out.push(s);
  }
  return out;
}

const cold: number[] = [];
for (let i = 0; i < runs; i++) cold.push(await coldLoadMs());
const pack = await loadBuiltinVulnPack();
console.log(`pack: ${pack.definitions.length} definitions; cold load in a fresh process median ${median(cold).toFixed(0)} ms (${cold.map((x) => x.toFixed(0)).join(', ')})`);

const services = catalogServices();
const rounds = 200;
let findings = 0;
const t0 = performance.now();
for (let r = 0; r < rounds; r++) for (const s of services) findings += matchServiceVulns(s, { os: {} }, pack).findings.length;
const perService = ((performance.now() - t0) * 1000) / (rounds * services.length);
console.log(`matching: ${services.length} catalog services × ${rounds}: ${perService.toFixed(1)} µs per service (${Math.round(1e6 / perService)} services/s), ${findings / rounds} findings per round`);

const net = await startLabnet('bench-24', { ttlSeconds: 900, relocate: '127.5.3' });
try {
  const db = await FingerprintDb.builtin();
  const targets = net.groundTruth().hosts.map((h) => h.address);
  const empty = new VulnPack([]);
  const results: Record<string, { ms: number[]; version: number; potential: number; checks: number }> = { builtin: { ms: [], version: 0, potential: 0, checks: 0 }, empty: { ms: [], version: 0, potential: 0, checks: 0 } };
  for (let i = 0; i < runs; i++) {
    for (const [name, vulnPack] of [['builtin', pack], ['empty', empty]] as const) {
      const t = performance.now();
      const report = await runScan({ targets, fingerprints: db, vulnPack, noDiscovery: true, ports: 'well-known' });
      const r = results[name] as { ms: number[]; version: number; potential: number; checks: number };
      r.ms.push(performance.now() - t);
      const all = report.hosts.flatMap((h) => h.findings);
      r.version = all.filter((f) => f.rule.startsWith('version:')).length;
      r.potential = all.filter((f) => f.rule.startsWith('version:') && f.verdict === 'potential').length;
      r.checks = all.length - r.version;
    }
  }
  for (const [name, r] of Object.entries(results)) {
    console.log(`full-audit bench-24 (254 hosts, well-known ports, ${name} pack): median ${(median(r.ms) / 1000).toFixed(2)} s (${r.ms.map((x) => (x / 1000).toFixed(2)).join(', ')}); ${r.version} version findings (${r.potential} potential), ${r.checks} active-check findings`);
  }
} finally {
  await net.stop();
}
