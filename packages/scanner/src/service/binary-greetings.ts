/**
 * Server-first greetings that are not text lines: MySQL/MariaDB's HandshakeV10 packet,
 * Telnet option negotiation (RFC 854/855) before a login prompt, and VNC's RFB version.
 */
import { describeEnd, type Conn } from './conn.ts';
import { addNote, keepRaw, type Ctx } from './context.ts';
import { KEYS } from './match-keys.ts';
import { mysqlDisplayVersion, mysqlPacketNeed, parseMysqlGreeting } from './mysql-parse.ts';
import { matchInto, mergeParams } from './result.ts';
import { parseTelnet } from './telnet-parse.ts';
import { printable } from './text.ts';
import { applyFallback } from './text-protocols.ts';

/** MySQL: parses the handshake (or the error packet a refusing server sends instead). */
export async function handleMysql(ctx: Ctx, conn: Conn): Promise<void> {
  const r = ctx.result;
  r.name = 'mysql';
  const t = ctx.opts.readTimeoutMs;
  const end = await conn.wait((d) => mysqlPacketNeed(d) <= 0, { firstMs: t, idleMs: t });
  keepRaw(ctx, 'NULL', conn.data());
  const g = parseMysqlGreeting(conn.data());
  if (!g) {
    r.banner = printable(conn.data());
    addNote(ctx, describeEnd(end, conn, 'MySQL greeting incomplete'));
    return;
  }
  if (g.kind === 'error') {
    r.banner = printable(g.message);
    matchInto(r, ctx.opts.matcher, 'banner', KEYS.mysqlError, g.message);
    addNote(ctx, `MySQL refused the connection: error ${g.code}`);
    conn.close();
    return;
  }
  r.banner = printable(g.serverVersion);
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.mysqlBanner, g.serverVersion);
  applyFallback(ctx, KEYS.mysqlBanner, g.serverVersion);
  mergeParams(r, {
    'mysql.protocol_version': String(g.protocolVersion),
    'mysql.server_version': mysqlDisplayVersion(g.serverVersion),
    ...(g.authPlugin ? { 'mysql.auth_plugin': g.authPlugin } : {}),
    'mysql.capabilities': `0x${g.capabilities.toString(16)}`,
  });
  conn.close();
}

const PROMPT = /(login|user ?name|user|password|account)\s*:\s*$/i;

/** Telnet: refuses every option, collects text until a login prompt (or the wait ends). */
export async function handleTelnet(ctx: Ctx, conn: Conn): Promise<void> {
  const r = ctx.result;
  r.name = 'telnet';
  const wait = Math.min(ctx.opts.readTimeoutMs, 1500);
  let parsed = parseTelnet(conn.data());
  let answered = 0;
  for (let round = 0; round < 4; round++) {
    if (parsed.reply.length > answered) {
      conn.write(parsed.reply.subarray(answered));
      answered = parsed.reply.length;
    }
    if (PROMPT.test(parsed.text.toString('latin1').trimEnd()) || conn.closed) break;
    const before = conn.data().length;
    await conn.wait((d) => d.length > before, { firstMs: wait });
    if (conn.data().length === before) break;
    parsed = parseTelnet(conn.data());
  }
  keepRaw(ctx, 'NULL', conn.data());
  const text = parsed.text.toString('latin1').replace(/\0/g, '').trim();
  r.banner = printable(text === '' ? conn.data() : text);
  mergeParams(r, { 'telnet.options_requested': String(parsed.options) });
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.telnetBanner, text);
  conn.close();
}

/** VNC: `RFB 003.008\n` (RFC 6143 §7.1.1). */
export function handleVnc(ctx: Ctx, conn: Conn): void {
  const r = ctx.result;
  r.name = 'vnc';
  const m = /^RFB (\d{3})\.(\d{3})/.exec(conn.data().toString('latin1', 0, 12));
  r.banner = printable(conn.data().subarray(0, 12));
  keepRaw(ctx, 'NULL', conn.data());
  if (m) mergeParams(r, { 'vnc.protocol_version': `${Number(m[1])}.${Number(m[2])}` });
  conn.close();
}
