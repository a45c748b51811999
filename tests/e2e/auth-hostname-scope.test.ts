// Console credentials on hosts a scan reaches by host name (issue 6): the engine's scope (scan
// targets ∩ host restriction − exclusions) admits the address the scan's scope guard resolved a
// target name to — once, the address it dials — and still never an address outside the
// restriction or in the exclusions. In-process ssh2 hosts on 127.7.23.0/24 (this file's block);
// names resolve through a stub, never DNS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FingerprintDb } from '@farsight/content';
import { builtinAdvisories } from '@farsight/content/osv/index';
import { runScan } from '@farsight/scanner';
import type { HostResult } from '@farsight/scanner';
import { KnownHosts } from '@farsight/scanner/auth/index';
import { toSshCredentials } from '@farsight/engine-core/scan-auth';
import { startTestHost } from './auth-fixtures/ssh-test-host.ts';
import type { TestHost } from './auth-fixtures/ssh-test-host.ts';
import { UBUNTU } from './auth-fixtures/profiles.ts';
import { CANARY_PASSWORD } from './auth-fixtures/canary.ts';

const NAMES: Record<string, string> = { 'web1.farsight.test': '127.7.23.10', 'web2.farsight.test': '127.7.23.11', 'web3.farsight.test': '127.7.23.12' };
const resolve = (name: string): Promise<string[]> => Promise.resolve(NAMES[name] ? [NAMES[name]] : []);

test('hosts listed by name get the console credential when the resolved address is in scope, never otherwise', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-auth-names-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await startTestHost({ address: '127.7.23.10', user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands });
  const hosts: TestHost[] = [first];
  for (const address of ['127.7.23.11', '127.7.23.12']) hosts.push(await startTestHost({ address, port: first.port, user: 'scanner', password: CANARY_PASSWORD, commands: UBUNTU.commands }));
  t.after(async () => { for (const h of hosts) await h.close(); });
  const [web1, web2, web3] = hosts as [TestHost, TestHost, TestHost];
  const fingerprints = await FingerprintDb.builtin();
  const advisories = await builtinAdvisories();

  const scan = async (hostRestriction: string | undefined, exclusions: string[], kh: string): Promise<Map<string, HostResult>> => {
    const targets = Object.keys(NAMES);
    const cred = { id: 1, name: 'site credential 1 (lab)', service: 'ssh' as const, user: 'scanner', port: first.port, password: CANARY_PASSWORD, ...(hostRestriction ? { hostRestriction } : {}) };
    const { credentials, warnings } = await toSshCredentials([cred], { targets, exclusions });
    assert.deepEqual(warnings, []);
    const report = await runScan({
      targets, exclude: exclusions, resolve, template: 'discovery', ports: String(first.port), fingerprints,
      auth: { credentials, knownHosts: await KnownHosts.open(join(dir, kh)), advisories, connectTimeoutMs: 30_000 },
    });
    return new Map(report.hosts.map((h) => [h.address, h]));
  };

  // No restriction: every host the names resolved to logs in.
  const all = await scan(undefined, [], 'kh-all');
  for (const h of hosts) {
    const r = all.get(h.address);
    assert.deepEqual(r?.hostnames, [Object.keys(NAMES).find((n) => NAMES[n] === h.address)], h.address);
    assert.equal(r?.auth?.outcome, 'success', `${h.address}: ${r?.auth?.detail}`);
    assert.ok((r?.auth?.inventory?.packages.length ?? 0) > 0, h.address);
  }
  const attempts = hosts.map((h) => h.credentialAttempts);

  // A restriction to web1's address: web2 (in the targets by name) sees no credential; web3 is excluded.
  const restricted = await scan('127.7.23.10/32', ['127.7.23.12'], 'kh-restricted');
  assert.equal(restricted.get(web1.address)?.auth?.outcome, 'success');
  assert.equal(restricted.get(web2.address)?.auth, undefined, 'outside the restriction: no auth result');
  assert.equal(restricted.has(web3.address), false, 'the excluded address is not scanned');
  assert.deepEqual(hosts.map((h, i) => h.credentialAttempts - (attempts[i] ?? 0)), [1, 0, 0], 'credential-bearing attempts per host in the restricted scan');
});
