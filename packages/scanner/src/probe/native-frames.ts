/**
 * The binary protocol between the engine and the native probe helper
 * (`packages/scanner/native/farsight-probe.c`), pure. Every frame is an 8-byte header
 * {u8 type, 3 zero bytes, u32 payload length} and a payload, in host byte order (the helper
 * runs on this machine; READY carries a magic that would show a byte-order mismatch).
 *
 * Engine → helper: INIT once {u32 magic, u32 version, u32 inFlight, u32 tickMs,
 * u32 maxDeferrals, u32 lowWater, f64 rate}; BATCH {u32 id, u8 family 4|6, 3 zero bytes,
 * 16 address bytes, u32 timeoutMs, u32 count, u16 port × count}. Closing stdin stops it.
 * Helper → engine: READY {u32 magic, u32 version}; RESULT {u32 id, u32 count, counters,
 * u32 rttMicros × count, u8 outcome × count}; HUNGRY {counters} when fewer than lowWater of
 * its ports are unstarted; ALIVE {counters} at least every second while it has work and
 * nothing else to say (the engine's watchdog); ERROR {utf-8 text} before it exits on a frame
 * it could not take.
 * Counters are three f64: probes sent, in flight, ports taken from its queue.
 */
import { isIPv4 } from 'node:net';
import { FarsightError } from '@farsight/common';

/** Protocol magic ("FSP1") and version; both sides must agree. */
export const NATIVE_MAGIC = 0x46535031;
export const NATIVE_VERSION = 1;
const T_INIT = 1;
const T_BATCH = 2;
const R_READY = 0x81;
const R_RESULT = 0x82;
const R_HUNGRY = 0x83;
const R_ERROR = 0x84;
const R_ALIVE = 0x85;
const HEADER = 8;
const MAX_PORTS = 65536;
/** Largest payload the helper may send: a RESULT of MAX_PORTS ports. */
const MAX_PAYLOAD = 32 + 5 * MAX_PORTS;
/** Highest valid outcome byte (outcome.ts: OPEN 1 … RESOURCE 5). */
const MAX_OUTCOME = 5;

/** The helper's counters, carried by RESULT and HUNGRY. */
export interface HelperCounters {
  sent: number;
  inFlight: number;
  taken: number;
}

/** A decoded frame from the helper. */
export type HelperFrame =
  | { t: 'ready'; magic: number; version: number }
  | { t: 'result'; id: number; outcomes: Uint8Array; rttMicros: Uint32Array; counters: HelperCounters }
  | { t: 'hungry'; counters: HelperCounters }
  | { t: 'alive'; counters: HelperCounters }
  | { t: 'error'; message: string };

/** Settings of one helper. */
export interface HelperInit {
  inFlight: number;
  tickMs: number;
  maxDeferrals: number;
  lowWater: number;
  /** Connections per second for this helper; 0 = unlimited. */
  rate: number;
}

function header(type: number, length: number): Buffer {
  const b = Buffer.alloc(HEADER + length);
  b[0] = type;
  b.writeUInt32LE(length, 4);
  return b;
}

/** Encodes INIT. */
export function encodeInit(o: HelperInit): Buffer {
  const b = header(T_INIT, 32);
  b.writeUInt32LE(NATIVE_MAGIC, 8);
  b.writeUInt32LE(NATIVE_VERSION, 12);
  b.writeUInt32LE(o.inFlight, 16);
  b.writeUInt32LE(o.tickMs, 20);
  b.writeUInt32LE(o.maxDeferrals, 24);
  b.writeUInt32LE(Math.min(0xffffffff, o.lowWater), 28);
  b.writeDoubleLE(o.rate, 32);
  return b;
}

/** Encodes BATCH; `address` must be an IP literal (the engine checked it and its scope). */
export function encodeBatch(id: number, address: string, ports: Int32Array, timeoutMs: number): Buffer {
  if (ports.length > MAX_PORTS) throw new FarsightError('INTERNAL', `native probe batch of ${ports.length} ports exceeds ${MAX_PORTS}`);
  const b = header(T_BATCH, 32 + 2 * ports.length);
  b.writeUInt32LE(id >>> 0, 8);
  const v4 = isIPv4(address);
  b[12] = v4 ? 4 : 6;
  if (v4) {
    const parts = address.split('.');
    for (let i = 0; i < 4; i++) b[16 + i] = Number(parts[i]);
  } else {
    ipv6Bytes(address).copy(b, 16);
  }
  b.writeUInt32LE(timeoutMs, 32);
  b.writeUInt32LE(ports.length, 36);
  for (let i = 0; i < ports.length; i++) b.writeUInt16LE(ports[i] as number, 40 + 2 * i);
  return b;
}

