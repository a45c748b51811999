// Real self-connects on loopback (bind the source port to the destination port) must be
// recognised by both socket layers, and ordinary connections must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { closeAll, listenOn } from './loopback-fixture.ts';
import { isSelfConnectedSocket } from './net-connector.ts';
import { isSelfConnected, loadTcpWrap } from './raw-connector.ts';

const ADDRESS = '127.0.5.50';

interface RawHandle {
  bind(address: string, port: number): number;
  connect(req: object, address: string, port: number): number;
  close(): void;
  getsockname(out: object): number;
  getpeername(out: object): number;
}
interface RawBinding {
  TCP: new (type: number) => RawHandle;
  TCPConnectWrap: new () => { oncomplete: (status: number) => void };
  constants: { SOCKET: number };
}

/** A port on ADDRESS with nobody listening. */
async function freePort(): Promise<number> {
  const l = await listenOn(ADDRESS, 0);
  await closeAll([l.server]);
  return l.port;
}

function connected(options: { port: number; localPort?: number }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: ADDRESS, localAddress: ADDRESS, ...options });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

test('net: a socket connected to itself is recognised; a real connection is not', async (t) => {
  const port = await freePort();
  const self = await connected({ port, localPort: port });
  t.after(() => self.destroy());
  assert.equal(isSelfConnectedSocket(self), true);

  const l = await listenOn(ADDRESS, 0);
  t.after(() => closeAll([l.server]));
  const real = await connected({ port: l.port });
  t.after(() => real.destroy());
  assert.equal(isSelfConnectedSocket(real), false);
});

test('raw: a tcp_wrap handle connected to itself is recognised; a real connection is not', async (t) => {
  const binding = loadTcpWrap() as unknown as RawBinding | undefined;
  if (binding === undefined) {
    t.skip('tcp_wrap is not available in this runtime');
    return;
  }
  const l = await listenOn(ADDRESS, 0);
  t.after(() => closeAll([l.server]));
  const port = await freePort();
  for (const [bindPort, target, want] of [[port, port, true], [0, l.port, false]] as const) {
    const handle: RawHandle = new binding.TCP(binding.constants.SOCKET);
    assert.equal(handle.bind(ADDRESS, bindPort), 0);
    const req = new binding.TCPConnectWrap();
    const status = await new Promise<number>((resolve) => {
      req.oncomplete = resolve;
      assert.equal(handle.connect(req, ADDRESS, target), 0);
    });
    assert.equal(status, 0, 'connected');
    assert.equal(isSelfConnected(handle), want, `bound to ${bindPort}, connected to ${target}`);
    handle.close();
  }
});
