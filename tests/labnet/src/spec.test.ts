// Description validation (every problem named by its path), loading, and the built-in networks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isFarsightError } from '@farsight/common';
import { BUILTIN_NETWORKS, CATALOG, CERT_KINDS, HOSTILE_KINDS, computeGroundTruth, loadSpec, parseSpec, relocateSpec, validateSpec } from './index.ts';
import { loopbackProblem } from './address.ts';

function problem(doc: unknown): string {
  try {
    validateSpec(doc);
  } catch (e) {
    assert.ok(isFarsightError(e, 'LABNET_SPEC_INVALID'), String(e));
    return e.message;
  }
  assert.fail('expected LABNET_SPEC_INVALID');
}

const svc = (port: unknown, profile = 'nginx-1.18.0', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ port, profile, ...extra });
const hosts = (...services: unknown[]): unknown => ({ name: 't', hosts: [{ address: '127.0.9.1' }, { address: '127.0.9.2' }, { address: '127.0.9.3' }, { address: '127.0.9.4', services }] });

test('invalid descriptions are rejected with the path and what is wrong', () => {
  const cases: [unknown, RegExp][] = [
    [hosts(svc(80), svc(70000)), /hosts\[3\]\.services\[1\]\.port: 70000 is not 1-65535/],
    [hosts(svc('80')), /services\[0\]\.port: "80" is not 1-65535/],
    [hosts(svc(80, 'nginx-9.9')), /services\[0\]\.profile: unknown profile "nginx-9\.9"/],
    [hosts(svc(80), svc(80, 'iis-10.0')), /services\[1\]\.port: 80\/tcp is already used by services\[0\]/],
    [hosts(svc(53, 'bind-9.18.24-debian', { tls: {} })), /cannot be wrapped in TLS/],
    [hosts(svc(443, 'nginx-1.18.0', { tls: { cert: 'bogus' } })), /tls\.cert: "bogus" is not one of valid, expired/],
    [hosts(svc(443, 'nginx-1.18.0', { tls: { versions: ['TLSv1', 'TLSv1.3'] } })), /not a contiguous range/],
    [hosts(svc(22, 'openssh-7.4-rhel7', { type: 'http' })), /type: "http" does not fit profile openssh-7\.4-rhel7 \(use ssh\)/],
    [hosts(svc(80, 'nginx-1.18.0', { type: 'http', tls: {} })), /type http is plaintext; use type https/],
    [hosts(svc(80, 'nginx-1.18.0', { colour: 'red' })), /unknown field "colour"/],
    [{ name: 't', hosts: [{ address: '10.0.0.5' }] }, /hosts\[0\]\.address: 10\.0\.0\.5 is outside 127\.0\.0\.0\/8/],
    [{ name: 't', hosts: [{ address: '127.0.0.1' }] }, /127\.0\.0\.1 is in 127\.0\.0\.0\/24, reserved/],
    [{ name: 't', hosts: [{ address: 'fe80::1' }] }, /not a dotted-quad IPv4 address or ::1/],
    [{ name: 't', hosts: [{ address: '127.0.9.1' }, { address: '127.0.9.1' }] }, /hosts\[1\]\.address: 127\.0\.9\.1 is already hosts\[0\]/],
    [{ name: 't', hosts: [{ address: '127.0.9.1', hostile: 'drip' }] }, /hosts\[0\]\.ports: a hostile host needs a non-empty list of ports/],
    [{ name: 't', hosts: [{ address: '127.0.9.1', hostile: 'loud', ports: [1] }] }, /hostile: "loud" is not one of drip, flood, garbage, silent, tls-stall/],
    [{ name: 't', hosts: [{ address: '127.0.9.1', ports: [1] }] }, /`ports` is only for hostile hosts/],
    [{ name: 't', hosts: [{ address: '127.0.9.1', os: { vendor: 'Ubuntu', product: 'Linux', version: 22.04 } }] }, /os\.version: 22\.04 is not a string/],
    [{ name: 't', ttlSeconds: 0, hosts: [] }, /ttlSeconds: 0 is not an integer 1-86400/],
    [{ name: 'bad name!', hosts: [] }, /name: "bad name!" is not a name/],
    [{ name: 't' }, /hosts: is required/],
    [[], /the document is not an object/],
  ];
  for (const [doc, re] of cases) assert.match(problem(doc), re);
});

test('all problems are reported at once', () => {
  const msg = problem(hosts(svc(0), svc(70000), svc(80, 'nope')));
  assert.match(msg, /services\[0\]\.port[\s\S]*services\[1\]\.port[\s\S]*services\[2\]\.profile/);
});

test('addresses: only 127/8 outside 127.0.0.0/24, and ::1', () => {
  for (const ok of ['127.0.1.1', '127.0.2.254', '127.1.0.0', '127.255.255.254', '::1']) assert.equal(loopbackProblem(ok), null, ok);
  for (const bad of ['127.0.0.1', '127.0.0.53', '128.0.0.1', '0.0.0.0', '127.0.1', '127.0.1.256', '127.0.01.1', '::', '::ffff:127.0.1.1', 'localhost']) {
    assert.notEqual(loopbackProblem(bad), null, bad);
  }
});

