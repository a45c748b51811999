// The TLS checks over STARTTLS against the `starttls` labnet (127.6.4.x, this suite's block):
// weak TLS behind SMTP (587), IMAP, POP3, FTP and PostgreSQL upgrades is found exactly as the ground truth
// says, with proofs that name the upgrade and the port; good TLS yields nothing; upgrades that
// answer garbage, drip, stay silent or answer the ClientHello in plaintext yield no finding
// and end by the dialogue's own per-step bound, not by the check deadline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startLabnet, type Labnet } from '@farsight/labnet';
import { STARTTLS_PORTS } from '@farsight/labnet/networks/starttls';
import { BUILTIN_CHECKS } from '@farsight/scanner/checks/registry';
import { runChecks, type CheckRunResult } from '@farsight/scanner/checks/runner';
import { starttlsProtocolOf } from '@farsight/scanner/checks/active/starttls-dialogue';
import type { ServiceResult } from '@farsight/scanner/types';
import { detect, hostWith } from './harness.ts';
import { expectedFindings, minus } from './weakness-map.ts';

const A = (n: number): string => `127.6.4.${n}`;
const TLS_CHECKS = BUILTIN_CHECKS.filter((c) => ['tls-protocol-versions', 'tls-weak-ciphers', 'tls-certificate'].includes(c.meta.id));
const PROTO: Record<number, string> = { 587: 'smtp', 143: 'imap', 110: 'pop3', 21: 'ftp', 5432: 'postgresql' };
const CHECK_TIMEOUT_MS = 20_000;
let net: Labnet;
before(async () => { net = await startLabnet('starttls', { ttlSeconds: 600 }); });
after(async () => { await net.stop(); });

const names = (addr: string): string[] => net.spec.hosts.find((h) => h.address === addr)?.hostnames ?? [];

interface Run { address: string; service: ServiceResult; r: CheckRunResult }

/**
 * A PostgreSQL server that garbles or ignores its SSLRequest is not identified as PostgreSQL by
 * detection (which sends the same request): the service is forged as one that answered `S`.
 */
const forgedPg = (port: number): ServiceResult => ({ port, protocol: 'tcp', state: 'open', name: 'postgresql', params: { 'postgresql.ssl': 'supported' }, evidence: [] });

/** Detects each service like the scan does (or forges it), then runs the three TLS checks on it (four services at a time). */
async function scan(targets: [string, number][], forge: (address: string, port: number) => boolean = () => false): Promise<Run[]> {
  const one = async ([address, port]: [string, number]): Promise<Run> => {
    const service = forge(address, port) ? forgedPg(port) : await detect(address, port, 'tcp', names(address)[0]);
    const r = await runChecks(hostWith(address, names(address), service), {
      checks: TLS_CHECKS, assertInScope: () => undefined, timeoutMs: CHECK_TIMEOUT_MS, readTimeoutMs: 4000, connectTimeoutMs: 4000,
    });
    return { address, service, r };
  };
  const out: Run[] = [];
  for (let i = 0; i < targets.length; i += 4) out.push(...await Promise.all(targets.slice(i, i + 4).map(one)));
  return out;
}

const keys = (runs: Run[]): Set<string> => new Set(runs.flatMap(({ address, r }) => r.findings.map((f) => `${address} ${f.port ?? 0}/${f.protocol ?? 'tcp'} ${f.id}`)));

