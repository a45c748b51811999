/** NTP (RFC 5905): mode 3 client requests get a mode 4 server reply; mode 6 READVAR (RFC 1305 App. B) when the profile allows. */
import type { NtpProfile } from '../catalog.ts';
import type { ServiceContext } from '../session.ts';

const NTP_EPOCH_OFFSET = 2_208_988_800; // seconds from 1900-01-01 to 1970-01-01

function ntpTime(ms: number): Buffer {
  const b = Buffer.alloc(8);
  const secs = Math.floor(ms / 1000) + NTP_EPOCH_OFFSET;
  b.writeUInt32BE(secs >>> 0, 0);
  b.writeUInt32BE(Math.floor(((ms % 1000) / 1000) * 2 ** 32) >>> 0, 4);
  return b;
}

/** Answers one NTP datagram; null for anything but mode 3 (and mode 6 READVAR when enabled). */
export function ntpReply(msg: Buffer, ctx: ServiceContext): Buffer | null {
  const p = ctx.profile as NtpProfile;
  if (msg.length < 12) return null;
  const first = msg[0] ?? 0;
  const vn = (first >> 3) & 7;
  const mode = first & 7;
  if (mode === 3 && msg.length >= 48 && vn >= 1 && vn <= 4) {
    const now = Date.now();
    const r = Buffer.alloc(48);
    r.writeUInt8((vn << 3) | 4, 0); // LI 0, same version, mode 4 (server)
    r.writeUInt8(p.stratum, 1);
    r.writeUInt8(msg[2] ?? 6, 2); // poll, echoed
    r.writeInt8(-24, 3); // precision ~60 ns
    r.writeUInt32BE(0x0000_1b00, 4); // root delay ~0.1 s
    r.writeUInt32BE(0x0000_2a00, 8); // root dispersion ~0.16 s
    Buffer.from(p.refId.split('.').map(Number)).copy(r, 12);
    ntpTime(now - 64_000).copy(r, 16); // reference timestamp
    msg.copy(r, 24, 40, 48); // origin = client's transmit timestamp
    ntpTime(now).copy(r, 32);
    ntpTime(now).copy(r, 40);
    return r;
  }
  if (mode === 6 && p.readvar !== null && ((msg[1] ?? 0) & 0x1f) === 2 && !((msg[1] ?? 0) & 0x80)) {
    const data = Buffer.from(p.readvar, 'latin1');
    const padded = Buffer.alloc(Math.ceil(data.length / 4) * 4);
    data.copy(padded);
    const h = Buffer.alloc(12);
    h.writeUInt8((vn << 3) | 6, 0);
    h.writeUInt8(0x80 | 2, 1); // response bit + READVAR
    msg.copy(h, 2, 2, 4); // sequence
    h.writeUInt16BE(0x0618, 4); // system status: leap none, source ntp, 1 event, last event "clock sync"
    h.writeUInt16BE(0, 6); // association 0 = system variables
    h.writeUInt16BE(0, 8);
    h.writeUInt16BE(data.length, 10);
    return Buffer.concat([h, padded]);
  }
  return null;
}
