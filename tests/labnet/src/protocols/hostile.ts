/**
 * Hostile behaviours: each one is what a scanner must survive without hanging, crashing or
 * exhausting memory. All are bounded by the labnet's TTL; flood also caps bytes per connection.
 */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { HostileKind } from '../spec-types.ts';

/** Bytes a flood connection sends at most (keeps the fixture itself bounded). */
export const FLOOD_CAP_BYTES = 64 * 1024 * 1024;
const FLOOD_CHUNK = randomBytes(64 * 1024);
const DRIP_INTERVAL_MS = 1000;

function drip(s: Socket): void {
  const send = (): void => { if (s.writable) s.write(randomBytes(1)); };
  send();
  const t = setInterval(send, DRIP_INTERVAL_MS);
  s.on('close', () => clearInterval(t));
}

function flood(s: Socket): void {
  let sent = 0;
  const pump = (): void => {
    while (s.writable && sent < FLOOD_CAP_BYTES) {
      sent += FLOOD_CHUNK.length;
      if (!s.write(FLOOD_CHUNK)) { s.once('drain', pump); return; }
    }
    if (sent >= FLOOD_CAP_BYTES) s.end();
  };
  pump();
}

function garbage(s: Socket): void {
  s.end(randomBytes(1024 + Math.floor(Math.random() * 3072)));
}

function tlsStall(s: Socket): void {
  // Read until one complete TLS record (the ClientHello) arrived, then stop reading forever.
  let got = Buffer.alloc(0);
  const onData = (d: Buffer): void => {
    got = Buffer.concat([got, d]).subarray(0, 70_000);
    if (got.length >= 5 && got.length >= 5 + got.readUInt16BE(3)) { s.off('data', onData); s.pause(); }
  };
  s.on('data', onData);
}

/** Takes over a raw TCP connection with the given behaviour. */
export function serveHostile(kind: HostileKind, s: Socket): void {
  switch (kind) {
    case 'drip': drip(s); s.resume(); break;
    case 'flood': flood(s); s.resume(); break;
    case 'garbage': garbage(s); s.resume(); break;
    case 'silent': s.resume(); break; // read and discard, never speak, never close
    case 'tls-stall': tlsStall(s); break;
  }
}