test('weak TLS behind STARTTLS is found as the ground truth says; good TLS gives nothing', async () => {
  const hosts = [10, 11, 12, 13, 14, 20].map(A);
  const targets = net.spec.hosts.filter((h) => hosts.includes(h.address)).flatMap((h) => (h.services ?? []).map((s): [string, number] => [h.address, s.port]));
  const runs = await scan(targets);
  for (const { address, service } of runs) {
    assert.equal(starttlsProtocolOf(service), PROTO[service.port], `${address}:${service.port} detected as ${service.name} with ${JSON.stringify(service.params)}`);
  }
  const truth = net.groundTruth();
  truth.hosts = truth.hosts.filter((h) => hosts.includes(h.address));
  const want = new Set([...expectedFindings(truth)].filter((k) => / farsight-tls-/.test(k)));
  const got = keys(runs);
  const errors = runs.flatMap(({ address, service, r }) => r.errors.map((e) => `${address}:${service.port} ${e.check}: ${e.message}`));
  assert.deepEqual(minus(want, got), [], `missed; errors: ${errors.join(' | ')}`);
  assert.deepEqual(minus(got, want), [], 'false positives');
  // Every protocol has a positive, and the good host (every protocol) has none.
  for (const n of [10, 11, 12, 13, 14]) assert.ok([...got].some((k) => k.startsWith(`${A(n)} `)), `a finding on ${A(n)}`);
  assert.ok(![...got].some((k) => k.startsWith(`${A(20)} `)), 'nothing on the good host');
  assert.ok(want.size >= 16, `${want.size} expected findings`);
  for (const { r } of runs) {
    for (const f of r.findings) assert.match(f.proof, new RegExp(`STARTTLS.* on port ${f.port ?? 0}$`), `${f.id} proof names the upgrade and port: ${f.proof}`);
  }
  assert.deepEqual(errors, [], 'positive and negative runs end without errors');
});

test('misbehaving upgrades (garbage, drip, silence, plaintext after the grant): no finding, ended by the step bound', async () => {
  const hostile = net.spec.hosts.filter((h) => /^starttls-/.test(h.hostnames?.[0] ?? ''));
  assert.equal(hostile.length, 4);
  const targets = hostile.flatMap((h) => STARTTLS_PORTS.map(([port]): [string, number] => [h.address, port]));
  const started = Date.now();
  const runs = await scan(targets, (address, port) => port === 5432 && /garbage|silent/.test(names(address)[0] ?? ''));
  for (const { address, service, r } of runs) {
    const kind = names(address)[0] ?? address;
    const label = `${kind}:${service.port}`;
    assert.equal(starttlsProtocolOf(service), PROTO[service.port], `${label}: detection saw the upgrade offered`);
    assert.deepEqual(r.findings.map((f) => f.id), [], label);
    const messages = r.errors.map((e) => `${e.check}: ${e.message}`);
    assert.ok(!messages.some((m) => /deadline of/.test(m)), `${label} ended before the check deadline: ${messages.join(' | ')}`);
    // PostgreSQL's grant is one byte: a dripping server has granted it (unless two bytes were
    // read at once, which refuses it) and drips where the ServerHello should be.
    if (kind === 'starttls-drip.lab' && service.port === 5432) {
      assert.ok(r.errors.some((e) => e.check === 'tls-certificate'), `${label}: ${messages.join(' | ')}`);
    } else if (kind === 'starttls-not-tls.lab') {
      // The upgrade is granted; the non-TLS answer to the ClientHello proves nothing and the certificate cannot be read.
      assert.deepEqual(r.errors.map((e) => e.check), ['tls-certificate'], `${label}: ${messages.join(' | ')}`);
    } else {
      assert.deepEqual(r.errors.map((e) => e.check).sort(), TLS_CHECKS.map((c) => c.meta.id).sort(), `${label}: every check reports the failed upgrade`);
      assert.ok(messages.every((m) => /STARTTLS/.test(m)), `${label}: ${messages.join(' | ')}`);
    }
  }
  const drip = runs.filter(({ address }) => names(address)[0] === 'starttls-drip.lab').flatMap(({ r }) => r.errors.map((e) => e.message));
  assert.ok(drip.every((m) => !/within/.test(m)), `dripped bytes arrived and were judged, not waited on forever: ${drip.join(' | ')}`);
  const silent = runs.filter(({ address }) => names(address)[0] === 'starttls-silent.lab').flatMap(({ r }) => r.errors.map((e) => e.message));
  assert.ok(silent.every((m) => /no answer to .* within 4000 ms/.test(m)), silent.join(' | '));
  // Not an assertion (the machine is shared): what the 16 hostile services cost in total.
  console.log(`# ${runs.length} misbehaving STARTTLS services × ${TLS_CHECKS.length} checks in ${Date.now() - started} ms`);
});