test('YAML and JSON files load; https implies TLS with defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labnet-spec-'));
  const yaml = join(dir, 'n.yaml');
  writeFileSync(yaml, [
    'name: standard', 'ttlSeconds: 600', 'hosts:', '  - address: 127.0.1.10', '    hostnames: [web1.lab]',
    '    os: { vendor: Ubuntu, product: Linux, version: "22.04" }', '    services:',
    '      - { port: 22, type: ssh, profile: openssh-8.9p1-ubuntu-3ubuntu0.10 }', '      - { port: 80, type: http, profile: apache-2.4.52-ubuntu }',
    '      - { port: 443, type: https, profile: nginx-1.18.0, tls: { cert: expired, versions: [TLSv1.2, TLSv1.3] } }',
    '      - { port: 8443, type: https, profile: nginx-1.18.0 }',
    '  - address: 127.0.1.200', '    hostile: drip', '    ports: [80, 22]', '',
  ].join('\n'));
  const spec = loadSpec(yaml);
  const truth = computeGroundTruth(spec);
  const web = truth.hosts[0];
  assert.equal(web?.services.find((s) => s.port === 443)?.tls?.cert, 'expired');
  assert.deepEqual(web?.services.find((s) => s.port === 8443)?.tls, { cert: 'valid', versions: ['TLSv1.2', 'TLSv1.3'] });
  assert.equal(web?.services.find((s) => s.port === 8443)?.name, 'https');
  const json = join(dir, 'n.json');
  writeFileSync(json, JSON.stringify(spec));
  assert.deepEqual(loadSpec(json), spec);
  assert.throws(() => parseSpec('name: [unclosed', 'x.yaml'), (e: unknown) => isFarsightError(e, 'LABNET_SPEC_INVALID') && /x\.yaml: not valid YAML/.test(e.message));
  assert.throws(() => loadSpec(join(dir, 'missing.yaml')), /neither a built-in network \(demo, standard, bench-24, bench-allports[^)]*\) nor a readable file/);
});

test('ground truth: weaknesses from profile and TLS, absent fields for what is not revealed', () => {
  const truth = computeGroundTruth(validateSpec({ name: 't', hosts: [{ address: '127.0.9.1', services: [
    { port: 443, profile: 'apache-2.4.6-centos', tls: { cert: 'sha1', versions: ['TLSv1', 'TLSv1.1', 'TLSv1.2'] } },
    { port: 5432, profile: 'postgresql-md5' }, { port: 161, profile: 'net-snmp-linux' },
  ] }] }));
  const [https, pg, snmp] = truth.hosts[0]?.services ?? [];
  assert.equal(https?.name, 'https');
  assert.deepEqual(https?.weaknesses, ['http-trace-enabled', 'http-missing-security-headers', 'http-default-page', 'http-server-version-disclosure', 'tls-cert-sha1', 'tls-protocol-tlsv1.0', 'tls-protocol-tlsv1.1']);
  assert.equal(pg?.product, 'PostgreSQL');
  assert.equal('version' in (pg ?? {}), false);
  assert.equal(snmp?.protocol, 'udp');
  assert.deepEqual(snmp?.weaknesses, ['snmp-default-community']);
  assert.deepEqual(JSON.parse(JSON.stringify(truth)), truth, 'JSON-serialisable');
});

test('built-in networks validate; standard covers every profile, cert kind and hostile kind', () => {
  for (const n of BUILTIN_NETWORKS) assert.equal(validateSpec(n.build()).name, n.name);
  const std = loadSpec('standard');
  assert.ok(std.hosts.length >= 55, `standard has ${std.hosts.length} hosts`);
  assert.ok(std.hosts.every((h) => h.address.startsWith('127.0.2.')));
  // Issue 5's networks (vuln-versions, active-checks) carry profiles that exist only for their suites.
  const used = new Set(BUILTIN_NETWORKS.map((n) => n.build()).flatMap((n) => n.hosts).flatMap((h) => (h.services ?? []).map((s) => s.profile)));
  assert.deepEqual(CATALOG.map((p) => p.profile).filter((p) => !used.has(p)), [], 'profiles used by no built-in network');
  const kinds = new Set(std.hosts.flatMap((h) => (h.services ?? []).map((s) => s.tls?.cert)).filter(Boolean));
  assert.deepEqual([...CERT_KINDS].filter((k) => !kinds.has(k)), []);
  assert.deepEqual(HOSTILE_KINDS.filter((k) => !std.hosts.some((h) => h.hostile === k)), []);
  assert.ok(std.hosts.filter((h) => !h.hostile && (h.services ?? []).length === 0).length >= 2, 'hosts with every port closed');
  const truth = computeGroundTruth(std);
  assert.ok(truth.hosts.reduce((n, h) => n + h.services.length, 0) > 100);
  const wellKnown = new Set([21, 22, 23, 25, 53, 80, 110, 123, 143, 161, 443, 993, 995, 3306, 5432, 6379, 9200, 11211, 27017]);
  assert.ok(truth.hosts.some((h) => h.services.some((s) => s.name === 'ssh' && !wellKnown.has(s.port))), 'SSH on a non-standard port');
  assert.ok(truth.hosts.some((h) => h.services.some((s) => s.name === 'http' && !wellKnown.has(s.port))), 'HTTP on a non-standard port');
  const b24 = loadSpec('bench-24');
  assert.equal(b24.hosts.length, 254);
  assert.ok(b24.hosts.every((h) => (h.services ?? []).length >= 1 && (h.services ?? []).length <= 6));
  assert.deepEqual(loadSpec('bench-24'), b24, 'bench-24 is deterministic');
  const all = loadSpec('bench-allports');
  assert.deepEqual(all.hosts.map((h) => h.address), ['127.0.4.1']);
  assert.ok((all.hosts[0]?.services ?? []).some((s) => s.port > 60000));
  assert.ok(loadSpec('demo').hosts.length >= 10);
});

test('relocate moves a network to another /24 and refuses bad prefixes', () => {
  const moved = relocateSpec(loadSpec('standard'), '127.0.70');
  assert.ok(moved.hosts.every((h) => h.address.startsWith('127.0.70.')));
  assert.throws(() => relocateSpec(moved, '127.0.0'), /reserved/);
  assert.throws(() => relocateSpec(moved, '10.0.0'), /not a loopback \/24 prefix/);
});