/** The 16 bytes of an IPv6 literal (`::` and an embedded IPv4 tail allowed; no zone). */
export function ipv6Bytes(address: string): Buffer {
  const out = Buffer.alloc(16);
  let text = address;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = text.slice(lastColon + 1).split('.').map(Number);
    tail.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? left : [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  for (let i = 0; i < 8; i++) out.writeUInt16BE(parseInt(groups[i] ?? '0', 16) & 0xffff, 2 * i);
  if (tail.length === 2) {
    out.writeUInt16BE(tail[0] as number, 12);
    out.writeUInt16BE(tail[1] as number, 14);
  }
  return out;
}

function bad(what: string): FarsightError {
  return new FarsightError('PROBE_HELPER_FAILED', `the native probe helper sent a malformed frame (${what}); rebuild it (npm ci) or scan with --probe-backend js`);
}

function counters(b: Buffer, at: number): HelperCounters {
  return { sent: b.readDoubleLE(at), inFlight: b.readDoubleLE(at + 8), taken: b.readDoubleLE(at + 16) };
}

/** Splits the helper's stdout into frames, validating each; throws PROBE_HELPER_FAILED on anything malformed. */
export class FrameReader {
  #buf: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the whole frames now available. */
  push(chunk: Buffer): HelperFrame[] {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const frames: HelperFrame[] = [];
    let off = 0;
    while (this.#buf.length - off >= HEADER) {
      const type = this.#buf[off] as number;
      if (this.#buf[off + 1] !== 0 || this.#buf[off + 2] !== 0 || this.#buf[off + 3] !== 0) throw bad(`header padding at byte ${off}`);
      const len = this.#buf.readUInt32LE(off + 4);
      if (len > MAX_PAYLOAD) throw bad(`payload of ${len} bytes is longer than any frame`);
      if (this.#buf.length - off < HEADER + len) break;
      frames.push(decode(type, this.#buf.subarray(off + HEADER, off + HEADER + len)));
      off += HEADER + len;
    }
    this.#buf = off === this.#buf.length ? Buffer.alloc(0) : Buffer.from(this.#buf.subarray(off));
    return frames;
  }

  /** Bytes of an incomplete frame held back (non-zero at end of stream means it was cut short). */
  get pendingBytes(): number {
    return this.#buf.length;
  }
}

function decode(type: number, p: Buffer): HelperFrame {
  switch (type) {
    case R_READY:
      if (p.length !== 8) throw bad(`READY of ${p.length} bytes`);
      return { t: 'ready', magic: p.readUInt32LE(0), version: p.readUInt32LE(4) };
    case R_HUNGRY:
      if (p.length !== 24) throw bad(`HUNGRY of ${p.length} bytes`);
      return { t: 'hungry', counters: counters(p, 0) };
    case R_ALIVE:
      if (p.length !== 24) throw bad(`ALIVE of ${p.length} bytes`);
      return { t: 'alive', counters: counters(p, 0) };
    case R_ERROR:
      return { t: 'error', message: p.toString('utf8', 0, Math.min(p.length, 500)) };
    case R_RESULT: {
      if (p.length < 32) throw bad(`RESULT of ${p.length} bytes`);
      const count = p.readUInt32LE(4);
      if (count > MAX_PORTS || p.length !== 32 + 5 * count) throw bad(`RESULT of ${p.length} bytes for ${count} ports`);
      const rttMicros = new Uint32Array(count);
      for (let i = 0; i < count; i++) rttMicros[i] = p.readUInt32LE(32 + 4 * i);
      const outcomes = new Uint8Array(count);
      outcomes.set(p.subarray(32 + 4 * count));
      for (let i = 0; i < count; i++) {
        const o = outcomes[i] as number;
        if (o < 1 || o > MAX_OUTCOME) throw bad(`outcome ${o} at position ${i}`);
      }
      return { t: 'result', id: p.readUInt32LE(0), outcomes, rttMicros, counters: counters(p, 8) };
    }
    default:
      throw bad(`unknown type 0x${type.toString(16)}`);
  }
}
