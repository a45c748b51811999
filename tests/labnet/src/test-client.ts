/**
 * Plain-socket clients for labnet's own tests (and for anyone checking a simulator by hand):
 * every exchange is bounded in bytes and time and always closes its socket.
 */
import { connect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { createSocket } from 'node:dgram';

/** Bytes received and how the exchange ended. */
export interface Exchange { data: Buffer; closed: boolean }

/**
 * Connects, writes each of `send` (in order, after the previous read settles), and collects
 * bytes until `done(data)` is true, the peer closes, or `timeoutMs` passes.
 */
export function tcpExchange(host: string, port: number, opts: { send?: (string | Buffer)[]; done?: (d: Buffer) => boolean; timeoutMs?: number; maxBytes?: number } = {}): Promise<Exchange> {
  const { send = [], done = () => false, timeoutMs = 3000, maxBytes = 1 << 20 } = opts;
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let data = Buffer.alloc(0);
    let closed = false;
    const finish = (): void => { clearTimeout(timer); s.destroy(); resolve({ data, closed }); };
    const timer = setTimeout(finish, timeoutMs);
    s.on('connect', () => { for (const x of send) s.write(x); });
    s.on('data', (d: Buffer) => { data = Buffer.concat([data, d]).subarray(0, maxBytes); if (done(data) || data.length >= maxBytes) finish(); });
    s.on('close', () => { closed = true; finish(); });
    s.on('error', () => undefined);
  });
}

/** A text dialogue: waits for `expect` after connecting and after each line sent; returns each reply. */
export async function dialogue(host: string, port: number, lines: string[], expect: RegExp, timeoutMs = 3000): Promise<string[]> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const replies: string[] = [];
    let buf = '';
    const finish = (): void => { clearTimeout(timer); s.destroy(); resolve(replies); };
    const timer = setTimeout(() => { replies.push(buf); finish(); }, timeoutMs);
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (!expect.test(buf)) return;
      replies.push(buf);
      buf = '';
      const next = lines[replies.length - 1];
      if (next === undefined) finish();
      else s.write(`${next}\r\n`);
    });
    s.on('close', () => { if (buf) replies.push(buf); finish(); });
    s.on('error', () => undefined);
  });
}

/** Completes a TLS handshake and returns the socket's facts (then closes it). */
export function tlsFacts(host: string, port: number, opts: ConnectionOptions = {}, timeoutMs = 3000): Promise<{ ok: boolean; protocol: string | null; cert: ReturnType<TLSSocket['getPeerX509Certificate']>; error?: string }> {
  return new Promise((resolve) => {
    const s = tlsConnect({ host, port, rejectUnauthorized: false, ...opts });
    const timer = setTimeout(() => { s.destroy(); resolve({ ok: false, protocol: null, cert: undefined, error: 'timeout' }); }, timeoutMs);
    s.on('secureConnect', () => {
      clearTimeout(timer);
      const out = { ok: true, protocol: s.getProtocol(), cert: s.getPeerX509Certificate() };
      s.destroy();
      resolve(out);
    });
    s.on('error', (e) => { clearTimeout(timer); s.destroy(); resolve({ ok: false, protocol: null, cert: undefined, error: e.message }); });
  });
}

/** Sends one datagram and waits for one reply (null on timeout). */
export function udpExchange(host: string, port: number, msg: Buffer, timeoutMs = 1500): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const s = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const finish = (r: Buffer | null): void => { clearTimeout(timer); s.close(); resolve(r); };
    const timer = setTimeout(() => finish(null), timeoutMs);
    s.on('message', (m) => finish(m));
    s.on('error', () => finish(null));
    s.send(msg, port, host);
  });
}
