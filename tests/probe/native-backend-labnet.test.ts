// Both probe backends — JS worker threads and the native C helper (packages/scanner/native,
// built by npm ci; built here if missing) — scan the same labnet network and must report
// exactly the same open and closed ports per host, and exactly the ground truth's TCP ports.
// Also through runScan (the `farsight scan` path), whose --probe-backend reaches the engine.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { FingerprintDb } from '@farsight/content';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { ProbeEngine } from '@farsight/scanner/probe/index';
import { requireNativeHelper } from '@farsight/scanner/probe/native-helper';
import { runScan } from '@farsight/scanner/scan/run-scan';
import type { ScanReport } from '@farsight/scanner/types';
import { wildcardListeningPorts } from '../e2e/wildcard-ports.ts';

// labnet `standard` relocated into 127.42.2.0/24 (this suite's block).
const PREFIX = '127.42.2';
const inScope = (a: string): void => assert.ok(a.startsWith(`${PREFIX}.`), `${a} is outside ${PREFIX}.0/24`);
// Every TCP port of the network's ground truth, plus 1–1024: closed ports on every host too.
let net: Labnet;
let hosts: { address: string; tcp: number[] }[] = [];
let ports: number[] = [];
// Patient timeouts: this suite judges open/closed, and hostile hosts must not look filtered.
const PATIENT = { initialTimeoutMs: 3000, minTimeoutMs: 2000, maxTimeoutMs: 5000 };

before(async () => {
  requireNativeHelper();
  net = await startLabnet('standard', { relocate: PREFIX, ttlSeconds: 600 });
  hosts = net.groundTruth().hosts
    .filter((h) => h.address.startsWith(`${PREFIX}.`))
    .map((h) => ({ address: h.address, tcp: h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port) }));
  // Ports another program listens on at a wildcard address answer on every 127.x: left out.
  const foreign = wildcardListeningPorts();
  const set = new Set<number>(Array.from({ length: 1024 }, (_, i) => i + 1).filter((p) => !foreign.has(p)));
  for (const h of hosts) for (const p of h.tcp) set.add(p);
  ports = [...set].sort((a, b) => a - b);
});
after(() => net?.stop());

test('js and native report the same open/closed ports on every labnet host, equal to the ground truth', async (t) => {
  assert.ok(hosts.length >= 50, `labnet standard has ${hosts.length} IPv4 hosts`);
  const seen = new Map<string, Map<string, { open: number[]; closed: number; filtered: number }>>();
  for (const backend of ['js', 'native'] as const) {
    const engine = new ProbeEngine({ backend, assertInScope: inScope, ...PATIENT });
    t.after(() => engine.close());
    const results = await Promise.all(hosts.map((h) => engine.scanPorts(h.address, ports)));
    assert.equal(engine.stats().transport === 'native', backend === 'native');
    seen.set(backend, new Map(results.map((r) => [r.address, { open: r.open, closed: r.closed, filtered: r.filtered }])));
    await engine.close();
  }
  const js = seen.get('js') as Map<string, { open: number[]; closed: number; filtered: number }>;
  const native = seen.get('native') as typeof js;
  let open = 0;
  for (const h of hosts) {
    assert.deepEqual(native.get(h.address), js.get(h.address), `${h.address}: both backends agree`);
    assert.deepEqual(native.get(h.address)?.open, [...h.tcp].sort((a, b) => a - b), `${h.address}: open ports are the ground truth's`);
    open += h.tcp.length;
  }
  t.diagnostic(`${hosts.length} hosts × ${ports.length} ports; ${open} open ports, identical on both backends`);
});

test('runScan with probeBackend native finds the same open ports as with js', async () => {
  const targets = [`${PREFIX}.1-${PREFIX}.60`];
  const reports: ScanReport[] = [];
  for (const probeBackend of ['js', 'native'] as const) {
    reports.push(await runScan({
      targets, ports: ports.join(','), noDiscovery: true, serviceDetection: false, probeBackend, fingerprints: FingerprintDb.builtin(),
      performance: PATIENT,
    }));
  }
  const openOf = (r: ScanReport): string[] => r.hosts.flatMap((h) => h.services.map((s) => `${h.address}:${s.port}`)).sort();
  const [js, native] = reports as [ScanReport, ScanReport];
  assert.ok(openOf(js).length > 0);
  assert.deepEqual(openOf(native), openOf(js));
});
