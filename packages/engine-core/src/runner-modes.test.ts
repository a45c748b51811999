// The runner's cloud-image scope and maintenance windows, with an injected clock: windows are
// published in hello and heartbeat; a 1.0 console (which does not know windows) gets scan.start
// refused as busy inside one; targets outside the allowed networks are refused at scan.start
// and never probed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FingerprintDb } from '@farsight/content';
import { createMessage, expiresIn, parseMaintenanceRule, type Message } from '@farsight/engine-protocol';
import type { ScanOptions, ScanReport } from '@farsight/scanner';
import { EngineRunner, type RunnerOptions } from './runner.ts';
import { Spool } from './spool.ts';

const RULE = parseMaintenanceRule('m1', 'FREQ=MONTHLY;BYDAY=1WE;START=10:00;DURATION=PT4H;TZID=America/New_York');

function rig(t: { after(fn: () => void): void }, extra: Partial<RunnerOptions>) {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-runner-modes-'));
  const spool = new Spool(join(dir, 'spool.sqlite'));
  t.after(() => { spool.close(); rmSync(dir, { recursive: true, force: true }); });
  const out: Message[] = [];
  const scanned: ScanOptions[] = [];
  const runner = new EngineRunner({
    spool, fingerprints: () => Promise.resolve({} as FingerprintDb), heartbeatMs: 60_000, send: (m) => out.push(m),
    runScan: (o) => { scanned.push(o); return Promise.resolve({} as ScanReport); },
    ...extra,
  });
  t.after(() => runner.disconnect());
  return { runner, out, scanned };
}

const start = (scanId: string, targets: string[]) => createMessage('scan.start', { scanId, commandId: `c-${scanId}`, expiresAt: expiresIn(60_000, new Date('2026-11-04T16:00:00Z')), targets, template: 'discovery' });

test('maintenance windows are published; a 1.0 console is refused inside one, a 1.1 console is not', (t) => {
  const now = new Date('2026-11-04T16:00:00Z'); // 11:00 in New York, inside
  for (const [version, refused] of [['1.0', true], ['1.1', false]] as const) {
    const r = rig(t, { maintenance: () => [RULE], now: () => now });
    r.runner.connect();
    const hello = r.out.find((m) => m.type === 'hello');
    assert.deepEqual(hello?.type === 'hello' ? hello.maintenance : undefined, [RULE]);
    r.runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: version, window: 8 }));
    const beat = r.out.find((m) => m.type === 'heartbeat');
    assert.deepEqual(beat?.type === 'heartbeat' ? beat.maintenance : undefined, [RULE]);
    r.runner.handle(start('7', ['127.9.20.1']));
    const rejected = r.out.find((m) => m.type === 'command.rejected');
    if (refused) {
      assert.equal(rejected?.type === 'command.rejected' ? rejected.code : undefined, 'busy', version);
      assert.match(rejected?.type === 'command.rejected' ? rejected.message : '', /maintenance window 'm1' until 2026-11-04T19:00:00.000Z/);
    } else {
      assert.equal(rejected, undefined, version);
      assert.ok(r.out.some((m) => m.type === 'scan.accepted'));
    }
  }
});

test('cloud scope: targets outside the allowed networks are refused; inside ones run with the scanner scope set', async (t) => {
  const r = rig(t, { allowedNetworks: ['127.9.20.0/24'], now: () => new Date('2026-11-04T16:00:00Z') });
  r.runner.connect();
  r.runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.1', window: 8 }));
  r.runner.handle(start('8', ['127.9.20.1', '127.9.21.1-127.9.21.2']));
  const rejected = r.out.find((m) => m.type === 'command.rejected');
  assert.equal(rejected?.type === 'command.rejected' ? rejected.code : undefined, 'invalid');
  assert.match(rejected?.type === 'command.rejected' ? rejected.message : '', /scans only inside 127\.9\.20\.0\/24; target\(s\) 127\.9\.21\.1, 127\.9\.21\.2 are outside/);
  assert.equal(r.scanned.length, 0, 'nothing probed');
  r.runner.handle(start('9', ['127.9.20.0/30', 'host.internal']));
  await r.runner.idle();
  assert.equal(r.scanned.length, 1);
  assert.deepEqual(r.scanned[0]?.allow, ['127.9.20.0/24'], 'names resolving outside are skipped by the scanner scope');
});
