// scan.start credentials (protocol 1.2) on the engine: they reach the scanner as scoped SSH
// credentials, the host result carries the auth summary, and they are never written to the
// spool (file, WAL) nor any other engine file; a later scan without credentials gets none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FingerprintDb } from '@farsight/content';
import { createMessage, expiresIn, type Message } from '@farsight/engine-protocol';
import type { HostResult, ScanEvents, ScanOptions, ScanReport } from '@farsight/scanner';
import { EngineRunner } from './runner.ts';
import { Spool } from './spool.ts';

const CANARY = 'Canary-runner-5c1d-pw';
const TARGETS = ['127.13.250.1', '127.13.250.2'];

/** A runScan that records the credentials each host may get and reports a login on hosts a credential applies to. */
function fakeScanner(seen: Array<{ address: string; credentials: string[] }>) {
  return async (options: ScanOptions, events: ScanEvents): Promise<ScanReport> => {
    for (const address of options.targets) {
      const creds = (options.auth?.credentials ?? []).filter((c) => c.scope.has(address));
      seen.push({ address, credentials: creds.map((c) => c.name) });
      const host: HostResult = { address, hostnames: [], status: 'up', reason: 'fake', os: {}, findings: [], services: [] };
      const c = creds[0];
      if (c) {
        assert.equal(c.password?.reveal(), CANARY);
        host.auth = { outcome: 'success', credential: c.name, user: c.user, port: c.port, method: 'password', detail: 'logged in', durationMs: 12,
          inventory: { os: { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.3 LTS', source: '/etc/os-release' }, ecosystem: 'Ubuntu:22.04:LTS', packages: [{ name: 'curl', version: '1' }], sockets: [], notes: {} } };
      }
      events.onHostDone?.(host);
      await sleep(1);
    }
    return {} as ScanReport;
  };
}

function textOfDir(dir: string): string {
  return readdirSync(dir).map((n) => readFileSync(join(dir, n)).toString('latin1')).join('\n');
}

test('credentials reach the scanner scoped, come back as auth summaries, and never touch the disk', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-runner-cred-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const spool = new Spool(join(dir, 'spool.sqlite'));
  t.after(() => spool.close());
  const seen: Array<{ address: string; credentials: string[] }> = [];
  const out: Message[] = [];
  const runner = new EngineRunner({
    spool, fingerprints: () => Promise.resolve({} as FingerprintDb), runScan: fakeScanner(seen), batchHosts: 1, flushMs: 10, heartbeatMs: 60_000,
    knownHostsPath: join(dir, 'known_hosts'), send: (m) => out.push(m),
  });
  runner.connect();
  runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.2', window: 64 }));
  const credentials = [
    { id: 7, name: 'site credential 7 (lab)', service: 'ssh' as const, user: 'scanner', password: CANARY, hostRestriction: TARGETS[0] },
    { id: 8, name: 'shared credential 8 (nowhere)', service: 'ssh' as const, user: 'scanner', password: CANARY, hostRestriction: '127.13.251.0/24' },
  ];
  runner.handle(createMessage('scan.start', { scanId: '1', commandId: 'c1', expiresAt: expiresIn(60_000), targets: TARGETS, template: 'discovery', credentials }));
  await runner.idle();
  assert.deepEqual(seen, [{ address: TARGETS[0], credentials: ['site credential 7 (lab)'] }, { address: TARGETS[1], credentials: [] }]);
  const hosts = out.filter((m) => m.type === 'results.batch').flatMap((m) => m.hosts);
  const a = hosts.find((h) => h.address === TARGETS[0]);
  assert.deepEqual(a?.auth, {
    outcome: 'success', credentialId: 7, credential: 'site credential 7 (lab)', user: 'scanner', port: 22, method: 'password', detail: 'logged in', durationMs: 12,
    packages: 1, os: { id: 'ubuntu', versionId: '22.04', prettyName: 'Ubuntu 22.04.3 LTS' }, ecosystem: 'Ubuntu:22.04:LTS',
  });
  assert.equal(hosts.find((h) => h.address === TARGETS[1])?.auth, undefined);
  assert.equal(spool.getScan('1')?.spec.targets.length, 2);
  assert.equal((spool.getScan('1')?.spec as Record<string, unknown>).credentials, undefined, 'the spooled spec has no credentials');
  const logs = out.filter((m) => m.type === 'scan.log').map((m) => m.line).join('\n');
  assert.match(logs, /authenticated scanning: 2 SSH credential/);
  for (const m of out) assert.ok(!JSON.stringify(m).includes(CANARY), `${m.type} frame holds no secret`);
  assert.ok(!textOfDir(dir).includes(CANARY), 'no file of the engine holds the secret');

  // A second scan without credentials runs unauthenticated (nothing left over from the first).
  seen.length = 0;
  runner.handle(createMessage('scan.start', { scanId: '2', commandId: 'c2', expiresAt: expiresIn(60_000), targets: TARGETS, template: 'discovery' }));
  await runner.idle();
  assert.deepEqual(seen.map((s) => s.credentials), [[], []]);
});
