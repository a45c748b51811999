// The console's unauthenticated /pair endpoint is bounded: at most N attempts per source address
// per minute and M pairings in flight at once (FARSIGHT_ENGINE_PAIR_PER_MINUTE /
// FARSIGHT_ENGINE_PAIR_CONCURRENT); a refused attempt gets a pair.result saying which limit and
// when to retry, is audited (first refusal per source per window), and a real `farsight engine`
// shows the refusal and exits 1. Console engine listener on 127.14.0.1; raw clients bind
// 127.14.3.x (address block 127.14.0.0/16 belongs to the hardening-* suites).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { pairArgs, startEngineConsole, startEngineProc, waitFor } from './transport-helpers.ts';

/** Opens /pair from `localAddress`; resolves with the socket once open. */
function open(port: number, localAddress: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.14.0.1:${port}/pair`, { rejectUnauthorized: false, localAddress, minVersion: 'TLSv1.3', handshakeTimeout: 20_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** One pairing attempt that sends a junk frame; resolves with the console's answer message. */
async function attempt(port: number, localAddress: string): Promise<string> {
  const ws = await open(port, localAddress);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => { ws.terminate(); reject(new Error('no answer within 30 s')); }, 30_000);
    ws.once('message', (d) => { clearTimeout(t); ws.close(); resolve(String((JSON.parse(d.toString()) as { message: string }).message)); });
    ws.send('junk');
  });
}

test('/pair: per-source attempts per minute, concurrent pairings cap, refusals answered and audited', { timeout: 240_000 }, async (t) => {
  process.env.FARSIGHT_ENGINE_PAIR_PER_MINUTE = '3';
  process.env.FARSIGHT_ENGINE_PAIR_CONCURRENT = '2';
  const { c, port, fingerprint } = await startEngineConsole('127.14.0.1');
  delete process.env.FARSIGHT_ENGINE_PAIR_PER_MINUTE;
  delete process.env.FARSIGHT_ENGINE_PAIR_CONCURRENT;
  t.after(() => c.stop());

  // Two pairings in flight (they send nothing yet): a third source is refused as busy.
  const held = [await open(port, '127.14.3.1'), await open(port, '127.14.3.2')];
  assert.match(await attempt(port, '127.14.3.3'), /the console is busy with 2 pairings \(limit 2\); try again in a few seconds/);
  for (const ws of held) ws.close();
  await waitFor('a free pairing slot', async () => /not JSON/.test(await attempt(port, '127.14.3.3')) || undefined, 30_000, 200);

  // One source: three attempts are judged (and fail on their own merits), the fourth is refused unread.
  for (let i = 0; i < 3; i++) assert.match(await attempt(port, '127.14.3.4'), /the pairing frame is not JSON/, `attempt ${i + 1}`);
  assert.match(await attempt(port, '127.14.3.4'), /too many pairing attempts from 127\.14\.3\.4 \(limit 3 per 60 s\); wait \d+ s/);
  assert.match(await attempt(port, '127.14.3.4'), /too many pairing attempts/);
  assert.match(await attempt(port, '127.14.3.5'), /not JSON/, 'another source is not limited');

  const rows = await c.db.selectFrom('audit_log').select(['details', 'ip']).where('action', '=', 'engine-secret.use').execute();
  const limited = rows.filter((r) => /"limit":"(source|concurrent)"/.test(r.details ?? ''));
  assert.deepEqual(limited.map((r) => [r.ip, JSON.parse(r.details ?? '{}').limit]).sort(), [['127.14.3.3', 'concurrent'], ['127.14.3.4', 'source']], 'one audit row per source and window');

  // A real engine over the limit: it sends its request, reads the refusal, says it and exits 1.
  for (let i = 0; i < 3; i++) await attempt(port, '127.0.0.1');
  const e = startEngineProc(['--name', 'limited', '--no-listen', ...pairArgs('127.14.0.1', port, 'not-the-secret-1234', fingerprint)]);
  t.after(() => e.stop());
  await e.waitLine(/pair-engine: refused by the console: too many pairing attempts from 127\.0\.0\.1/);
  assert.equal(await e.exited, 1);
});
