// The STARTTLS upgrade's bounds over real sockets on 127.6.4.250 (the starttls block; the labnet
// network uses .10-.33): the scope guard runs before the connect, an answer flood stops at the
// step cap, bytes injected after the grant refuse the upgrade, a drip ends at the step's total
// time. The protocol dialogues against real TLS: tests/checks/starttls-labnet.test.ts.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { runChecks } from '../runner.ts';
import type { HostResult, ServiceResult } from '../../types.ts';
import { tlsCertificate } from './tls-certificate.ts';
import { tlsProtocolVersions } from './tls-protocols.ts';
import { tlsWeakCiphers } from './tls-weak-ciphers.ts';
import { readStep } from './starttls.ts';
import type { Conn } from '../../service/conn.ts';

const ADDR = '127.6.4.250';
const smtp = (port: number): ServiceResult => ({ port, protocol: 'tcp', state: 'open', name: 'smtp', params: { 'smtp.extensions': 'PIPELINING,STARTTLS' }, evidence: [] });
const host = (s: ServiceResult): HostResult => ({ address: ADDR, hostnames: [], status: 'up', reason: 'test', os: {}, services: [s], findings: [] });
const CHECKS = [tlsProtocolVersions, tlsWeakCiphers, tlsCertificate];

/** A line-based SMTP server whose answer to STARTTLS is `onStarttls`. */
async function smtpServer(onStarttls: (s: Socket) => void): Promise<{ server: Server; port: number; count: () => number; close: () => Promise<void> }> {
  let n = 0;
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    n++;
    sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
    s.write('220 mx.test ESMTP\r\n');
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const line = buf.slice(0, i).trim().toUpperCase();
        buf = buf.slice(i + 1);
        if (line.startsWith('EHLO')) s.write('250-mx.test\r\n250 STARTTLS\r\n');
        else if (line === 'STARTTLS') { s.removeAllListeners('data'); onStarttls(s); return; }
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, ADDR, r));
  const close = async (): Promise<void> => { for (const s of sockets) s.destroy(); await new Promise<void>((r) => server.close(() => r())); };
  return { server, port: (server.address() as { port: number }).port, count: () => n, close };
}

const run = (port: number, o: { inScope?: boolean; readTimeoutMs?: number } = {}): ReturnType<typeof runChecks> => runChecks(host(smtp(port)), {
  checks: CHECKS, timeoutMs: 20_000, readTimeoutMs: o.readTimeoutMs ?? 1000, connectTimeoutMs: 4000,
  assertInScope: (a) => { if (o.inScope === false) throw new Error(`${a} is out of scope`); },
});

test('the scope guard runs before the STARTTLS connect: nothing reaches an excluded address', async () => {
  const srv = await smtpServer((s) => s.write('220 go ahead\r\n'));
  try {
    const r = await run(srv.port, { inScope: false });
    assert.deepEqual(r.findings, []);
    // tls-protocol-versions records a refused hello as "closed" evidence (as on implicit TLS), the others fail.
    assert.deepEqual(r.errors.map((e) => e.check).sort(), ['tls-certificate', 'tls-weak-ciphers']);
    assert.ok(r.errors.every((e) => /out of scope/.test(e.message)), JSON.stringify(r.errors));
    assert.equal(srv.count(), 0);
  } finally {
    await srv.close();
  }
});

test('an answer flood stops at the step cap; bytes after the grant refuse the upgrade; no finding', async () => {
  const flood = await smtpServer((s) => s.write(`220-${'x'.repeat(40_000)}\r\n`));
  const inject = await smtpServer((s) => s.write('220 2.0.0 Ready\r\n250 injected'));
  try {
    const [f, i] = await Promise.all([run(flood.port), run(inject.port)]);
    assert.deepEqual([...f.findings, ...i.findings], []);
    assert.ok(f.errors.length === 3 && f.errors.every((e) => /SMTP STARTTLS on port \d+: STARTTLS answer passed 16384 bytes/.test(e.message)), JSON.stringify(f.errors));
    assert.ok(i.errors.length === 3 && i.errors.every((e) => /bytes after the reply: '220 2\.0\.0 Ready\\x0d\\x0a250 injected'/.test(e.message)), JSON.stringify(i.errors));
  } finally {
    await Promise.all([flood.close(), inject.close()]);
  }
});

test('a dripped STARTTLS answer ends at the step total, not per byte', async () => {
  const timers = new Set<NodeJS.Timeout>();
  const drip = await smtpServer((s) => {
    const t = setInterval(() => { if (s.writable) s.write('2'); }, 50);
    timers.add(t);
    s.on('close', () => clearInterval(t));
  });
  try {
    const r = await run(drip.port, { readTimeoutMs: 600 });
    assert.deepEqual(r.findings, []);
    // Bytes kept coming every 50 ms (far inside the 600 ms idle timeout): only a total per step ends this.
    assert.ok(r.errors.length === 3 && r.errors.every((e) => /no 220 reply to STARTTLS: '2/.test(e.message)), JSON.stringify(r.errors));
  } finally {
    for (const t of timers) clearInterval(t);
    await drip.close();
  }
});

test('readStep bounds a step in total: a peer that always has one more byte is cut after `ms` (mocked clock)', async () => {
  mock.timers.enable({ apis: ['Date'], now: 0 });
  try {
    let buf = Buffer.alloc(0);
    // Every wait takes 100 ms of (mocked) time and brings one more byte: never idle, never complete.
    const dripping = {
      closed: false, capped: false, data: () => buf,
      consume: () => { const b = buf; buf = Buffer.alloc(0); return b; },
      wait: (more: (d: Buffer) => boolean) => { mock.timers.tick(100); buf = Buffer.concat([buf, Buffer.from('2')]); return Promise.resolve(more(buf) ? 'match' : 'idle'); },
    } as unknown as Conn;
    assert.equal((await readStep(dripping, () => false, 600)).toString(), '222222');
    assert.equal((await readStep(dripping, (d) => d.length >= 2, 600)).toString(), '22', 'a complete answer ends the step at once');
  } finally {
    mock.timers.reset();
  }
});
