/**
 * Shared fixtures of the engine suites (pools, kill -9, chaos): a labnet of N small hosts on
 * the 127.9.x.y block (reserved for tests/engines; other suites do not use it), a fast
 * template over that network's ports, and the ground-truth oracle a finished scan must equal.
 */
import assert from 'node:assert/strict';
import type { Db } from '../../apps/console/src/db/index.ts';
import type { HostSpec, LabnetSpec } from '@farsight/labnet';
import type { ApiClient, Json } from '../console/scan-e2e-helpers.ts';

/** `count` hosts from `127.9.<firstOctet>.1` on: even ones run SSH on 22, odd ones a web server on 80. */
export function enginesNet(name: string, firstOctet: number, count: number): LabnetSpec {
  const hosts: HostSpec[] = [];
  for (let i = 0; i < count; i++) {
    const address = `127.9.${firstOctet + Math.floor(i / 250)}.${(i % 250) + 1}`;
    hosts.push({ address, services: i % 2 === 0 ? [{ port: 22, profile: 'openssh-8.9p1-ubuntu-3ubuntu0.10' }] : [{ port: 80, profile: 'nginx-1.18.0' }] });
  }
  return { name, ttlSeconds: 1800, hosts };
}

/** A template scanning only 22 and 80/tcp, no discovery, no UDP, no vulnerability checks: quick on loopback. */
export async function enginesTemplate(c: ApiClient, maxParallelHosts: number): Promise<string> {
  // Vulnerability checks off: the oracle is the test check's findings (one per open 22/tcp).
  const r = await c.request('POST', '/api/3/scan_templates', { body: { name: `engines ${Date.now()}-${Math.random()}`, copyOf: 'full-audit', checks: { categories: { enabled: [] } }, farsight: {
    tcpPorts: 'T:22,80', udpPorts: '', discovery: { enabled: false }, performance: { serviceTimeoutMs: 4000, maxParallelHosts },
  } } });
  assert.equal(r.status, 201, r.text);
  return r.body.id as string;
}

/** The test check every engine suite runs: a finding for every open 22/tcp. */
export const SSH_CHECK = { checkId: 'farsight-test-open-port', port: 22 } as const;

/**
 * Asserts a finished scan equals the network: every host reported exactly once (over every
 * chunk of a pool scan), one asset per host, one finding per SSH host and none elsewhere.
 */
export async function assertOracle(c: ApiClient & { db: Db }, net: { hosts: string[]; spec: LabnetSpec }, scanId: number, siteId: number): Promise<void> {
  const ids = [scanId, ...(await c.db.selectFrom('scans').select('id').where('parent_scan_id', '=', scanId).execute()).map((r) => r.id)];
  const reported = (await c.db.selectFrom('scan_hosts').select('address').where('scan_id', 'in', ids).execute()).map((r) => r.address);
  const dupes = reported.filter((a, i) => reported.indexOf(a) !== i);
  assert.deepEqual(dupes, [], 'no host reported twice');
  assert.deepEqual([...reported].sort(), [...net.hosts].sort(), 'every host reported (0 lost)');
  const assets = await c.db.selectFrom('assets').innerJoin('asset_sites', 'asset_sites.asset_id', 'assets.id').select(['assets.id', 'assets.ip']).where('asset_sites.site_id', '=', siteId).execute();
  assert.equal(assets.length, net.hosts.length, 'one asset per host');
  const findings = await c.db.selectFrom('findings').innerJoin('assets', 'assets.id', 'findings.asset_id').innerJoin('asset_sites', 'asset_sites.asset_id', 'assets.id')
    .select(['assets.ip as ip', 'findings.port as port', 'findings.status as status']).where('asset_sites.site_id', '=', siteId).execute();
  const ssh = new Set(net.spec.hosts.filter((h) => (h.services ?? []).some((s) => s.port === 22)).map((h) => h.address));
  const got = findings.filter((f) => f.status !== 'remediated').map((f) => `${f.ip}:${f.port}`).sort();
  assert.deepEqual(got, [...ssh].map((a) => `${a}:22`).sort(), 'one finding per SSH host, none elsewhere (0 lost, 0 duplicated)');
}

/** Polls until `cond` holds (bounded). */
export async function until(what: string, cond: () => Promise<boolean>, limitMs = 180_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out after ${limitMs} ms waiting for ${what}`);
}

export type { Json };
