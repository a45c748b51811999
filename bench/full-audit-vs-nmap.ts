// Benchmark E: full audit of the 254-host `bench-24` labnet — services + every safe active
// check (and the version checks the scan runs) — wall time and findings, next to
// `nmap -sV --script "vuln and not (dos or external or broadcast)"` on the same hosts and ports.
// Active-check findings are judged against labnet ground truth (false positives / misses).
// Usage: node bench/full-audit-vs-nmap.ts [--nmap-hosts N] [--nmap-timeout-min M] [--skip-nmap] [--relocate 127.6.24]
import { startLabnet } from '@farsight/labnet';
import { FARSIGHT, ratioLine, requireNmap, saveResult, timed } from './lib.ts';
import { expectedFindings, minus, reportedFindings } from '../tests/checks/weakness-map.ts';

const arg = (name: string): string | undefined => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : undefined; };
const skipNmap = process.argv.includes('--skip-nmap');
if (!skipNmap) requireNmap();
const NMAP_SCRIPTS = 'vuln and not (dos or external or broadcast)';

interface Finding { id: string; port?: number; protocol?: string; rule: string }
interface Service { port: number; protocol: string; name: string; product?: string; tls?: { certificate?: unknown } }
interface Report { hosts: { address: string; findings: Finding[]; services: Service[] }[] }

/** Why a predicted finding is missing: detection did not identify the service as its truth says, or the check found nothing. */
function missCause(report: Report, key: string, truthName: (k: string) => string | undefined): 'detection' | 'check' {
  const [address, portProto] = key.split(' ');
  const [port, proto] = (portProto ?? '').split('/');
  const svc = report.hosts.find((h) => h.address === address)?.services.find((x) => String(x.port) === port && x.protocol === proto);
  if (!svc || svc.name === 'unknown' || svc.name !== truthName(key)) return 'detection';
  if (key.includes('farsight-tls-cert-') && svc.tls?.certificate === undefined) return 'detection';
  return 'check';
}

/** Scripts nmap reported per host:port, and how many say VULNERABLE. */
export function parseNmapVulns(xml: string): { outputs: number; vulnerable: string[] } {
  const vulnerable: string[] = [];
  let outputs = 0;
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1] ?? '?';
    for (const m of host.matchAll(/<port protocol="(tcp|udp)" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
      for (const s of (m[3] ?? '').matchAll(/<script id="([^"]+)" output="([^"]*)"/g)) {
        outputs++;
        if (/(?<!NOT )VULNERABLE/.test(s[2] ?? '')) vulnerable.push(`${addr} ${m[2]}/${m[1]} ${s[1]}`);
      }
    }
  }
  return { outputs, vulnerable };
}

