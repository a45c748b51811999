/**
 * PostgreSQL frontend/backend protocol 3.0 startup (https://www.postgresql.org/docs/current/protocol-flow.html):
 * SSLRequest/GSSENCRequest get 'N' — or, when the description set `starttls`, the SSLRequest
 * gets 'S' and the connection continues inside TLS (or misbehaves as told) — and a
 * StartupMessage gets AuthenticationMD5Password or a FATAL pg_hba.conf ErrorResponse, as the
 * profile says.
 */
import { randomBytes } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { PostgresqlProfile } from '../catalog.ts';
import { guard, upgradeWithFront, type ServiceContext, type Stream } from '../session.ts';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const PROTOCOL_3 = 196608;

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** An ErrorResponse with the given fields (code letter → value). */
export function pgError(fields: [string, string][]): Buffer {
  return message('E', Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')), Buffer.from([0])]));
}

function startupParams(body: Buffer): Map<string, string> {
  const parts = body.toString('utf8').split('\0');
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) out.set(parts[i] ?? '', (parts[i + 1] ?? '').slice(0, 64));
  return out;
}

/** Serves one PostgreSQL connection. */
export function servePostgresql(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as PostgresqlProfile;
  const line = p.serverVersion.startsWith('16') ? '543' : '490';
  let buf = Buffer.alloc(0);
  let state: 'startup' | 'password' = 'startup';
  let user = '';
  const onData = guard(stream, (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length > 10_000) { stream.destroy(); return; }
    while (buf.length > 0) {
      if (state === 'password') {
        if (buf.length < 5) return;
        const len = buf.readUInt32BE(1);
        if (buf.length < 1 + len) return;
        stream.end(pgError([['S', 'FATAL'], ['V', 'FATAL'], ['C', '28P01'], ['M', `password authentication failed for user "${user}"`], ['F', 'auth.c'], ['L', '326'], ['R', 'auth_failed']]));
        return;
      }
      if (buf.length < 8) return;
      const len = buf.readUInt32BE(0);
      if (len < 8 || len > 10_000) { stream.destroy(); return; }
      if (buf.length < len) return;
      const code = buf.readUInt32BE(4);
      const body = buf.subarray(8, len);
      buf = buf.subarray(len);
      if (code === SSL_REQUEST && ctx.secureContext && !(stream instanceof TLSSocket)) { stream.off('data', onData); sslAccept(stream, ctx); return; }
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) { stream.write('N'); continue; }
      if (code !== PROTOCOL_3) {
        stream.end(pgError([['S', 'FATAL'], ['V', 'FATAL'], ['C', '0A000'], ['M', `unsupported frontend protocol ${code >>> 16}.${code & 0xffff}: server supports 3.0 to 3.0`], ['F', 'postmaster.c'], ['L', '2188'], ['R', 'ProcessStartupPacket']]));
        return;
      }
      const params = startupParams(body);
      user = params.get('user') ?? '';
      if (p.startup === 'reject') {
        const db = params.get('database') ?? user;
        stream.end(pgError([['S', 'FATAL'], ['V', 'FATAL'], ['C', '28000'], ['M', `no pg_hba.conf entry for host "${stream.remoteAddress ?? ''}", user "${user}", database "${db}", no encryption`], ['F', 'auth.c'], ['L', line], ['R', 'ClientAuthentication']]));
        return;
      }
      const auth = Buffer.alloc(8);
      auth.writeUInt32BE(5, 0); // AuthenticationMD5Password
      randomBytes(4).copy(auth, 4);
      stream.write(message('R', auth));
      state = 'password';
    }
  });
  stream.on('data', onData);
}

/** Answers an SSLRequest 'S' and serves the rest inside TLS, or plays the description's misbehaviour. */
function sslAccept(stream: Stream, ctx: ServiceContext): void {
  const m = ctx.starttlsMisbehave;
  if (m === 'silent') { stream.resume(); return; }
  if (m === 'garbage') { stream.write(Buffer.from('\x8fE\x00garbage\r\n', 'latin1')); stream.resume(); return; }
  stream.write('S');
  if (m === 'not-tls') { stream.once('data', () => stream.end('this is not TLS\r\n')); return; }
  if (m === 'drip') {
    // 'S', then a byte every 250 ms (at most 400) where the ServerHello should be.
    let n = 0;
    const timer = setInterval(() => { if (!stream.writable || n++ >= 400) { clearInterval(timer); stream.end(); return; } stream.write('S'); }, 250);
    stream.on('close', () => clearInterval(timer));
    stream.resume();
    return;
  }
  upgradeWithFront(stream, ctx, (raw) => {
    const secure = new TLSSocket(raw, { isServer: true, secureContext: ctx.secureContext });
    secure.on('error', () => secure.destroy());
    servePostgresql(secure, ctx);
  });
}
