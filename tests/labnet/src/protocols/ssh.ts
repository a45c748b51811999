/**
 * SSH server side up to the key exchange (RFC 4253 §4.2, §7.1): identification line, then
 * an unencrypted SSH_MSG_KEXINIT with the profile's algorithm lists. Labnet does no real key
 * exchange: after the client's KEXINIT it answers the next packet with a DISCONNECT.
 */
import { randomBytes } from 'node:crypto';
import type { SshAlgorithms, SshProfile } from '../catalog.ts';
import { guard, type ServiceContext, type Stream } from '../session.ts';
import { serveSshAuth } from './ssh-auth.ts';

const MSG_DISCONNECT = 1;
const MSG_KEXINIT = 20;
const MAX_PACKET = 35_000; // RFC 4253 §6.1: implementations must handle 35000-byte packets

function nameList(names: string[]): Buffer {
  const s = Buffer.from(names.join(','), 'ascii');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(s.length);
  return Buffer.concat([len, s]);
}

/** Wraps a payload in the unencrypted binary packet format (block size 8, ≥ 4 bytes padding). */
export function sshPacket(payload: Buffer): Buffer {
  let pad = 8 - ((payload.length + 5) % 8);
  if (pad < 4) pad += 8;
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + pad + 1);
  head.writeUInt8(pad, 4);
  return Buffer.concat([head, payload, randomBytes(pad)]);
}

/** The SSH_MSG_KEXINIT payload for an algorithm set. */
export function kexinitPayload(a: SshAlgorithms): Buffer {
  return Buffer.concat([
    Buffer.from([MSG_KEXINIT]), randomBytes(16),
    nameList(a.kex), nameList(a.hostKey), nameList(a.ciphers), nameList(a.ciphers), nameList(a.macs), nameList(a.macs),
    nameList(a.compression), nameList(a.compression), nameList([]), nameList([]),
    Buffer.from([0, 0, 0, 0, 0]), // first_kex_packet_follows = false, reserved uint32 0
  ]);
}

function disconnect(reason: number, text: string): Buffer {
  const t = Buffer.from(text, 'utf8');
  const b = Buffer.alloc(1 + 4 + 4 + t.length + 4);
  b.writeUInt8(MSG_DISCONNECT, 0);
  b.writeUInt32BE(reason, 1);
  b.writeUInt32BE(t.length, 5);
  t.copy(b, 9);
  return sshPacket(b);
}

/** Serves one SSH connection. */
export function serveSsh(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as SshProfile;
  if (p.authMethods) { serveSshAuth(stream, p); return; }
  stream.write(`${p.banner}\r\n`);
  let buf = Buffer.alloc(0);
  let state: 'ident' | 'kexinit' | 'after' = 'ident';
  stream.on('data', guard(stream, (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    if (state === 'ident') {
      const nl = buf.indexOf(0x0a);
      if (nl < 0) { if (buf.length > 255) stream.destroy(); return; } // RFC 4253 §4.2: max 255 chars
      const line = buf.subarray(0, nl).toString('latin1').replace(/\r$/, '');
      buf = buf.subarray(nl + 1);
      if (!line.startsWith('SSH-')) { stream.end('Invalid SSH identification string.\r\n'); return; }
      if (!line.startsWith('SSH-2.0-') && !line.startsWith('SSH-1.99-')) { stream.end('Protocol major versions differ.\r\n'); return; }
      state = 'kexinit';
      stream.write(sshPacket(kexinitPayload(p.algorithms)));
    }
    while (buf.length >= 6) {
      const len = buf.readUInt32BE(0);
      if (len > MAX_PACKET || len < 5) { stream.end(disconnect(2, 'Bad packet length')); return; }
      if (buf.length < len + 4) return;
      const type = buf.readUInt8(5);
      buf = buf.subarray(len + 4);
      if (state === 'kexinit' && type === MSG_KEXINIT) { state = 'after'; continue; }
      // RFC 4253 §11.1 reason 3: KEY_EXCHANGE_FAILED — labnet stops here on purpose.
      stream.end(disconnect(3, 'labnet: key exchange is not simulated'));
      return;
    }
  }));
}
