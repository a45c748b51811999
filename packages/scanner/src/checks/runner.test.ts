// The runner: failures and hangs of one check never fail the host; scope guard before every
// connect; byte caps; concurrency bound. Real sockets on 127.6.9.1 (this suite's block).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { runChecks } from './runner.ts';
import { findingOf } from './vuln-def.ts';
import { SERVICE_DEFS } from './active/service-defs.ts';
import type { ActiveCheck, CheckContext } from './types.ts';
import type { HostResult, ServiceResult } from '../types.ts';

const ADDR = '127.6.9.1';
const svc = (port: number, name = 'redis'): ServiceResult => ({ port, protocol: 'tcp', state: 'open', name, evidence: [] });
const host = (...services: ServiceResult[]): HostResult => ({ address: ADDR, hostnames: [], status: 'up', reason: 'test', os: {}, services, findings: [] });
const allow = (): void => undefined;

function check(id: string, run: (ctx: CheckContext) => Promise<unknown>, over: Partial<ActiveCheck> = {}): ActiveCheck {
  return {
    meta: { id, title: id, categories: ['safe'], services: [], reports: [] }, appliesTo: () => true, run,
    evaluate: (_e, s) => [findingOf(SERVICE_DEFS.telnet, s, id, `${id} ran`)], ...over,
  };
}

async function listen(onConn: Parameters<typeof createServer>[1]): Promise<{ server: Server; port: number; count: () => number }> {
  let n = 0;
  const server = createServer((s) => { n++; s.on('error', () => undefined); onConn?.(s); });
  await new Promise<void>((r) => server.listen(0, ADDR, r));
  return { server, port: (server.address() as { port: number }).port, count: () => n };
}

test('a throwing, a hanging and a good check: the good one still reports, the others become errors', async () => {
  const good = check('good', () => Promise.resolve(1));
  const bad = check('bad', () => Promise.reject(new Error('boom')));
  let aborted = false;
  const hang = check('hang', (ctx) => new Promise(() => { ctx.signal.addEventListener('abort', () => { aborted = true; }); }));
  const evalThrows = check('eval-throws', () => Promise.resolve(1), { evaluate: () => { throw new Error('bad evidence'); } });
  const r = await runChecks(host(svc(6379)), { checks: [good, bad, hang, evalThrows], assertInScope: allow, timeoutMs: 300 });
  assert.deepEqual(r.findings.map((f) => f.rule), ['check:good']);
  assert.deepEqual(r.errors.map((e) => `${e.check}: ${e.message}`).sort(), ['bad: boom', 'eval-throws: bad evidence', 'hang: deadline of 300 ms reached']);
  assert.equal(aborted, true, 'the hanging check saw its signal abort');
});

test('appliesTo decides (and may not crash the host); closed ports are skipped', async () => {
  const picky = check('picky', () => Promise.resolve(1), { appliesTo: (s) => s.name === 'ssh' });
  const crashy = check('crashy', () => Promise.resolve(1), { appliesTo: () => { throw new Error('x'); } });
  const h = host(svc(22, 'ssh'), svc(80, 'http'), { ...svc(23, 'ssh'), state: 'closed' });
  const r = await runChecks(h, { checks: [picky, crashy], assertInScope: allow });
  assert.deepEqual(r.findings.map((f) => f.port), [22]);
  assert.deepEqual(r.errors, []);
});

test('the scope guard runs before every connect: an excluded address gets no connection', async (t) => {
  const srv = await listen((s) => s.end('+PONG\r\n'));
  t.after(() => srv.server.close());
  const dial = check('dial', async (ctx) => { const c = await ctx.net.connect(); c.close(); return 1; });
  const refused = await runChecks(host(svc(srv.port)), { checks: [dial], assertInScope: () => { throw new Error(`${ADDR} is excluded`); } });
  assert.equal(refused.findings.length, 0);
  assert.match(refused.errors[0]?.message ?? '', /excluded/);
  assert.equal(srv.count(), 0, 'nothing was sent');
  const allowed = await runChecks(host(svc(srv.port)), { checks: [dial], assertInScope: allow });
  assert.equal(allowed.findings.length, 1);
  assert.equal(srv.count(), 1);
});

test('reads are capped: a flooding service cannot make a check buffer more than maxBytes', async (t) => {
  const chunk = randomBytes(64 * 1024);
  const srv = await listen((s) => { const pump = (): void => { for (let i = 0; i < 64 && s.writable; i++) if (!s.write(chunk)) { s.once('drain', pump); return; } }; pump(); });
  t.after(() => srv.server.close());
  let got = -1;
  const reader = check('reader', async (ctx) => {
    const c = await ctx.net.connect();
    await c.wait(() => false, { firstMs: 2000, idleMs: 2000 });
    got = c.data().length;
    return got;
  });
  const r = await runChecks(host(svc(srv.port)), { checks: [reader], assertInScope: allow, maxBytes: 4096, timeoutMs: 5000 });
  assert.equal(r.errors.length, 0);
  assert.equal(got, 4096);
});

test('at most `concurrency` checks run at once on a host', async () => {
  let now = 0;
  let peak = 0;
  const slow = (id: string): ActiveCheck => check(id, async () => { now++; peak = Math.max(peak, now); await new Promise((r) => setTimeout(r, 20)); now--; return 1; });
  const r = await runChecks(host(svc(1), svc(2), svc(3), svc(4)), { checks: [slow('a'), slow('b')], assertInScope: allow, concurrency: 3 });
  assert.equal(r.findings.length, 4, 'one finding per (id, port): the two checks report the same id');
  assert.ok(peak <= 3 && peak >= 2, `peak ${peak}`);
});
