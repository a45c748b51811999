// The chaos proxy itself, against an echo server on 127.9.40.200: pass, delay (order kept),
// drop (reset after a seeded number of bytes), blackhole (silence) and resetAll.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { ChaosProxy } from './chaos-proxy.ts';

async function echo(t: { after(fn: () => Promise<void> | void): void }): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => { sockets.add(s); s.on('error', () => undefined); s.pipe(s); });
  await new Promise<void>((r) => server.listen(0, '127.9.40.200', () => r()));
  t.after(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }));
  return (server.address() as AddressInfo).port;
}

function client(port: number): Promise<{ s: Socket; got: () => string; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.9.40.201', port });
    let buf = '';
    s.on('data', (d: Buffer) => { buf += d.toString(); });
    const closed = new Promise<string>((r) => { s.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error')); s.on('close', () => r('closed')); });
    s.once('connect', () => resolve({ s, got: () => buf, closed }));
    s.once('error', reject);
  });
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !cond(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(cond(), what);
}

test('chaos proxy: pass, delay, blackhole, drop, resetAll', async (t) => {
  const target = await echo(t);
  const p = await ChaosProxy.start({ listenHost: '127.9.40.201', targetHost: '127.9.40.200', targetPort: target, seed: 7, delayMs: 50, dropAfterBytes: [150, 150] });
  t.after(() => p.close());
  const c1 = await client(p.port);
  c1.s.write('hello');
  await until(() => c1.got() === 'hello', 'pass forwards');
  p.setMode('delay');
  c1.s.write('a'); c1.s.write('b'); c1.s.write('c');
  await until(() => c1.got() === 'helloabc', 'delay keeps order');
  p.setMode('blackhole');
  c1.s.write('lost');
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(c1.got(), 'helloabc', 'blackhole forwards nothing');
  p.setMode('pass');
  assert.equal(await c1.closed, 'ECONNRESET', 'leaving blackhole resets the silenced connection');
  const c2 = await client(p.port);
  p.setMode('drop');
  c2.s.write('x'.repeat(60));
  await until(() => c2.got().length === 60, 'under the drop budget: forwarded');
  c2.s.write('y'.repeat(60));
  assert.equal(await c2.closed, 'ECONNRESET', 'past the budget: reset');
  assert.equal(p.stats.drops, 1);
  p.setMode('pass');
  const c3 = await client(p.port);
  await until(() => p.open === 1, 'one open connection');
  p.resetAll();
  assert.equal(await c3.closed, 'ECONNRESET');
  assert.ok(p.stats.resets >= 3);
});
