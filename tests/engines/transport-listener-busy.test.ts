// When the console's engine port is taken, the console still starts, dials its standard-direction
// engines and tracks their status (the listener is retried in the background). Port holder and
// console engine listener on 127.8.1.11, engine on 127.8.2.11.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { startTestConsole } from '../console/harness/index.ts';
import { remoteEngines } from '../../apps/console/src/engines/remote-service.ts';
import { setConsoleEngineEnv, startEngineProc, waitFor } from './transport-helpers.ts';

test('a taken engine port does not stop dialing engines or their status', async (t) => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.8.1.11', r));
  t.after(() => new Promise<void>((r) => holder.close(() => r())));
  setConsoleEngineEnv('127.8.1.11');
  process.env.FARSIGHT_ENGINE_LISTEN_PORT = String((holder.address() as AddressInfo).port);
  const c = await startTestConsole();
  t.after(() => c.stop());
  const r = await waitFor('the remote engine service', () => remoteEngines(), 30_000);
  assert.equal(r.port, 0, 'no listener: the port is taken');
  const e = startEngineProc(['--listen-host', '127.8.2.11', '--listen-port', '0']);
  t.after(() => e.stop());
  const port = Number(/listening on 127\.8\.2\.11:(\d+)/.exec(await e.waitLine(/listening on 127\.8\.2\.11:\d+/))?.[1]);
  const added = await c.request('POST', '/api/3/scan_engines', { body: { name: 'busy-port', address: '127.8.2.11', port } });
  assert.equal(added.status, 201, added.text);
  await waitFor('Pending Authorization from the engine', async () => {
    const s = (await c.request('GET', `/api/farsight/scan_engines/${added.body.id as number}/status`)).body;
    return s.state === 'pending-authorization' && /consoles enable/.test(s.reason) ? s : undefined;
  });
});
