import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isFarsightError } from '@farsight/common';
import type { Socket } from 'node:net';
import { detectTcpService } from './detect-tcp.ts';
import { ADDR, serve, tableMatcher, type Scripted } from './loopback-fixture.ts';
import type { DetectOptions } from './options.ts';

// Each call must resolve by itself: the per-test timeout only catches a broken deadline.
const T = { timeout: 20_000 };
const matcher = tableMatcher({});

function opts(extra: Partial<DetectOptions> = {}): DetectOptions {
  return { matcher, assertInScope: () => {}, readTimeoutMs: 1000, totalTimeoutMs: 1500, maxBytes: 4096, ...extra };
}

async function withServer(handler: (s: Socket) => void, run: (srv: Scripted) => Promise<void>): Promise<void> {
  const srv = await serve(handler);
  try { await run(srv); } finally { await srv.close(); }
}

function drip(s: Socket, text?: string): void {
  let i = 0;
  const t = setInterval(() => { if (s.writable) s.write(text ? text.charAt(i++ % text.length) : randomBytes(1)); }, 200);
  s.on('close', () => clearInterval(t));
}

void test('drip: a byte every 200 ms cannot hold the port past the deadline', T, async () => {
  await withServer((s) => drip(s), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.state, 'open');
    assert.match(r.note ?? '', /total deadline reached/);
    assert.ok(r.banner !== undefined && r.banner.length > 0);
  });
});

void test('drip of an SSH banner: identified from the partial identification', T, async () => {
  await withServer((s) => drip(s, 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5\r\n'), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'ssh');
    assert.match(r.note ?? '', /deadline|incomplete/);
  });
});

void test('flood: reading stops at the byte cap', T, async () => {
  await withServer((s) => {
    const chunk = randomBytes(64 * 1024);
    let sent = 0;
    const pump = (): void => {
      while (s.writable && sent < 64 * 1024 * 1024) {
        sent += chunk.length;
        if (!s.write(chunk)) { s.once('drain', pump); return; }
      }
    };
    pump();
  }, async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.match(r.note ?? '', /byte cap of 4096 reached/);
    assert.ok((r.banner ?? '').length <= 512);
    assert.ok(r.evidence.every((e) => e.value.length <= 512));
  });
});

void test('garbage: random binary then close is an unrecognised banner', T, async () => {
  await withServer((s) => s.end(Buffer.concat([Buffer.from([0x00, 0x01]), randomBytes(2000)])), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'unknown');
    assert.match(r.note ?? '', /unrecognised banner/);
    assert.match(r.banner ?? '', /^\\x00\\x01/);
  });
});

void test('silent: accepts, reads, never answers', T, async () => {
  await withServer((s) => s.resume(), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'unknown');
    assert.match(r.note ?? '', /total deadline reached|no probe was answered/);
  });
});

void test('TLS stall: reads the ClientHello and never answers', T, async () => {
  await withServer((s) => s.on('data', () => s.pause()), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts({ totalTimeoutMs: 2500 }));
    assert.equal(r.name, 'unknown');
    assert.ok(r.note);
  });
});

void test('reset on connect', T, async () => {
  await withServer((s) => s.resetAndDestroy(), async ({ port }) => {
    const r = await detectTcpService(ADDR, port, opts());
    assert.equal(r.name, 'tcpwrapped');
    assert.match(r.note ?? '', /reset|closed/i);
  });
});

void test('out of scope: nothing is sent when assertInScope throws', T, async () => {
  await withServer((s) => s.write('SSH-2.0-x\r\n'), async (srv) => {
    const asked: string[] = [];
    const r = await detectTcpService(ADDR, srv.port, opts({ assertInScope: (a) => { asked.push(a); throw new Error(`${a} is excluded`); } }));
    assert.deepEqual(asked, [ADDR]);
    assert.equal(srv.connections, 0);
    assert.match(r.note ?? '', /not connecting: 127\.0\.6\.1 is excluded/);
  });
});

void test('hostnames are refused: scope is checked on resolved addresses only', T, async () => {
  const r = await detectTcpService('localhost', 22, opts());
  assert.match(r.note ?? '', /not an IP address/);
});

void test('a closed port reports the refused connection', T, async () => {
  const srv = await serve(() => {});
  const port = srv.port;
  await srv.close();
  const r = await detectTcpService(ADDR, port, opts());
  assert.equal(r.name, 'unknown');
  assert.match(r.note ?? '', /connect failed: ECONNREFUSED/);
});

void test('detection refuses to run without a scope check', async () => {
  await assert.rejects(detectTcpService(ADDR, 1, { matcher } as unknown as DetectOptions), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT'));
});
