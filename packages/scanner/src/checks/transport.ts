/**
 * The transports handed to a check's `run`: TCP (optionally TLS with the permissive client
 * settings old servers need, STACK.md "Probing old and weak servers") and one-shot UDP. Every
 * connect asks the scope guard first; every read is capped; everything opened is closed when
 * the check's signal aborts.
 */
import { createSocket } from 'node:dgram';
import { connect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { Conn, type Deadline } from '../service/conn.ts';
import type { CheckTransport } from './types.ts';

/** What a transport needs to know about its target. */
export interface TransportTarget {
  address: string;
  port: number;
  /** The service's own tunnel: connect() wraps in TLS by default when true. */
  tls: boolean;
  hostName: string;
  assertInScope: (address: string) => void;
  maxBytes: number;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  deadline: Deadline;
  signal: AbortSignal;
}

/** Creates the transport for one check run; `closeAll` ends whatever is still open. */
export function createTransport(t: TransportTarget): CheckTransport & { closeAll(): void } {
  const open = new Set<{ close(): void }>();
  const track = <T extends { close(): void }>(x: T): T => { open.add(x); return x; };
  t.signal.addEventListener('abort', () => { for (const x of open) x.close(); }, { once: true });
  const guard = (): void => {
    if (t.signal.aborted) throw new Error('check deadline reached');
    if (isIP(t.address) === 0) throw new Error(`not an IP address: ${t.address}`);
    t.assertInScope(t.address);
  };
  return {
    readTimeoutMs: t.readTimeoutMs,
    hostName: t.hostName,
    closeAll: () => { for (const x of open) x.close(); open.clear(); },
    async connect(options = {}) {
      guard();
      const socket = connect({ host: t.address, port: t.port, noDelay: true });
      const raw = track(new Conn(socket, t.maxBytes, t.deadline));
      await waitConnected(socket, 'connect', Math.min(t.connectTimeoutMs, t.deadline.remaining()));
      if (!(options.tls ?? t.tls)) return raw;
      const secure = tlsConnect({
        socket: raw.detach() as Socket, rejectUnauthorized: false, minVersion: 'TLSv1', maxVersion: 'TLSv1.3',
        ciphers: 'DEFAULT:@SECLEVEL=0',
        // RFC 6066 §3: SNI carries host names only, never address literals.
        ...(isIP(t.hostName) === 0 ? { servername: t.hostName } : {}),
      });
      secure.on('error', () => undefined);
      track({ close: () => secure.destroy() });
      await waitConnected(secure, 'secureConnect', Math.min(t.readTimeoutMs, t.deadline.remaining()));
      return track(new Conn(secure, t.maxBytes, t.deadline));
    },
    async udpExchange(payload, options = {}) {
      guard();
      const sock = createSocket(t.address.includes(':') ? 'udp6' : 'udp4');
      const entry = track({ close: () => { try { sock.close(); } catch { /* already closed */ } } });
      try {
        return await new Promise<Buffer | undefined>((resolve) => {
          const timer = setTimeout(() => resolve(undefined), Math.min(options.waitMs ?? t.readTimeoutMs, t.deadline.remaining()));
          t.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(undefined); }, { once: true });
          sock.on('error', () => { clearTimeout(timer); resolve(undefined); });
          sock.on('message', (msg, from) => {
            if (from.address !== t.address || from.port !== t.port) return;
            clearTimeout(timer);
            resolve(msg.subarray(0, t.maxBytes));
          });
          sock.send(payload, t.port, t.address);
        });
      } finally {
        entry.close();
        open.delete(entry);
      }
    },
  };
}

function waitConnected(socket: Socket, event: 'connect' | 'secureConnect', ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`${event === 'connect' ? 'connect' : 'TLS handshake'} timed out`)); }, Math.max(1, ms));
    socket.once(event, () => { clearTimeout(timer); resolve(); });
    socket.once('error', (e: Error & { code?: string }) => { clearTimeout(timer); reject(new Error(`${event === 'connect' ? 'connect' : 'TLS handshake'} failed: ${e.code ?? e.message}`)); });
    socket.once('close', () => { clearTimeout(timer); reject(new Error('connection closed')); });
  });
}
