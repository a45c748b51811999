// Each active check against the active-checks labnet: a host with the weakness, its twin
// without it, and the five hostile kinds on the ports the checks talk to (no finding, no
// hang: each run ends by its own deadline). Network relocated to 127.6.3.x for this suite.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { HOSTILE_PORTS } from '@farsight/labnet/networks/active-checks';
import { BUILTIN_CHECKS } from '@farsight/scanner/checks/registry';
import type { ActiveCheck } from '@farsight/scanner/checks/types';
import type { ServiceResult } from '@farsight/scanner/types';
import { detect, hostWith, labels, runOne } from './harness.ts';

const NET = '127.6.3';
const A = (n: number): string => `${NET}.${n}`;
let net: Labnet;
before(async () => { net = await startLabnet('active-checks', { relocate: NET, ttlSeconds: 600 }); });
after(async () => { await net.stop(); });

const byId = (id: string): ActiveCheck => {
  const c = BUILTIN_CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
const hostname = (addr: string): string[] => net.spec.hosts.find((h) => h.address === addr)?.hostnames ?? [];

/** [check, host number, port, protocol, expected `id[instance]` labels]. */
const CASES: [string, number, number, 'tcp' | 'udp', string[]][] = [
  ['tls-protocol-versions', 10, 443, 'tcp', ['farsight-tls-sslv3-enabled', 'farsight-tls-tlsv1.0-enabled', 'farsight-tls-tlsv1.1-enabled']],
  ['tls-protocol-versions', 12, 443, 'tcp', []],
  ['tls-weak-ciphers', 10, 443, 'tcp', ['farsight-tls-cipher-3des[3des]', 'farsight-tls-cipher-rc4[rc4]']],
  ['tls-weak-ciphers', 11, 443, 'tcp', ['farsight-tls-cipher-anon[anon]', 'farsight-tls-cipher-null[null]']],
  ['tls-weak-ciphers', 12, 443, 'tcp', []],
  ['tls-certificate', 13, 443, 'tcp', ['farsight-tls-cert-expired']],
  ['tls-certificate', 13, 8443, 'tcp', ['farsight-tls-cert-self-signed']],
  ['tls-certificate', 13, 9443, 'tcp', ['farsight-tls-cert-sha1-signature']],
  ['tls-certificate', 13, 10443, 'tcp', ['farsight-tls-cert-weak-key']],
  ['tls-certificate', 13, 11443, 'tcp', ['farsight-tls-cert-hostname-mismatch']],
  ['tls-certificate', 13, 12443, 'tcp', ['farsight-tls-cert-not-yet-valid']],
  ['tls-certificate', 12, 443, 'tcp', []],
  ['ssh-algorithms', 22, 22, 'tcp', ['farsight-ssh-weak-cipher', 'farsight-ssh-weak-hostkey', 'farsight-ssh-weak-kex', 'farsight-ssh-weak-mac']],
  ['ssh-algorithms', 20, 22, 'tcp', []],
  ['ssh-protocol-1', 22, 22, 'tcp', ['farsight-ssh-protocol-1']],
  ['ssh-protocol-1', 20, 22, 'tcp', []],
  ['ssh-password-auth', 20, 22, 'tcp', ['farsight-ssh-password-auth']],
  ['ssh-password-auth', 21, 22, 'tcp', []],
  ['http-trace', 30, 80, 'tcp', ['farsight-http-trace-enabled']],
  ['http-trace', 31, 80, 'tcp', []],
  ['http-directory-listing', 30, 8080, 'tcp', ['farsight-http-directory-listing']],
  ['http-directory-listing', 31, 80, 'tcp', []],
  ['http-default-page', 30, 80, 'tcp', ['farsight-http-default-page']],
  ['http-default-page', 31, 80, 'tcp', []],
  ['http-security-headers', 30, 80, 'tcp', ['farsight-http-missing-security-headers']],
  ['http-security-headers', 31, 80, 'tcp', []],
  ['http-server-version', 30, 80, 'tcp', ['farsight-http-server-version-disclosure']],
  ['http-server-version', 31, 80, 'tcp', []],
  ['elasticsearch-unauth', 32, 9200, 'tcp', ['farsight-elasticsearch-unauthenticated']],
  ['elasticsearch-unauth', 33, 9200, 'tcp', []],
  ['ftp-anonymous', 40, 21, 'tcp', ['farsight-ftp-anonymous-login']],
  ['ftp-anonymous', 41, 21, 'tcp', ['farsight-ftp-anonymous-login']],
  ['ftp-anonymous', 42, 21, 'tcp', []],
  ['ftp-anonymous-writable', 40, 21, 'tcp', ['farsight-ftp-anonymous-writable']],
  ['ftp-anonymous-writable', 41, 21, 'tcp', []],
  ['ftp-anonymous-writable', 42, 21, 'tcp', []],
  ['smtp-open-relay', 50, 25, 'tcp', ['farsight-smtp-open-relay']],
  ['smtp-open-relay', 52, 25, 'tcp', []],
  ['smtp-vrfy-expn', 51, 25, 'tcp', ['farsight-smtp-expn-enabled', 'farsight-smtp-vrfy-enabled']],
  ['smtp-vrfy-expn', 52, 25, 'tcp', []],
  ['redis-unauth', 60, 6379, 'tcp', ['farsight-redis-unauthenticated']],
  ['redis-unauth', 61, 6379, 'tcp', []],
  ['memcached-unauth', 60, 11211, 'tcp', ['farsight-memcached-unauthenticated']],
  ['memcached-unauth', 61, 11211, 'tcp', []],
  ['mongodb-unauth', 60, 27017, 'tcp', ['farsight-mongodb-unauthenticated']],
  ['mongodb-unauth', 61, 27017, 'tcp', []],
  ['telnet-enabled', 70, 23, 'tcp', ['farsight-telnet-enabled']],
  ['telnet-enabled', 60, 6379, 'tcp', []],
  ['snmp-default-community', 80, 161, 'udp', ['farsight-snmp-default-community[private]', 'farsight-snmp-default-community[public]']],
];

test('every check: positive on the weak host, negative on its twin', async () => {
  const covered = new Set(CASES.map(([id]) => id));
  assert.deepEqual(BUILTIN_CHECKS.map((c) => c.meta.id).filter((id) => !covered.has(id)), [], 'every built-in check has cases');
  const one = async ([id, n, port, proto, want]: (typeof CASES)[number]): Promise<{ label: string; got: string[]; want: string[]; errors: unknown[] }> => {
    const service = await detect(A(n), port, proto, hostname(A(n))[0]);
    const r = await runOne(byId(id), hostWith(A(n), hostname(A(n)), service));
    return { label: `${id} on ${A(n)}:${port}/${proto} (${service.name}${service.note ? `, ${service.note}` : ''})`, got: labels(r), want: [...want].sort(), errors: r.errors };
  };
  // Eight at a time: on a shared 2-core machine, 49 parallel detections starve each other.
  const results: Awaited<ReturnType<typeof one>>[] = [];
  for (let i = 0; i < CASES.length; i += 8) results.push(...await Promise.all(CASES.slice(i, i + 8).map(one)));
  for (const r of results) assert.deepEqual(r.got, r.want, `${r.label}; errors: ${JSON.stringify(r.errors)}`);
  const positives = results.filter((r) => r.want.length > 0);
  assert.ok(positives.every((r) => r.errors.length === 0), 'positive runs end without errors');
});

test('SNMP agent with only a site-specific community: no finding (no answer to public/private)', async () => {
  const forged: ServiceResult = { port: 161, protocol: 'udp', state: 'open', name: 'snmp', evidence: [] };
  const r = await runOne(byId('snmp-default-community'), hostWith(A(81), [], forged), 30_000);
  assert.deepEqual(labels(r), []);
  assert.ok(net.connections(A(81), 161) >= 4, 'both communities were tried over v2c and v1');
});

/** Forged services that make each networked check apply to a hostile port. */
function hostileTargets(c: ActiveCheck): ServiceResult[] {
  const s = (port: number, name: string, extra: Partial<ServiceResult> = {}): ServiceResult => ({ port, protocol: 'tcp', state: 'open', name, evidence: [], ...extra });
  const ssh = { identification: 'SSH-2.0-OpenSSH_9.6', protoVersion: '2.0', softwareVersion: 'OpenSSH_9.6', kexAlgorithms: ['x'], hostKeyAlgorithms: [], ciphers: [], macs: [], compression: [] };
  const candidates = [
    s(443, 'https', { tunnel: 'ssl' }), s(80, 'http'), s(9200, 'http', { product: 'Elasticsearch' }), s(21, 'ftp'), s(25, 'smtp'),
    s(6379, 'redis'), s(11211, 'memcached'), s(27017, 'mongodb'), s(22, 'ssh', { ssh }),
  ];
  return candidates.filter((x) => HOSTILE_PORTS.includes(x.port) && c.appliesTo(x, hostWith('127.0.0.1', [], x)));
}

test('hostile targets: drip, flood, garbage, silence and TLS stall yield no finding and end at the deadline', async () => {
  const hostileHosts = net.spec.hosts.filter((h) => h.hostile);
  assert.equal(hostileHosts.length, 5);
  // Checks that only judge detection's evidence do no I/O here; the rest talk to the hostile ports.
  const networked = BUILTIN_CHECKS.filter((c) => !['tls-certificate', 'ssh-algorithms', 'ssh-protocol-1', 'telnet-enabled', 'snmp-default-community'].includes(c.meta.id));
  const runs = networked.flatMap((c) => hostileTargets(c).flatMap((svc) => hostileHosts.map((h) => ({ c, svc, h }))));
  assert.ok(runs.length >= networked.length * 5, `${runs.length} hostile runs`);
  const results = await Promise.all(runs.map(async ({ c, svc, h }) => ({ label: `${c.meta.id} vs ${h.hostile ?? ''} ${h.address}:${svc.port}`, r: await runOne(c, hostWith(h.address, [], svc), 4000) })));
  for (const { label, r } of results) assert.deepEqual(labels(r), [], label);
  const ended = results.filter(({ r }) => r.errors.some((e) => /deadline/.test(e.message))).length;
  assert.ok(ended > 0, 'drip/silent runs were cut by their deadline');
});

test('TLS versions without detection evidence: the check asks TLS 1.0 and 1.1 with its own hellos', async () => {
  const bare = (port: number): ServiceResult => ({ port, protocol: 'tcp', state: 'open', name: 'https', tunnel: 'ssl', evidence: [] });
  const old = await runOne(byId('tls-protocol-versions'), hostWith(A(10), [], bare(443)));
  assert.deepEqual(labels(old), ['farsight-tls-sslv3-enabled', 'farsight-tls-tlsv1.0-enabled', 'farsight-tls-tlsv1.1-enabled'], JSON.stringify(old.errors));
  assert.match(old.findings.find((f) => f.id === 'farsight-tls-tlsv1.0-enabled')?.proof ?? '', /ServerHello answered/);
  const modern = await runOne(byId('tls-protocol-versions'), hostWith(A(12), [], bare(443)));
  assert.deepEqual(labels(modern), []);
});
