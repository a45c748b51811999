import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FingerprintDb } from '@farsight/content';
import { importFiles } from '@farsight/content/import/import-files';
import type { VulnPack } from '@farsight/content/vulns/index';
import { createMessage, expiresIn, type Message } from '@farsight/engine-protocol';
import type { HostResult, ScanEvents, ScanOptions, ScanReport } from '@farsight/scanner';
import { matchHostVulns } from '@farsight/scanner/checks/version-check';
import { EngineContent } from './engine-content.ts';
import { EngineRunner } from './runner.ts';
import { Spool } from './spool.ts';

// Addresses of this suite: 127.12.1.x (never dialled: the scanner is a stand-in).
const HOST = '127.12.1.1';
const NVD_SAMPLE = new URL('../../content/src/import/fixtures/nvdcve-2.0-sample.json', import.meta.url).pathname;

/** A stand-in scanner: one host with vsftpd 3.0.3, judged by the vulnPack the job passed (as runScan's version checks do). */
function scannerWithVersionChecks(seen: { pack?: VulnPack }) {
  return async (options: ScanOptions, events: ScanEvents): Promise<ScanReport> => {
    assert.ok(options.vulnPack, 'the job passes the engine content to runScan');
    const pack = await options.vulnPack;
    seen.pack = pack;
    const host: HostResult = {
      address: HOST, hostnames: [], status: 'up', reason: 'fake', os: {}, findings: [],
      services: [{ port: 21, protocol: 'tcp', state: 'open', name: 'ftp', product: 'vsftpd', vendor: 'vsftpd', version: '3.0.3', banner: '220 (vsFTPd 3.0.3)', evidence: [] }],
    };
    host.findings = matchHostVulns(host, pack).findings;
    events.onHostDone?.(host);
    return {} as ScanReport;
  };
}

test('engine content: builtin until an NVD import, then the imported definition drives findings; version in hello', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-engine-content-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const content = new EngineContent(join(dir, 'content'));
  assert.equal(await content.refreshVersion(), 'builtin');
  const first = await content.get();
  assert.equal(first.source, 'builtin');
  assert.equal(first.vulns.get('CVE-2099-0003'), undefined, 'not in the built-in pack');
  assert.equal(await content.get(), first, 'unchanged store: the same content, not re-loaded');

  const [imported] = await importFiles(content.dir, [NVD_SAMPLE]);
  assert.equal(imported?.error, undefined);
  const second = await content.get();
  assert.notEqual(second, first, 'an import changes the store stamp: content re-loaded');
  assert.ok(second.vulns.get('CVE-2099-0003'), 'imported CVE now in the engine content');

  const spool = new Spool(join(dir, 'spool.sqlite'));
  t.after(() => spool.close());
  const out: Message[] = [];
  const seen: { pack?: VulnPack } = {};
  const runner = new EngineRunner({
    spool, fingerprints: () => Promise.resolve({} as FingerprintDb), runScan: scannerWithVersionChecks(seen),
    content: () => content.get(), contentVersion: () => `${content.version}+test`, batchHosts: 1, flushMs: 10, heartbeatMs: 60_000,
    send: (m) => out.push(m),
  });
  runner.connect();
  const hello = out.find((m) => m.type === 'hello');
  assert.equal(hello?.type === 'hello' ? hello.contentVersion : undefined, 'builtin+test', 'hello names the content version');
  runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.0', window: 8 }));
  runner.handle(createMessage('scan.start', { scanId: '1', commandId: 'c1', expiresAt: expiresIn(60_000), targets: [HOST], template: 'discovery' }));
  const batches = (): Array<Extract<Message, { type: 'results.batch' }>> => out.filter((m): m is Extract<Message, { type: 'results.batch' }> => m.type === 'results.batch');
  for (let i = 0; i < 1000 && batches().length === 0; i++) await sleep(10);
  assert.equal(seen.pack, second.vulns, 'runScan got the active content definitions');
  const findings = batches().flatMap((b) => b.hosts.flatMap((h) => h.findings.map((f) => f.checkId)));
  assert.ok(findings.includes('CVE-2099-0003'), `imported definition produced a finding: ${findings.join(', ')}`);
  const log = out.filter((m) => m.type === 'scan.log').map((m) => (m.type === 'scan.log' ? m.line : ''));
  assert.ok(log.some((l) => /^content builtin \(builtin\): \d+ vulnerability definition\(s\), [1-9]\d* from NVD imports/.test(l)), log.join('\n'));
  await runner.idle();
  runner.disconnect();
});
