// Backpressure: a console that does not acknowledge makes the engine hold probing once a scan
// has holdFactor × window batches spooled but unacknowledged; when acknowledgements come, probing
// resumes. Every host is delivered exactly once: nothing is dropped while held.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FingerprintDb } from '@farsight/content';
import { createMessage, expiresIn, type Message } from '@farsight/engine-protocol';
import type { HostResult, ScanEvents, ScanOptions, ScanReport } from '@farsight/scanner';
import { EngineRunner } from './runner.ts';
import { Spool } from './spool.ts';

const TARGETS = Array.from({ length: 40 }, (_, i) => `127.9.70.${i + 1}`);

/** A scanner that honours beforeHost like runScan does, one host at a time. */
function scanner(probed: string[]) {
  return async (o: ScanOptions, events: ScanEvents): Promise<ScanReport> => {
    for (const address of o.targets) {
      if (o.signal?.aborted) break;
      await o.beforeHost?.(address);
      if (o.signal?.aborted) break;
      probed.push(address);
      const host: HostResult = { address, hostnames: [], status: 'up', reason: 'fake', os: {}, findings: [], services: [] };
      events.onHostDone?.(host);
      await sleep(1);
    }
    return {} as ScanReport;
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await sleep(5);
  assert.ok(cond(), `timed out waiting for ${what}`);
}

test('a console that does not acknowledge holds probing; acknowledgements resume it; nothing is lost or repeated', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-backpressure-'));
  const spool = new Spool(join(dir, 'spool.sqlite'));
  t.after(() => { spool.close(); rmSync(dir, { recursive: true, force: true }); });
  const out: Message[] = [];
  const probed: string[] = [];
  const runner = new EngineRunner({
    spool, fingerprints: () => Promise.resolve({} as FingerprintDb), runScan: scanner(probed), send: (m) => out.push(m),
    batchHosts: 1, flushMs: 1, heartbeatMs: 60_000, holdFactor: 4,
  });
  t.after(() => runner.disconnect());
  runner.connect();
  runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.1', window: 2 }));
  runner.handle(createMessage('scan.start', { scanId: '5', commandId: 'c-5', expiresAt: expiresIn(60_000), targets: TARGETS, template: 'discovery' }));

  // 2 × 4 = 8 batches (one host each) unacknowledged: probing holds there.
  await until(() => runner.holds > 0, 'probing to hold');
  await sleep(100);
  const held = probed.length;
  assert.ok(held >= 8 && held <= 9, `held after ${held} hosts`);
  await sleep(200);
  assert.equal(probed.length, held, 'no further probing while the console is behind');
  const batches = () => out.filter((m): m is Extract<Message, { type: 'results.batch' }> => m.type === 'results.batch');
  assert.equal(batches().length, 2, 'only the window is in flight');

  // A slow console catches up bit by bit: ack what was sent until the scan ends.
  for (let i = 0; i < 400 && !out.some((m) => m.type === 'scan.finished'); i++) {
    const last = batches().at(-1);
    if (last) runner.handle(createMessage('results.ack', { scanId: '5', upTo: last.seq }));
    await sleep(5);
  }
  assert.ok(out.some((m) => m.type === 'scan.finished'), 'the scan finished');
  const delivered = batches().flatMap((b) => b.hosts.map((h) => h.address));
  assert.deepEqual([...new Set(delivered)].sort(), [...TARGETS].sort(), 'every host delivered');
  assert.equal(new Set(probed).size, probed.length, 'no host probed twice');
  assert.ok(runner.holds >= 1, `probing held ${runner.holds} time(s)`);
  await runner.idle();
});
