/**
 * Test fixtures for service detection: tiny scripted servers on 127.0.6.x (port 0), wire
 * builders for server replies (MySQL handshake, DNS, SNMP), certificates made with the
 * openssl CLI, and a table-driven fake matcher. Binds 127.0.0.0/8 addresses only.
 */
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVersionBindQuery } from './dns-packet.ts';
import type { FingerprintMatch, Matcher } from './options.ts';
import { encodeOid } from './snmp-packet.ts';

/** Loopback address of these tests (127.0.6.0/24 is ours by convention). */
export const ADDR = '127.0.6.1';

/** A running scripted TCP server. */
export interface Scripted {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** Starts a TCP server on `address`:0 running `onConnection` for each client. */
export async function serve(onConnection: (s: Socket) => void, address = ADDR): Promise<Scripted> {
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((s) => {
    state.connections++;
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onConnection(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: address, port: 0 }, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    get connections() { return state.connections; },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A running UDP server. */
export interface UdpScripted {
  port: number;
  close(): Promise<void>;
}

/** Starts a UDP server answering each datagram with `reply(msg)` (undefined = silence). */
export async function serveUdp(reply: (msg: Buffer) => Buffer | Buffer[] | undefined, address = ADDR): Promise<UdpScripted> {
  const sock: UdpSocket = createSocket('udp4');
  sock.on('message', (msg, rinfo) => {
    const out = reply(msg);
    for (const b of out === undefined ? [] : Array.isArray(out) ? out : [out]) sock.send(b, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => sock.bind(0, address, () => resolve()));
  return { port: sock.address().port, close: () => new Promise<void>((r) => sock.close(() => r())) };
}

/** Collects bytes from a client until `until(data)` holds, then calls `then` once. */
export function onRequest(s: Socket, until: (data: Buffer) => boolean, then: (data: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  let done = false;
  s.on('data', (d: Buffer) => {
    if (done) return;
    buf = Buffer.concat([buf, d]).subarray(0, 1 << 20);
    if (until(buf)) { done = true; then(buf); }
  });
}

/** A fake matcher: per key, the first regex that matches yields its params. */
export function tableMatcher(rules: Record<string, [RegExp, Record<string, string>][]>): Matcher & { calls: [string, string][] } {
  const calls: [string, string][] = [];
  return {
    calls,
    match(key: string, text: string): FingerprintMatch | undefined {
      calls.push([key, text]);
      for (const [re, params] of rules[key] ?? []) {
        const m = re.exec(text);
        if (!m) continue;
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(params)) out[k] = v.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '');
        return { params: out, fingerprint: `test:${key}:${re.source}` };
      }
      return undefined;
    },
  };
}

function u16(n: number): Buffer { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; }
function u32(n: number): Buffer { const b = Buffer.alloc(4); b.writeUInt32LE(n); return b; }

/** Frames a MySQL packet (3-byte length, sequence 0). */
export function mysqlFrame(payload: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h.writeUIntLE(payload.length, 0, 3);
  return Buffer.concat([h, payload]);
}

/** A HandshakeV10 packet as MySQL 8 / MariaDB send it. */
export function mysqlHandshake(version: string, plugin = 'caching_sha2_password', connectionId = 42): Buffer {
  const caps = 0x000fa7ff | 0x80000 | 0x8000;
  return mysqlFrame(Buffer.concat([
    Buffer.from([10]), Buffer.from(`${version}\0`, 'latin1'), u32(connectionId), Buffer.alloc(8, 0x41), Buffer.from([0]),
    u16(caps & 0xffff), Buffer.from([255]), u16(2), u16(caps >>> 16), Buffer.from([21]), Buffer.alloc(10),
    Buffer.alloc(13, 0x42), Buffer.from(`${plugin}\0`),
  ]));
}

/** An ERR packet a MySQL server sends instead of a handshake. */
export function mysqlError(code: number, message: string): Buffer {
  return mysqlFrame(Buffer.concat([Buffer.from([0xff]), u16(code), Buffer.from(message)]));
}

/** A version.bind answer to `query` (its id echoed), or a refusal when rcode ≠ 0. */
export function versionBindAnswer(id: number, text: string, rcode = 0): Buffer {
  const q = buildVersionBindQuery(id);
  q.writeUInt16BE(0x8400 | rcode, 2);
  q.writeUInt16BE(rcode === 0 ? 1 : 0, 6);
  if (rcode !== 0) return q;
  const txt = Buffer.from(text, 'latin1');
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0);
  rr.writeUInt16BE(16, 2);
  rr.writeUInt16BE(3, 4);
  rr.writeUInt16BE(txt.length + 1, 10);
  return Buffer.concat([q, rr, Buffer.from([txt.length]), txt]);
}

/** A GetResponse (BER) with OCTET STRING or OID values. */
export function snmpResponse(community: string, id: number, binds: [string, string][], version = 1): Buffer {
  const len = (n: number): Buffer => (n < 128 ? Buffer.from([n]) : Buffer.from([0x81, n]));
  const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
  const int = (n: number): Buffer => tlv(2, Buffer.from(n < 128 ? [n] : [n >> 8, n & 0xff]));
  const vbs = binds.map(([oid, v]) => tlv(0x30, Buffer.concat([encodeOid(oid), /^\d+(\.\d+)+$/.test(v) ? encodeOid(v) : tlv(4, Buffer.from(v))])));
  const pdu = tlv(0xa2, Buffer.concat([int(id), int(0), int(0), tlv(0x30, Buffer.concat(vbs))]));
  return tlv(0x30, Buffer.concat([int(version), tlv(4, Buffer.from(community)), pdu]));
}

/** True when the openssl CLI is available (certificate tests skip without it). */
export function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A key and self-signed certificate made by the openssl CLI. */
export function makeCert(opts: { subject: string; key?: 'rsa:1024' | 'rsa:2048' | 'ec'; digest?: string; san?: string; days?: number }): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'farsight-cert-'));
  const keyArgs = opts.key === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'] : ['-newkey', opts.key ?? 'rsa:2048'];
  try {
    const args = ['req', '-x509', '-nodes', ...keyArgs, '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'),
      '-subj', opts.subject, '-days', String(opts.days ?? 2), `-${opts.digest ?? 'sha256'}`];
    if (opts.san) args.push('-addext', `subjectAltName=${opts.san}`);
    execFileSync('openssl', args, { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
