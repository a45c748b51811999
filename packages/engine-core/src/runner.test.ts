import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FingerprintDb } from '@farsight/content';
import { createMessage, expiresIn, type Message, type MessageOf } from '@farsight/engine-protocol';
import type { HostResult, ScanEvents, ScanOptions, ScanReport } from '@farsight/scanner';
import { EngineRunner } from './runner.ts';
import { Spool } from './spool.ts';

const ADDRESSES = Array.from({ length: 20 }, (_, i) => `127.0.94.${i + 1}`);

/** A stand-in for runScan: every non-excluded target is "up" with port 22 (and 8081 on odd hosts) after a short delay. */
function fakeScanner(scanned: Map<string, number>, delayMs = 5) {
  return async (options: ScanOptions, events: ScanEvents): Promise<ScanReport> => {
    const excluded = new Set(options.exclude ?? []);
    for (const address of options.targets) {
      if (options.signal?.aborted) break;
      if (excluded.has(address)) { events.onWarning?.(`skipped ${address}: ${address} is excluded by '${address}'`); continue; }
      await sleep(delayMs);
      scanned.set(address, (scanned.get(address) ?? 0) + 1);
      const last = Number(address.split('.')[3]);
      const host: HostResult = {
        address, hostnames: [], status: 'up', reason: 'fake', os: {}, findings: [],
        services: [22, ...(last % 2 === 1 ? [8081] : [])].map((port) => ({ port, protocol: 'tcp' as const, state: 'open' as const, name: 'x', evidence: [] })),
      };
      events.onHostDone?.(host);
    }
    if (options.signal?.aborted) throw Object.assign(new Error('aborted'), { code: 'SCAN_ABORTED' });
    return {} as ScanReport;
  };
}

interface Rig { runner: EngineRunner; spool: Spool; out: Message[]; scanned: Map<string, number>; diags: string[] }

function rig(spool: Spool, scanned = new Map<string, number>(), opts: { delayMs?: number; batchHosts?: number; autoAck?: boolean } = {}): Rig {
  const out: Message[] = [];
  const diags: string[] = [];
  const r: Rig = { runner: undefined as unknown as EngineRunner, spool, out, scanned, diags };
  r.runner = new EngineRunner({
    spool, fingerprints: () => Promise.resolve({} as FingerprintDb), runScan: fakeScanner(scanned, opts.delayMs),
    batchHosts: opts.batchHosts ?? 3, flushMs: 10, heartbeatMs: 60_000,
    onDiagnostic: (m) => diags.push(m),
    send: (m) => {
      out.push(m);
      if (opts.autoAck && m.type === 'results.batch') queueMicrotask(() => r.runner.handle(createMessage('results.ack', { scanId: m.scanId, upTo: m.seq })));
    },
  });
  return r;
}

function handshake(r: Rig, window = 64): void {
  r.runner.connect();
  r.runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.0', window }));
}

const start = (scanId: string, commandId = `start-${scanId}`, extra: Partial<MessageOf<'scan.start'>> = {}) =>
  createMessage('scan.start', { scanId, commandId, expiresAt: expiresIn(60_000), targets: ADDRESSES, template: 'discovery', ...extra });
const cmd = (type: 'scan.pause' | 'scan.resume' | 'scan.stop', scanId: string, commandId: string) =>
  createMessage(type, { scanId, commandId, expiresAt: expiresIn(60_000) });

const of = <T extends Message['type']>(out: Message[], type: T) => out.filter((m): m is Extract<Message, { type: T }> => m.type === type);
const hostsOf = (out: Message[]) => of(out, 'results.batch').flatMap((b) => b.hosts.map((h) => h.address));

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await sleep(10);
  assert.ok(cond(), `timed out waiting for ${what}`);
}

test('hello first; nothing but hello until hello-ack; then a heartbeat', () => {
  const r = rig(new Spool(':memory:'));
  r.runner.connect();
  r.runner.handle(start('1'));
  assert.deepEqual(r.out.map((m) => m.type), ['hello']);
  assert.match(r.diags[0] ?? '', /before hello-ack/);
  r.runner.handle(createMessage('hello-ack', { result: 'ok', protocolVersion: '1.0', window: 4 }));
  assert.equal(r.out[1]?.type, 'heartbeat');
});

test('incompatible hello-ack ends the session', () => {
  let why = '';
  const spool = new Spool(':memory:');
  const runner = new EngineRunner({ spool, send: () => undefined, fingerprints: () => Promise.resolve({} as FingerprintDb), onIncompatible: (m) => { why = m; } });
  runner.connect();
  runner.handle(createMessage('hello-ack', { result: 'incompatible', protocolVersion: '2.0', window: 1, message: 'upgrade' }));
  assert.equal(why, 'upgrade');
  assert.equal(runner.connected, false);
});

