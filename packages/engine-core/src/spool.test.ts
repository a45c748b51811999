import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fork } from 'node:child_process';
import type { HostResultMessage } from '@farsight/engine-protocol';
import { Spool, type ScanSpec } from './spool.ts';

const spec = (scanId: string): ScanSpec => ({ scanId, targets: ['127.0.94.0/24'], exclusions: [], template: 'discovery', nextSeq: 1 });
const host = (address: string): HostResultMessage => ({ address, hostnames: [], status: 'up', reason: 'x', os: {}, services: [], findings: [] });

test('batches get contiguous seqs, acks delete them, done hosts are remembered', () => {
  const s = new Spool(':memory:');
  s.createScan(spec('1'), 256);
  assert.equal(s.appendBatch('1', [host('127.0.94.1'), host('127.0.94.2')]), 1);
  assert.equal(s.appendBatch('1', [host('127.0.94.3')]), 2);
  assert.equal(s.appendBatch('1', [host('127.0.94.3')]), 3, 'a repeated host still gets a batch, but is counted once');
  assert.equal(s.getScan('1')?.hostsDone, 3);
  assert.deepEqual(s.unacked('1').map((b) => b.seq), [1, 2, 3]);
  assert.equal(s.ack('1', 2), 2);
  assert.deepEqual(s.unacked('1').map((b) => b.seq), [3]);
  assert.equal(s.ack('1', 1), 2, 'acks never go backwards');
  assert.deepEqual([...s.doneHosts('1')].sort(), ['127.0.94.1', '127.0.94.2', '127.0.94.3']);
  s.setState('1', 'finished');
  s.ack('1', 3);
  assert.equal(s.doneHosts('1').size, 0, 'an ended, fully acknowledged scan keeps only its tombstone');
  assert.equal(s.getScan('1')?.state, 'finished');
});

test('a scan started with nextSeq continues the console\'s numbering', () => {
  const s = new Spool(':memory:');
  s.createScan({ ...spec('2'), nextSeq: 41 }, 1);
  assert.equal(s.appendBatch('2', [host('127.0.94.9')]), 41);
  assert.equal(s.getScan('2')?.ackedSeq, 40);
});

test('command ids are claimed once', () => {
  const s = new Spool(':memory:');
  const exp = new Date(Date.now() + 60_000).toISOString();
  assert.equal(s.claimCommand('a', exp), true);
  assert.equal(s.claimCommand('a', exp), false);
  assert.equal(s.claimCommand('b', exp), true);
});

test('kill -9 right after appendBatch returns loses nothing that was reported', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-spool-kill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'spool.sqlite');
  const code = `
    import { Spool } from ${JSON.stringify(new URL('./spool.ts', import.meta.url).pathname)};
    const s = new Spool(${JSON.stringify(path)});
    s.createScan({ scanId: 'k', targets: ['127.0.94.0/24'], exclusions: [], template: 'discovery', nextSeq: 1 }, 256);
    for (let i = 1; ; i++) {
      const seq = s.appendBatch('k', [{ address: '127.0.94.' + ((i % 254) + 1), hostnames: [], status: 'up', reason: 'x', os: {}, services: [], findings: [] }]);
      process.send(seq);
      await new Promise((r) => setImmediate(r));
    }`;
  const child = fork('--input-type=module', [], { execArgv: ['--input-type=module', '-e', code], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let reported = 0;
  await new Promise<void>((resolve) => {
    child.on('message', (seq) => {
      reported = Number(seq);
      if (reported >= 50) { child.kill('SIGKILL'); resolve(); }
    });
  });
  await new Promise((r) => child.once('exit', r));
  const s = new Spool(path);
  t.after(() => s.close());
  const seqs = s.unacked('k').map((b) => b.seq);
  assert.ok(seqs.length >= reported, `${seqs.length} batches survived, ${reported} were reported`);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
});
