/**
 * Connects through the public net.Socket API: slower than the raw handle (a stream and an
 * EventEmitter per probe) but always available. The fallback when tcp_wrap is not.
 */
import { Socket } from 'node:net';
import { SELF_CONNECT, type ConnectDone, type Connector } from './connector.ts';

/** A socket that remembers its slot, so the listeners below can be shared (no closure per probe). */
class ProbeSocket extends Socket {
  slot = -1;
}

/** True when a connected socket is connected to itself (RFC 9293 §3.5 simultaneous open): no listener. */
export function isSelfConnectedSocket(s: Pick<Socket, 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort'>): boolean {
  return s.localPort !== undefined && s.localPort === s.remotePort && s.localAddress === s.remoteAddress;
}

/** A connector on net.Socket. */
export function netConnector(done: ConnectDone): Connector {
  const sockets: (ProbeSocket | undefined)[] = [];

  function onConnect(this: ProbeSocket): void {
    const slot = this.slot;
    if (sockets[slot] !== this) return;
    sockets[slot] = undefined;
    const self = isSelfConnectedSocket(this);
    this.resetAndDestroy();
    done(slot, self ? SELF_CONNECT : 0);
  }

  function onError(this: ProbeSocket, err: NodeJS.ErrnoException): void {
    const slot = this.slot;
    this.destroy();
    if (sockets[slot] !== this) return;
    sockets[slot] = undefined;
    done(slot, typeof err.errno === 'number' && err.errno < 0 ? err.errno : -1);
  }

  return {
    kind: 'net',
    start(slot, _v6, address, port) {
      const socket = new ProbeSocket();
      socket.slot = slot;
      socket.on('connect', onConnect);
      socket.on('error', onError);
      sockets[slot] = socket;
      // An IP literal: net skips DNS, so the connect is issued right away.
      socket.connect({ host: address, port });
      return 0;
    },
    abort(slot) {
      const socket = sockets[slot];
      sockets[slot] = undefined;
      socket?.destroy();
    },
  };
}