test('a scan streams contiguous batches from seq 1, each host once, then scan.finished with lastSeq', async () => {
  const r = rig(new Spool(':memory:'), undefined, { autoAck: true });
  handshake(r);
  r.runner.handle(start('7', 'c1', { testCheck: { checkId: 'farsight-test-open-port', port: 8081, protocol: 'tcp', severity: 'medium' } }));
  await until(() => of(r.out, 'scan.finished').length === 1, 'scan.finished');
  const seqs = of(r.out, 'results.batch').map((b) => b.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  assert.deepEqual(hostsOf(r.out).sort(), [...ADDRESSES].sort());
  const fin = of(r.out, 'scan.finished')[0];
  assert.equal(fin?.lastSeq, seqs.length);
  assert.equal(fin?.hostsDone, ADDRESSES.length);
  const accepted = of(r.out, 'scan.accepted')[0];
  assert.deepEqual([accepted?.commandId, accepted?.resumed, accepted?.hostsTotal], ['c1', false, 20]);
  const findings = of(r.out, 'results.batch').flatMap((b) => b.hosts.flatMap((h) => h.findings));
  assert.equal(findings.length, 10, 'one test-check finding per odd host (port 8081)');
  assert.ok(findings.every((f) => f.checkId === 'farsight-test-open-port' && f.port === 8081));
  assert.ok(of(r.out, 'scan.log').length > 0);
  assert.ok(of(r.out, 'scan.progress').length > 0);
  await r.runner.idle();
  assert.equal(r.spool.unacked('7').length, 0, 'acked batches are deleted');
});

test('the window bounds unacknowledged batches; acks release more; finished comes after the last batch', async () => {
  const r = rig(new Spool(':memory:'), undefined, { delayMs: 1 });
  handshake(r, 2);
  r.runner.handle(start('8'));
  await r.runner.idle();
  assert.deepEqual(of(r.out, 'results.batch').map((b) => b.seq), [1, 2]);
  assert.equal(of(r.out, 'scan.finished').length, 0);
  r.runner.handle(createMessage('results.ack', { scanId: '8', upTo: 1 }));
  assert.deepEqual(of(r.out, 'results.batch').map((b) => b.seq), [1, 2, 3]);
  for (let upTo = 2; upTo <= 7; upTo++) r.runner.handle(createMessage('results.ack', { scanId: '8', upTo }));
  assert.deepEqual(of(r.out, 'results.batch').map((b) => b.seq), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(of(r.out, 'scan.finished')[0]?.lastSeq, 7);
  // An ack beyond anything sent does not swallow batches that do not exist yet.
  r.runner.handle(createMessage('results.ack', { scanId: '8', upTo: 1000 }));
  assert.equal(r.spool.getScan('8')?.ackedSeq, 7);
});

test('commands run at most once; expired commands are rejected', async () => {
  const r = rig(new Spool(':memory:'), undefined, { autoAck: true });
  handshake(r);
  r.runner.handle(start('9', 'same'));
  r.runner.handle(start('9', 'same'));
  r.runner.handle(createMessage('scan.stop', { scanId: '9', commandId: 'late', expiresAt: new Date(Date.now() - 1000).toISOString() }));
  await r.runner.idle();
  assert.equal(of(r.out, 'scan.accepted').length, 1);
  const rej = of(r.out, 'command.rejected');
  assert.deepEqual(rej.map((m) => [m.commandId, m.code]), [['late', 'expired']]);
  assert.ok(r.diags.some((d) => d.includes('already executed')));
  assert.equal(of(r.out, 'scan.finished').length, 1);
});

test('pause, resume and stop; every host reported exactly once across the pause', async () => {
  const r = rig(new Spool(':memory:'), undefined, { autoAck: true, delayMs: 15 });
  handshake(r);
  r.runner.handle(start('10'));
  await until(() => hostsOf(r.out).length >= 3, 'a few hosts');
  r.runner.handle(cmd('scan.pause', '10', 'p1'));
  await r.runner.idle();
  assert.equal(of(r.out, 'scan.state').at(-1)?.state, 'paused');
  assert.equal(r.spool.getScan('10')?.state, 'paused');
  const before = hostsOf(r.out).length;
  assert.ok(before < ADDRESSES.length);
  r.runner.handle(cmd('scan.resume', '10', 'r1'));
  assert.equal(of(r.out, 'scan.state').at(-1)?.state, 'running');
  await until(() => of(r.out, 'scan.finished').length === 1, 'finish after resume');
  assert.deepEqual(hostsOf(r.out).sort(), [...ADDRESSES].sort(), 'no host lost or repeated');
  assert.ok([...r.scanned.values()].every((n) => n === 1), 'no host scanned twice');
  r.runner.handle(cmd('scan.resume', '10', 'r2'));
  assert.equal(of(r.out, 'command.rejected').at(-1)?.code, 'invalid-state');

  r.runner.handle(start('11'));
  await until(() => hostsOf(r.out).length >= ADDRESSES.length + 2, 'scan 11 running');
  r.runner.handle(cmd('scan.stop', '11', 's1'));
  await r.runner.idle();
  const stopped = of(r.out, 'scan.state').filter((m) => m.scanId === '11');
  assert.deepEqual(stopped.map((m) => [m.state, m.commandId]), [['stopped', 's1']]);
  r.runner.handle(cmd('scan.resume', '11', 'r3'));
  assert.equal(of(r.out, 'command.rejected').at(-1)?.code, 'invalid-state');
  r.runner.handle(cmd('scan.pause', 'nope', 'p9'));
  assert.equal(of(r.out, 'command.rejected').at(-1)?.code, 'unknown-scan');
});

test('after an engine crash the scan resumes: unacked batches resent, done hosts skipped, seq continues', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-spool-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const scanned = new Map<string, number>();
  const a = rig(new Spool(join(dir, 'spool.sqlite')), scanned, { delayMs: 15 });
  handshake(a);
  a.runner.handle(start('12', 'first'));
  await until(() => of(a.out, 'results.batch').length >= 3, 'three batches');
  // Only the first batch is acknowledged before the "crash".
  a.runner.handle(createMessage('results.ack', { scanId: '12', upTo: 1 }));
  await a.runner.shutdown();
  a.spool.close();
  const sentBefore = of(a.out, 'results.batch');
  const spooled = Math.max(...sentBefore.map((b) => b.seq));

  const b = rig(new Spool(join(dir, 'spool.sqlite')), scanned, { autoAck: true, delayMs: 1 });
  handshake(b);
  const resent = of(b.out, 'results.batch').map((m) => m.seq);
  assert.equal(resent[0], 2, 'resending starts after the acknowledged batch');
  b.runner.handle(start('12', 'second'));
  assert.equal(of(b.out, 'scan.accepted')[0]?.resumed, true);
  await until(() => of(b.out, 'scan.finished').length === 1, 'resumed scan finishes');
  const all = [...sentBefore.filter((m) => m.seq === 1), ...of(b.out, 'results.batch')];
  const seqs = [...new Set(all.map((m) => m.seq))].sort((x, y) => x - y);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq is contiguous across the crash');
  assert.ok(seqs.length > spooled);
  const hosts = all.filter((m, i) => all.findIndex((x) => x.seq === m.seq) === i).flatMap((m) => m.hosts.map((h) => h.address));
  assert.deepEqual(hosts.sort(), [...ADDRESSES].sort(), 'every host exactly once');
  // A scan.start for the finished scan answers with its end again, it does not re-run it.
  const count = scanned.size;
  b.runner.handle(start('12', 'third'));
  assert.equal(of(b.out, 'scan.finished').length, 2);
  assert.equal(scanned.size, count);
  await b.runner.idle();
  b.spool.close();
});

test('hostile frames are dropped with a diagnostic and change nothing', () => {
  const r = rig(new Spool(':memory:'));
  handshake(r);
  const n = r.out.length;
  for (const f of [null, 42, 'x', { type: 'results.ack' }, { v: '1.0', id: 'a', type: 'results.batch', ts: new Date().toISOString() }, { v: '9.0', id: 'a', type: 'results.ack', ts: new Date().toISOString(), scanId: '1', upTo: 1 }]) r.runner.handle(f);
  assert.equal(r.out.length, n);
  assert.equal(r.diags.length, 6);
});

test('resumed while the pause is still taking effect: it runs on; a stop during a pause wins', async () => {
  const r = rig(new Spool(':memory:'), undefined, { autoAck: true, delayMs: 15 });
  handshake(r);
  r.runner.handle(start('20'));
  await until(() => hostsOf(r.out).length >= 2, 'a few hosts');
  r.runner.handle(cmd('scan.pause', '20', 'p20'));
  r.runner.handle(start('20', 'again-20'));
  await until(() => of(r.out, 'scan.finished').some((m) => m.scanId === '20'), 'scan 20 finishes');
  assert.deepEqual(hostsOf(r.out).sort(), [...ADDRESSES].sort());
  assert.ok([...r.scanned.values()].every((n) => n === 1));
  assert.equal(of(r.out, 'scan.state').filter((m) => m.scanId === '20' && m.state === 'paused').length, 0, 'never reported paused');

  r.runner.handle(start('21'));
  await until(() => of(r.out, 'results.batch').some((m) => m.scanId === '21'), 'scan 21 running');
  r.runner.handle(cmd('scan.pause', '21', 'p21'));
  r.runner.handle(cmd('scan.stop', '21', 's21'));
  await r.runner.idle();
  assert.equal(r.spool.getScan('21')?.state, 'stopped');
  assert.deepEqual(of(r.out, 'scan.state').filter((m) => m.scanId === '21').map((m) => m.state), ['stopped']);
});
