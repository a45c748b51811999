import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFrame, parseMessage, type ProtocolErrorCode } from './parse.ts';
import { createMessage, expiresIn } from './build.ts';
import { LIMITS } from './limits.ts';
import { PROTOCOL_VERSION } from './version.ts';

const env = (type: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ v: PROTOCOL_VERSION, id: 'm-1', type, ts: '2025-01-01T00:00:00.000Z', ...extra });

const host = (address: string, ports: number[] = [22]): Record<string, unknown> => ({
  address, hostnames: [], status: 'up', reason: 'tcp-connect 22 open', os: {},
  services: ports.map((port) => ({ port, protocol: 'tcp', state: 'open', name: 'ssh', evidence: [] })),
  findings: [],
});

const command = { commandId: 'c-1', expiresAt: '2030-01-01T00:00:00Z' };

test('valid frames of every type parse to typed messages', () => {
  const frames: Array<Record<string, unknown>> = [
    env('hello', { protocolVersion: '1.0', engineName: 'Local scan engine', engineVersion: '0.1.0', contentVersion: 'builtin' }),
    env('hello-ack', { result: 'ok', protocolVersion: '1.0', window: 8 }),
    env('heartbeat', { engineVersion: '0.1.0', contentVersion: 'x', runningScans: [{ scanId: '7', state: 'running', hostsDone: 1, hostsTotal: 3 }], queueDepth: 0, clock: '2025-01-01T00:00:00.000Z' }),
    env('scan.start', { ...command, scanId: '7', targets: ['127.0.93.0/24'], template: 'full-audit' }),
    env('scan.pause', { ...command, scanId: '7' }),
    env('scan.resume', { ...command, scanId: '7' }),
    env('scan.stop', { ...command, scanId: '7' }),
    env('scan.accepted', { scanId: '7', commandId: 'c-1', hostsTotal: 3, hostsDone: 0, resumed: false }),
    env('scan.state', { scanId: '7', state: 'paused' }),
    env('command.rejected', { commandId: 'c-1', code: 'expired', message: 'too late' }),
    env('scan.progress', { scanId: '7', hostsDone: 1, hostsTotal: 3, hostsUp: 1, hosts: [{ address: '127.0.93.1', status: 'up', openPorts: 2 }] }),
    env('scan.log', { scanId: '7', level: 'info', line: 'started' }),
    env('results.batch', { scanId: '7', seq: 1, hosts: [host('127.0.93.1')] }),
    env('scan.finished', { scanId: '7', lastSeq: 1, hostsTotal: 3, hostsDone: 3, hostsUp: 1, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z' }),
    env('scan.failed', { scanId: '7', lastSeq: 0, code: 'INTERNAL', message: 'boom' }),
    env('results.ack', { scanId: '7', upTo: 1 }),
    env('flow.grant', { window: 16 }),
    env('results.resend', { scanId: '7', fromSeq: 2 }),
  ];
  for (const f of frames) {
    const r = parseMessage(f);
    assert.ok(r.ok, `${String(f.type)}: ${r.ok ? '' : r.error.message}`);
    assert.equal(r.message.type, f.type);
  }
});

test('defaults are filled in: scan.start exclusions and nextSeq, finding key parts', () => {
  const r = parseMessage(env('scan.start', { ...command, scanId: '7', targets: ['127.0.93.1'], template: 'discovery' }));
  assert.ok(r.ok && r.message.type === 'scan.start');
  assert.deepEqual(r.message.exclusions, []);
  assert.equal(r.message.nextSeq, 1);
  const b = parseMessage(env('results.batch', { scanId: '7', seq: 1, hosts: [{ ...host('127.0.93.1'), findings: [{ checkId: 'x.y' }] }] }));
  assert.ok(b.ok && b.message.type === 'results.batch');
  assert.deepEqual(b.message.hosts[0]?.findings[0], { checkId: 'x.y', port: 0, protocol: '', instance: '', severity: 'info' });
});

test('hostile and broken frames are refused with a code, never thrown', () => {
  const big = Array.from({ length: LIMITS.batchHosts + 1 }, (_, i) => host(`127.0.93.${i % 250 + 1}`));
  const table: Array<[string, unknown, ProtocolErrorCode]> = [
    ['null', null, 'malformed'],
    ['a string', 'hello', 'malformed'],
    ['an array', [1, 2], 'malformed'],
    ['no type', { v: '1.0', id: 'a', ts: '2025-01-01T00:00:00Z' }, 'malformed'],
    ['type is a number', env('hello', { type: 5 }), 'malformed'],
    ['bad timestamp', env('hello', { ts: 'yesterday' }), 'malformed'],
    ['id with spaces', env('heartbeat', { id: 'a b' }), 'malformed'],
    ['huge id', env('heartbeat', { id: 'x'.repeat(65) }), 'malformed'],
    ['other major', env('hello', { v: '2.0' }), 'incompatible'],
    ['no version', env('hello', { v: 'one' }), 'incompatible'],
    ['unknown type', env('scan.explode'), 'unknown-type'],
    ['prototype key as type', env('__proto__'), 'unknown-type'],
    ['toString as type', env('toString'), 'unknown-type'],
    ['hello without fields', env('hello'), 'invalid'],
    ['seq 0', env('results.batch', { scanId: '7', seq: 0, hosts: [host('127.0.93.1')] }), 'invalid'],
    ['seq negative', env('results.batch', { scanId: '7', seq: -1, hosts: [host('127.0.93.1')] }), 'invalid'],
    ['seq fractional', env('results.batch', { scanId: '7', seq: 1.5, hosts: [host('127.0.93.1')] }), 'invalid'],
    ['seq as string', env('results.batch', { scanId: '7', seq: '1', hosts: [host('127.0.93.1')] }), 'invalid'],
    ['empty batch', env('results.batch', { scanId: '7', seq: 1, hosts: [] }), 'invalid'],
    ['too many hosts', env('results.batch', { scanId: '7', seq: 1, hosts: big }), 'invalid'],
    ['address not an IP', env('results.batch', { scanId: '7', seq: 1, hosts: [host('evil.example')] }), 'invalid'],
    ['port 0 service', env('results.batch', { scanId: '7', seq: 1, hosts: [host('127.0.93.1', [0])] }), 'invalid'],
    ['port 70000', env('results.batch', { scanId: '7', seq: 1, hosts: [host('127.0.93.1', [70000])] }), 'invalid'],
    ['huge banner', env('results.batch', { scanId: '7', seq: 1, hosts: [{ ...host('127.0.93.1'), services: [{ port: 1, protocol: 'tcp', state: 'open', name: 'x', banner: 'A'.repeat(LIMITS.textChars + 1), evidence: [] }] }] }), 'invalid'],
    ['services not an array', env('results.batch', { scanId: '7', seq: 1, hosts: [{ ...host('127.0.93.1'), services: { length: 1e9 } }] }), 'invalid'],
    ['bad check id', env('results.batch', { scanId: '7', seq: 1, hosts: [{ ...host('127.0.93.1'), findings: [{ checkId: '<script>' }] }] }), 'invalid'],
    ['too many targets', env('scan.start', { ...command, scanId: '7', targets: Array(LIMITS.targets + 1).fill('127.0.0.1'), template: 'x' }), 'invalid'],
    ['command without expiry', env('scan.stop', { commandId: 'c', scanId: '7' }), 'invalid'],
    ['window too large', env('flow.grant', { window: LIMITS.window + 1 }), 'invalid'],
    ['ack upTo NaN', env('results.ack', { scanId: '7', upTo: Number.NaN }), 'invalid'],
    ['ack upTo Infinity', env('results.ack', { scanId: '7', upTo: Infinity }), 'invalid'],
    ['heartbeat clock garbage', env('heartbeat', { engineVersion: '1', contentVersion: '1', runningScans: [], queueDepth: 0, clock: 'now' }), 'invalid'],
  ];
  for (const [what, frame, code] of table) {
    const r = parseMessage(frame);
    assert.equal(r.ok, false, what);
    if (!r.ok) assert.equal(r.error.code, code, `${what}: ${r.error.message}`);
  }
});

test('direction is enforced: an engine cannot send commands, a console cannot send batches', () => {
  const fromEngine = parseMessage(env('scan.stop', { ...command, scanId: '7' }), { from: 'engine' });
  assert.ok(!fromEngine.ok && fromEngine.error.code === 'unexpected');
  const fromConsole = parseMessage(env('results.batch', { scanId: '7', seq: 1, hosts: [host('127.0.93.1')] }), { from: 'console' });
  assert.ok(!fromConsole.ok && fromConsole.error.code === 'unexpected');
  assert.ok(parseMessage(env('results.ack', { scanId: '7', upTo: 1 }), { from: 'console' }).ok);
});

test('unknown fields are dropped (a newer minor may add them), never kept', () => {
  const r = parseMessage({ ...env('results.ack', { scanId: '7', upTo: 3 }), v: '1.9', extra: 'x', __proto__: { polluted: true } });
  assert.ok(r.ok);
  assert.equal((r.message as unknown as Record<string, unknown>).extra, undefined);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('parseFrame refuses oversized and non-JSON frames before validating', () => {
  const tooBig = parseFrame('x'.repeat(LIMITS.frameBytes + 1));
  assert.ok(!tooBig.ok && tooBig.error.code === 'too-large');
  const bad = parseFrame('{"v":');
  assert.ok(!bad.ok && bad.error.code === 'malformed');
  const good = parseFrame(JSON.stringify(env('results.ack', { scanId: '7', upTo: 0 })));
  assert.ok(good.ok);
  const proto = parseFrame('{"v":"1.0","id":"a","type":"results.ack","ts":"2025-01-01T00:00:00Z","scanId":"7","upTo":1,"__proto__":{"x":1}}');
  assert.ok(proto.ok);
});

test('createMessage fills the envelope and refuses what a peer would refuse', () => {
  const m = createMessage('scan.stop', { scanId: '7', commandId: 'c-9', expiresAt: expiresIn(60_000) });
  assert.equal(m.type, 'scan.stop');
  assert.equal(m.v, PROTOCOL_VERSION);
  assert.ok(parseMessage(m).ok);
  assert.throws(() => createMessage('results.ack', { scanId: 'bad id', upTo: 1 }), { code: 'ENGINE_MESSAGE_INVALID' });
});

test('property: parseMessage never throws, whatever it is given', () => {
  fc.assert(fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
    const r = parseMessage(value);
    return r.ok === true || typeof r.error.code === 'string';
  }), { seed: 3, numRuns: 2000 });
});

test('property: mutated valid frames are refused or parse to their own type', () => {
  const base = env('results.batch', { scanId: '7', seq: 1, hosts: [host('127.0.93.1')] });
  const keys = [...Object.keys(base), 'hosts.0.address', 'hosts.0.services'];
  fc.assert(fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
    const frame = structuredClone(base);
    const [a, b, c] = key.split('.');
    if (b === undefined) frame[a as string] = value;
    else ((frame.hosts as Array<Record<string, unknown>>)[Number(b)] as Record<string, unknown>)[c as string] = value;
    const r = parseMessage(frame);
    return !r.ok || r.message.type === frame.type;
  }), { seed: 11, numRuns: 2000 });
});
