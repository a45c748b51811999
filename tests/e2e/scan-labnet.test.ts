// The scanner against labnet's `standard` network: exact ground truth (open ports, service
// names, vendors, products, versions), hostile hosts bounded, exclusions never contacted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { FingerprintDb } from '@farsight/content';
import { runScan } from '@farsight/scanner/scan/run-scan';
import type { ScanReport } from '@farsight/scanner/types';
import { wildcardListeningPorts } from './wildcard-ports.ts';

let net: Labnet;
let report: ScanReport;
let db: FingerprintDb;
const foreign = wildcardListeningPorts();

before(async () => {
  net = await startLabnet('standard', { ttlSeconds: 600, relocate: '127.0.80' });
  db = await FingerprintDb.builtin();
  const truth = net.groundTruth();
  const truthPorts = truth.hosts.flatMap((h) => h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port));
  const udpPorts = truth.hosts.flatMap((h) => h.services.filter((s) => s.protocol === 'udp').map((s) => s.port));
  const ports = `T:1-1024,${[...new Set(truthPorts)].join(',')},U:${[...new Set([53, 123, 161, ...udpPorts])].join(',')}`;
  report = await runScan({
    targets: truth.hosts.map((h) => h.address), ports, noDiscovery: true, fingerprints: db,
    performance: { serviceTimeoutMs: 4000 },
  });
});
after(async () => { await net?.stop(); });

test('finds exactly the open TCP ports of every labnet host', () => {
  const truth = net.groundTruth();
  assert.ok(truth.hosts.length >= 50, `standard network has ${truth.hosts.length} hosts, want ≥ 50`);
  for (const h of truth.hosts) {
    const found = report.hosts.find((x) => x.address === h.address);
    assert.ok(found, `host ${h.address} missing from the report`);
    const want = h.services.filter((s) => s.protocol === 'tcp').map((s) => s.port).sort((a, b) => a - b);
    const got = found.services.filter((s) => s.protocol === 'tcp' && !foreign.has(s.port)).map((s) => s.port);
    assert.deepEqual(got, want, `open TCP ports of ${h.address}`);
  }
});

test('identifies every service as the ground truth says (name, vendor, product, version)', () => {
  const truth = net.groundTruth();
  const wrong: string[] = [];
  let checked = 0;
  for (const h of truth.hosts) {
    const found = report.hosts.find((x) => x.address === h.address);
    for (const s of h.services) {
      const got = found?.services.find((x) => x.port === s.port && x.protocol === s.protocol);
      if (!got) { wrong.push(`${h.address}:${s.port}/${s.protocol} not reported`); continue; }
      checked++;
      for (const field of ['name', 'vendor', 'product', 'version'] as const) {
        const want = s[field];
        if (want !== undefined && got[field] !== want) wrong.push(`${h.address}:${s.port}/${s.protocol} ${field}: want '${want}', got '${got[field] ?? ''}' (banner ${JSON.stringify(got.banner ?? '')})`);
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} services`);
  assert.deepEqual(wrong, []);
});

test('hostile hosts cost at most their deadline and are reported open', () => {
  const truth = net.groundTruth();
  const hostile = truth.hosts.filter((h) => h.hostile);
  assert.ok(hostile.length >= 5, 'standard network has the five hostile kinds');
  for (const h of hostile) {
    const found = report.hosts.find((x) => x.address === h.address);
    assert.ok(found && found.services.length > 0, `hostile host ${h.address} (${h.hostile}) reported with open ports`);
  }
  // 4 s service deadline per port, hosts in parallel: the whole scan cannot take minutes.
  assert.ok(report.scan.elapsedMs < 60_000, `scan took ${report.scan.elapsedMs} ms`);
});

test('exclusions and scope tricks never connect', async () => {
  const truth = net.groundTruth();
  const [a, b, c] = truth.hosts.filter((h) => !h.hostile && h.services.length > 0);
  assert.ok(a && b && c);
  const before = [a, b, c].map((h) => net.connections(h.address));
  const r = await runScan({
    // b is named through its IPv4-mapped IPv6 form, c through a hostname that resolves to it.
    targets: [a.address, `::ffff:${b.address}`, 'c.scope.test', '127.0.80.250'],
    exclude: [a.address, b.address, c.address],
    resolve: async (name) => (name === 'c.scope.test' ? [c.address] : []),
    ports: 'well-known', noDiscovery: true, fingerprints: db,
  });
  assert.deepEqual([a, b, c].map((h) => net.connections(h.address)), before, 'excluded hosts received connections');
  assert.equal(r.scan.outOfScope, 3);
  assert.ok(r.hosts.every((h) => ![a.address, b.address, c.address].includes(h.address)));
});