// --relocate runs a second copy beside one already up (e.g. farsight-only runs while nmap still scans).
const relocate = arg('--relocate');
const net = await startLabnet('bench-24', { ttlSeconds: 7200, ...(relocate ? { relocate } : {}) });
try {
  const truth = net.groundTruth();
  const services = truth.hosts.flatMap((h) => h.services);
  const tcpPorts = [...new Set(services.filter((s) => s.protocol === 'tcp').map((s) => s.port))].sort((a, b) => a - b);
  const udpPorts = [...new Set(services.filter((s) => s.protocol === 'udp').map((s) => s.port))].sort((a, b) => a - b);
  const ports = `T:${tcpPorts.join(',')},U:${udpPorts.join(',')}`;
  const targets = truth.hosts.map((h) => h.address);
  console.log(`labnet bench-24: ${targets.length} hosts, ${services.length} services; ports ${ports}`);

  const f = await timed([...FARSIGHT, 'scan', ...targets, '--ports', ports, '--no-discovery', '--template', 'full-audit', '--json', '--no-progress']);
  if (f.code !== 0) throw new Error(`farsight failed: ${f.stderr}`);
  const report = JSON.parse(f.stdout) as Report;
  const all = report.hosts.flatMap((h) => h.findings.map((x) => ({ ...x, address: h.address })));
  const active = all.filter((x) => x.rule.startsWith('check:'));
  const want = expectedFindings(truth);
  const got = reportedFindings(report);
  const falsePositives = minus(got, want);
  const missed = minus(want, got);
  // Version findings are judged by the version-check suite; here only the explicit traps count.
  const traps = new Set(truth.hosts.flatMap((h) => h.services.flatMap((s) => s.notWeaknesses.map((w) => `${h.address} ${s.port}/${s.protocol} ${w}`))));
  const trapHits = all.filter((x) => traps.has(`${x.address} ${x.port ?? 0}/${x.protocol ?? 'tcp'} ${x.id}`)).map((x) => `${x.address} ${x.port ?? 0} ${x.id}`);
  console.log(`farsight full-audit: ${(f.wallMs / 1000).toFixed(2)} s, peak RSS ${(f.peakRssKb / 1024).toFixed(0)} MB, ${all.length} findings `
    + `(${active.length} from active checks, ${all.length - active.length} from version checks)`);
  const truthName = (k: string): string | undefined => {
    const [address, portProto] = k.split(' ');
    return truth.hosts.find((h) => h.address === address)?.services.find((x) => `${x.port}/${x.protocol}` === portProto)?.name;
  };
  const causes = missed.map((k) => missCause(report, k, truthName));
  const byDetection = causes.filter((c) => c === 'detection').length;
  console.log(`  active checks vs ground truth: ${want.size} expected, ${got.size} reported, false positives ${falsePositives.length}, missed ${missed.length}`
    + (missed.length > 0 ? ` (${byDetection} on services detection did not identify, ${missed.length - byDetection} by the checks)` : ''));
  console.log(`  backport traps (notWeaknesses) reported: ${trapHits.length}`);
  const listed = [...falsePositives.map((k) => `FP ${k}`), ...missed.map((k, i) => `MISS (${causes[i] ?? '?'}) ${k}`), ...trapHits.map((k) => `TRAP ${k}`)];
  for (const x of listed.sort((a, b) => Number(a.includes('(detection)')) - Number(b.includes('(detection)'))).slice(0, 40)) console.log(`    ${x}`);

  let nmap: { wallMs: number; code: number; outputs: number; vulnerable: number; byScript: Record<string, number>; hosts: number; timedOut: boolean } | undefined;
  if (!skipNmap) {
    const n = Number(arg('--nmap-hosts') ?? targets.length);
    const cap = Number(arg('--nmap-timeout-min') ?? 60) * 60_000;
    const sample = targets.slice(0, n);
    const cmd = ['nmap', '-sT', '-sU', '-sV', '-T4', '-n', '-Pn', '-p', ports, '--script', NMAP_SCRIPTS, '-oX', '-', ...sample];
    console.log(`nmap: ${cmd.slice(0, 9).join(' ')} --script "${NMAP_SCRIPTS}" -oX - <${sample.length} hosts> (cap ${cap / 60_000} min)`);
    const r = await timed(cmd, cap);
    const v = parseNmapVulns(r.stdout);
    const byScript: Record<string, number> = {};
    for (const x of v.vulnerable) { const id = x.split(' ')[2] ?? '?'; byScript[id] = (byScript[id] ?? 0) + 1; }
    nmap = { wallMs: r.wallMs, code: r.code, outputs: v.outputs, vulnerable: v.vulnerable.length, byScript, hosts: sample.length, timedOut: r.wallMs >= cap - 1000 };
    console.log(`nmap -sV --script vuln: ${(r.wallMs / 1000).toFixed(1)} s on ${sample.length} hosts (exit ${r.code}${nmap.timedOut ? ', killed at the cap' : ''}), `
      + `${v.outputs} script outputs, ${v.vulnerable.length} say VULNERABLE`);
    console.log(`  VULNERABLE by script: ${Object.entries(byScript).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
    if (sample.length === targets.length) console.log(ratioLine('E full audit', r.wallMs, f.wallMs));
    else console.log(`E full audit (nmap on ${sample.length}/${targets.length} hosts): nmap ${(r.wallMs / 1000).toFixed(1)} s → ~${((r.wallMs * targets.length) / sample.length / 1000).toFixed(0)} s extrapolated; ratio ≥ ${(r.wallMs / f.wallMs).toFixed(1)}× (measured part only)`);
  }
  saveResult('full-audit-vs-nmap', {
    date: new Date().toISOString(), hosts: targets.length, services: services.length, ports,
    farsight: { wallMs: f.wallMs, peakRssKb: f.peakRssKb, findings: all.length, activeFindings: active.length, expected: want.size, falsePositives, missed, missedByDetection: byDetection, trapHits },
    nmap, nmapScripts: NMAP_SCRIPTS,
  });
} finally {
  await net.stop();
}
