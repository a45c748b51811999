import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBson, encodeBson } from './bson.ts';
import { buildOpMsg, buildOpQuery, mongoFacts, mongoMessageNeed, parseMongoReply, releaseForWireVersion } from './mongo-wire.ts';

const RUNS = { seed: 42, numRuns: 500 };

void test('documents round-trip through the encoder and decoder', () => {
  const doc = { hello: 1, $db: 'admin', pi: 3.5, big: 2n ** 40n, ok: true, none: null, list: ['a', 2, { x: 'y' }], sub: { version: '7.0.8' } };
  const r = decodeBson(encodeBson(doc));
  assert.ok(typeof r !== 'string', String(r));
  assert.deepEqual(r.doc, doc);
});

void test('known BSON bytes decode (bsonspec.org example {"hello": "world"})', () => {
  const bytes = Buffer.from('160000000268656c6c6f0006000000776f726c640000', 'hex');
  assert.deepEqual(encodeBson({ hello: 'world' }), bytes);
  const r = decodeBson(bytes);
  assert.ok(typeof r !== 'string');
  assert.deepEqual(r.doc, { hello: 'world' });
  assert.equal(r.end, 22);
});

void test('malformed documents are reported, not thrown', () => {
  assert.match(String(decodeBson(Buffer.from([1, 2]))), /truncated/);
  assert.match(String(decodeBson(Buffer.from('ff00000000', 'hex'))), /out of range/);
  const unterminated = Buffer.from(encodeBson({ a: 1 }));
  unterminated[unterminated.length - 1] = 7;
  assert.match(String(decodeBson(unterminated)), /not terminated/);
  let deep: Record<string, unknown> = { v: 1 };
  for (let i = 0; i < 30; i++) deep = { d: deep };
  assert.match(String(decodeBson(encodeBson(deep))), /nested too deeply/);
  const weird = encodeBson({ a: 1 });
  weird[4] = 0x0c; // DBPointer, deprecated and unsupported
  assert.match(String(decodeBson(weird)), /not supported/);
});

void test('OP_MSG and legacy OP_REPLY replies are parsed; facts extracted', () => {
  const msg = buildOpMsg(9, { version: '7.0.8', maxWireVersion: 21, ok: 1 });
  // A reply has the same layout; responseTo sits at offset 8.
  msg.writeInt32LE(1, 8);
  assert.equal(mongoMessageNeed(msg), 0);
  const r = parseMongoReply(msg);
  assert.ok(typeof r !== 'string', String(r));
  assert.equal(r.responseTo, 1);
  assert.deepEqual(mongoFacts(r.doc), { version: '7.0.8', maxWireVersion: 21, ok: true });
  const body = encodeBson({ ismaster: true, maxWireVersion: 9, ok: 1 });
  const reply = Buffer.alloc(36);
  reply.writeInt32LE(36 + body.length, 0);
  reply.writeInt32LE(1, 12);
  reply.writeInt32LE(1, 32);
  const legacy = parseMongoReply(Buffer.concat([reply, body]));
  assert.ok(typeof legacy !== 'string', String(legacy));
  assert.equal(legacy.doc.maxWireVersion, 9);
  assert.equal(releaseForWireVersion(9), '4.4');
  assert.equal(releaseForWireVersion(21), '7.0');
  assert.equal(mongoFacts({ ok: 0, errmsg: 'command buildInfo requires authentication' }).errmsg, 'command buildInfo requires authentication');
});

void test('requests are well-formed wire messages', () => {
  const q = buildOpQuery(3, 'admin', { isMaster: 1 });
  assert.equal(q.readInt32LE(0), q.length);
  assert.equal(q.readInt32LE(12), 2004);
  assert.ok(q.includes(Buffer.from('admin.$cmd\0')));
  const m = buildOpMsg(1, { hello: 1, $db: 'admin' });
  assert.equal(m.readInt32LE(0), m.length);
  assert.equal(m.readInt32LE(12), 2013);
  assert.equal(mongoMessageNeed(Buffer.from('HTTP/1.1 400 Bad Request\r\n')), -1);
});

void test('random bytes never make the BSON or wire parsers throw', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
    const b = Buffer.from(bytes);
    decodeBson(b);
    const sized = Buffer.concat([Buffer.alloc(4), b, Buffer.from([0])]);
    sized.writeInt32LE(sized.length, 0);
    decodeBson(sized);
    parseMongoReply(b);
    mongoMessageNeed(b);
  }), RUNS);
});
