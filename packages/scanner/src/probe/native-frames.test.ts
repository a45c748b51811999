// The native helper's wire format: encodings byte by byte, decoding across any chunking, and
// hostile input (garbage, truncation, impossible lengths and outcomes) as PROBE_HELPER_FAILED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FarsightError } from '@farsight/common';
import { FrameReader, NATIVE_MAGIC, NATIVE_VERSION, encodeBatch, encodeInit, ipv6Bytes, type HelperFrame } from './native-frames.ts';

function frame(type: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = type;
  h.writeUInt32LE(payload.length, 4);
  return Buffer.concat([h, payload]);
}
const ready = (): Buffer => {
  const p = Buffer.alloc(8);
  p.writeUInt32LE(NATIVE_MAGIC, 0);
  p.writeUInt32LE(NATIVE_VERSION, 4);
  return frame(0x81, p);
};
function result(id: number, outcomes: number[], rtt: number[], counters = [7, 1, 9]): Buffer {
  const p = Buffer.alloc(32 + 5 * outcomes.length);
  p.writeUInt32LE(id, 0);
  p.writeUInt32LE(outcomes.length, 4);
  counters.forEach((c, i) => p.writeDoubleLE(c, 8 + 8 * i));
  rtt.forEach((r, i) => p.writeUInt32LE(r, 32 + 4 * i));
  outcomes.forEach((o, i) => { p[32 + 4 * outcomes.length + i] = o; });
  return frame(0x82, p);
}
function malformed(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof FarsightError && e.code === 'PROBE_HELPER_FAILED' && pattern.test(e.message) && /--probe-backend js/.test(e.message));
}

test('INIT and BATCH are laid out as farsight-probe.c reads them', () => {
  const init = encodeInit({ inFlight: 500, tickMs: 25, maxDeferrals: 40, lowWater: 1024, rate: 250.5 });
  assert.equal(init.length, 40);
  assert.deepEqual([init[0], init.readUInt32LE(4)], [1, 32]);
  assert.deepEqual([8, 12, 16, 20, 24, 28].map((o) => init.readUInt32LE(o)), [NATIVE_MAGIC, NATIVE_VERSION, 500, 25, 40, 1024]);
  assert.equal(init.readDoubleLE(32), 250.5);

  const b = encodeBatch(42, '127.42.0.9', Int32Array.from([1, 80, 65535]), 1500);
  assert.deepEqual([b[0], b.readUInt32LE(4), b.readUInt32LE(8), b[12]], [2, 32 + 6, 42, 4]);
  assert.deepEqual([...b.subarray(16, 20)], [127, 42, 0, 9]);
  assert.deepEqual([b.readUInt32LE(32), b.readUInt32LE(36)], [1500, 3]);
  assert.deepEqual([b.readUInt16LE(40), b.readUInt16LE(42), b.readUInt16LE(44)], [1, 80, 65535]);
  const v6 = encodeBatch(1, '::1', Int32Array.from([22]), 100);
  assert.equal(v6[12], 6);
  assert.deepEqual([...v6.subarray(16, 32)], [...new Array<number>(15).fill(0), 1]);
});

test('IPv6 literals become their 16 bytes', () => {
  const table: [string, string][] = [
    ['::1', '00000000000000000000000000000001'],
    ['::', '00000000000000000000000000000000'],
    ['fe80::1:2', 'fe800000000000000000000000010002'],
    ['2001:db8:0:0:1:0:0:1', '20010db8000000000001000000000001'],
    ['1::', '00010000000000000000000000000000'],
    ['::ffff:127.0.0.1', '00000000000000000000ffff7f000001'],
  ];
  for (const [text, hex] of table) assert.equal(ipv6Bytes(text).toString('hex'), hex, text);
});

test('frames decode the same whatever the chunking', () => {
  const stream = Buffer.concat([ready(), result(5, [1, 2, 3, 4, 5], [10, 20, 0, 0, 0]), frame(0x83, Buffer.alloc(24)), result(6, [], [])]);
  const expect = (frames: HelperFrame[]): void => {
    assert.deepEqual(frames.map((f) => f.t), ['ready', 'result', 'hungry', 'result']);
    const r = frames[1] as Extract<HelperFrame, { t: 'result' }>;
    assert.equal(r.id, 5);
    assert.deepEqual([...r.outcomes], [1, 2, 3, 4, 5]);
    assert.deepEqual([...r.rttMicros], [10, 20, 0, 0, 0]);
    assert.deepEqual(r.counters, { sent: 7, inFlight: 1, taken: 9 });
  };
  expect(new FrameReader().push(stream));
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 8 }), (cuts) => {
    const reader = new FrameReader();
    const points = [...new Set(cuts)].sort((a, b) => a - b);
    const frames: HelperFrame[] = [];
    let at = 0;
    for (const p of [...points, stream.length]) {
      frames.push(...reader.push(stream.subarray(at, p)));
      at = p;
    }
    expect(frames);
    assert.equal(reader.pendingBytes, 0);
  }), { seed: 2025, numRuns: 200 });
});

test('hostile frames are rejected with PROBE_HELPER_FAILED naming the problem', () => {
  malformed(() => new FrameReader().push(Buffer.from('garbage from a stranger')), /header padding/);
  const huge = Buffer.alloc(8);
  huge[0] = 0x82;
  huge.writeUInt32LE(0x7fffffff, 4);
  malformed(() => new FrameReader().push(huge), /longer than any frame/);
  malformed(() => new FrameReader().push(frame(0x99, Buffer.alloc(0))), /unknown type 0x99/);
  malformed(() => new FrameReader().push(frame(0x81, Buffer.alloc(4))), /READY of 4 bytes/);
  const cut = result(1, [1, 2], [0, 0]);
  malformed(() => new FrameReader().push(frame(0x82, cut.subarray(8, cut.length - 1))), /RESULT of 41 bytes for 2 ports/);
  malformed(() => new FrameReader().push(result(1, [1, 9], [0, 0])), /outcome 9 at position 1/);
  malformed(() => new FrameReader().push(result(1, [0], [0])), /outcome 0/);
  // A truncated stream is not an error for the reader (more may come): the bytes are held.
  const reader = new FrameReader();
  assert.deepEqual(reader.push(ready().subarray(0, 11)), []);
  assert.equal(reader.pendingBytes, 11);
});

test('random bytes never escape as anything but PROBE_HELPER_FAILED', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    try {
      new FrameReader().push(Buffer.from(bytes));
    } catch (e) {
      assert.ok(e instanceof FarsightError && e.code === 'PROBE_HELPER_FAILED', String(e));
    }
  }), { seed: 7, numRuns: 500 });
});
