// Reply framing of the line protocols (FTP, SMTP): complete replies, multi-line replies, garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineDone, numericReplyDone, replyCode } from './io.ts';

test('numeric replies: complete only at a final `nnn ` line ending in LF', () => {
  const rows: [string, boolean, number][] = [
    ['220 (vsFTPd 3.0.5)\r\n', true, 220],
    ['220-Welcome\r\n220-to the lab\r\n', false, 0],
    ['220-Welcome\r\n220 ready\r\n', true, 220],
    ['250-mx.lab\r\n250-PIPELINING\r\n250 SIZE 10240000\r\n', true, 250],
    ['550 5.1.1 <x>: Recipient address rejected', false, 550],
    ['', false, 0],
    ['HTTP/1.1 400 Bad Request\r\n', false, 0],
    ['\x00\xff\x13garbage\n', false, 0],
  ];
  for (const [text, done, code] of rows) {
    const b = Buffer.from(text, 'latin1');
    assert.equal(numericReplyDone(b), done, JSON.stringify(text));
    assert.equal(replyCode(b), code, JSON.stringify(text));
  }
  assert.equal(lineDone(Buffer.from('x\n')), true);
  assert.equal(lineDone(Buffer.from('x')), false);
});

test('reply framing never throws on hostile bytes (seeded)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    const b = Buffer.from(bytes);
    assert.equal(typeof numericReplyDone(b), 'boolean');
    assert.ok(Number.isInteger(replyCode(b)));
  }), { seed: 2525, numRuns: 2000 });
});
