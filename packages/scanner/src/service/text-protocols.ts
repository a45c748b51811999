/**
 * Server-first text protocols: FTP (RFC 959: greeting, SYST, FEAT), SMTP (RFC 5321:
 * greeting, EHLO), POP3 (RFC 1939/2449: greeting, CAPA), IMAP (RFC 9051: greeting,
 * CAPABILITY) and NNTP (RFC 3977 greeting). Each ends politely with QUIT/LOGOUT.
 */
import { describeEnd, type Conn } from './conn.ts';
import { addNote, keepRaw, type Ctx } from './context.ts';
import { fallbackProduct } from './fallback-products.ts';
import { KEYS } from './match-keys.ts';
import { matchInto, mergeParams } from './result.ts';
import { imapCapabilities, numericReplyComplete, parseEhlo, parseImapGreeting, parseNumericReply, parsePop3Greeting, parsePop3MultiLine, type NumericReply } from './reply-parse.ts';
import { printable } from './text.ts';

/** Fills product params from the built-in token rules when no fingerprint named one. */
export function applyFallback(ctx: Ctx, key: string, text: string): void {
  const r = ctx.result;
  if (r.params?.['service.product'] !== undefined) return;
  const p = fallbackProduct(key, text);
  if (!p) return;
  mergeParams(r, p);
  const ev = r.evidence.find((e) => e.key === key && e.fingerprint === undefined);
  if (ev) ev.fingerprint = `farsight:token:${p['service.product'] ?? ''}`;
}

async function readReply(ctx: Ctx, conn: Conn, what: string, keepAs?: string): Promise<NumericReply | undefined> {
  const t = ctx.opts.readTimeoutMs;
  const end = await conn.wait(numericReplyComplete, { firstMs: t, idleMs: t });
  const rep = parseNumericReply(conn.data());
  if (keepAs) {
    const raw = conn.data().subarray(0, rep?.end);
    keepRaw(ctx, keepAs, raw);
    ctx.result.banner = printable(raw);
  }
  if (rep) conn.consume(rep.end);
  else addNote(ctx, describeEnd(end, conn, `${what}: no complete reply`));
  return rep;
}

/** Which numeric-greeting protocol the text or the port suggests, if any. */
export function numericFlavour(greeting: string, port: number): 'ftp' | 'smtp' | 'nntp' | undefined {
  if (/\b(E?SMTP|Postfix|Exim|Sendmail|mail ?server|MTA)\b/i.test(greeting)) return 'smtp';
  if (/\bFTP|FileZilla|vsFTPd|ProFTPD|Pure-FTPd|Serv-U\b/i.test(greeting)) return 'ftp';
  if (/\b(NNTP|news|INN)\b/i.test(greeting)) return 'nntp';
  if ([25, 465, 587, 2525].includes(port)) return 'smtp';
  if ([21, 990, 2121].includes(port)) return 'ftp';
  if ([119, 563].includes(port)) return 'nntp';
  return undefined;
}

/** A numeric greeting (`220 …`): SMTP, FTP or NNTP, decided by text, port, or an EHLO probe. */
export async function handleNumeric(ctx: Ctx, conn: Conn): Promise<void> {
  const greeting = await readReply(ctx, conn, 'greeting', 'NULL');
  if (!greeting) return;
  const text = greeting.lines.join('\n');
  let flavour = numericFlavour(text, ctx.port);
  if (flavour === 'nntp') return nntp(ctx, greeting);
  // EHLO tells SMTP from FTP when neither text nor port does: only SMTP answers 250.
  const ehlo = flavour === 'ftp' ? undefined : await sendEhlo(ctx, conn);
  if (flavour === undefined) flavour = ehlo && ehlo.code === 250 ? 'smtp' : 'ftp';
  if (flavour === 'smtp') return smtp(ctx, conn, greeting, ehlo);
  return ftp(ctx, conn, greeting);
}

async function sendEhlo(ctx: Ctx, conn: Conn): Promise<ReturnType<typeof parseEhlo>> {
  conn.write('EHLO farsight.invalid\r\n');
  const t = ctx.opts.readTimeoutMs;
  await conn.wait(numericReplyComplete, { firstMs: t, idleMs: t });
  const ehlo = parseEhlo(conn.data());
  const rep = parseNumericReply(conn.data());
  if (rep) conn.consume(rep.end);
  return ehlo;
}

function smtp(ctx: Ctx, conn: Conn, greeting: NumericReply, ehlo: ReturnType<typeof parseEhlo>): void {
  const r = ctx.result;
  r.name = 'smtp';
  if (greeting.code !== 220) addNote(ctx, `SMTP greeting ${greeting.code}: ${greeting.lines[0] ?? ''}`.slice(0, 200));
  const line = greeting.lines[0] ?? '';
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.smtpBanner, line);
  applyFallback(ctx, KEYS.smtpBanner, line);
  if (ehlo && ehlo.code === 250) {
    mergeParams(r, { 'smtp.extensions': ehlo.extensions.join(',') });
    ehlo.lines.slice(0, 20).forEach((line, i) => matchInto(r, ctx.opts.matcher, 'smtp-ehlo', KEYS.smtpEhlo, line, i > 0));
  } else if (ehlo) {
    addNote(ctx, `SMTP EHLO refused with ${ehlo.code}`);
  }
  conn.write('QUIT\r\n');
  conn.close();
}

async function ftp(ctx: Ctx, conn: Conn, greeting: NumericReply): Promise<void> {
  const r = ctx.result;
  r.name = 'ftp';
  if (greeting.code !== 220) addNote(ctx, `FTP greeting ${greeting.code}: ${greeting.lines[0] ?? ''}`.slice(0, 200));
  const text = greeting.lines.join('\r\n');
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.ftpBanner, text);
  applyFallback(ctx, KEYS.ftpBanner, text);
  if (conn.closed) return;
  conn.write('SYST\r\n');
  const syst = await readReply(ctx, conn, 'FTP SYST');
  if (syst?.code === 215) mergeParams(r, { 'ftp.syst': (syst.lines[0] ?? '').slice(0, 128) });
  if (!conn.closed && !ctx.deadline.expired) {
    conn.write('FEAT\r\n');
    const feat = await readReply(ctx, conn, 'FTP FEAT');
    if (feat?.code === 211) mergeParams(r, { 'ftp.features': feat.lines.slice(1).map((l) => l.trim()).filter((l) => l !== '' && !/^end/i.test(l)).join(',') });
  }
  conn.write('QUIT\r\n');
  conn.close();
}

function nntp(ctx: Ctx, greeting: NumericReply): void {
  ctx.result.name = 'nntp';
  matchInto(ctx.result, ctx.opts.matcher, 'banner', KEYS.nntpBanner, greeting.lines[0] ?? '');
}

/** POP3: greeting line, then CAPA (RFC 2449). */
export async function handlePop3(ctx: Ctx, conn: Conn): Promise<void> {
  const r = ctx.result;
  r.name = 'pop3';
  const text = parsePop3Greeting(conn.data()) ?? '';
  r.banner = printable(`+OK ${text}`);
  keepRaw(ctx, 'NULL', conn.data());
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.pop3Banner, text);
  applyFallback(ctx, KEYS.pop3Banner, text);
  conn.consume();
  conn.write('CAPA\r\n');
  const t = ctx.opts.readTimeoutMs;
  const end = await conn.wait((d) => parsePop3MultiLine(d) !== undefined || /^-ERR/.test(d.toString('latin1', 0, 4)), { firstMs: t, idleMs: t });
  const caps = parsePop3MultiLine(conn.data());
  if (caps) mergeParams(r, { 'pop3.capabilities': caps.join(',') });
  else if (end !== 'match') addNote(ctx, describeEnd(end, conn, 'POP3 CAPA'));
  conn.write('QUIT\r\n');
  conn.close();
}

/** IMAP: greeting (with its CAPABILITY response code), else an explicit CAPABILITY command. */
export async function handleImap(ctx: Ctx, conn: Conn): Promise<void> {
  const r = ctx.result;
  r.name = 'imap';
  const g = parseImapGreeting(conn.data());
  const text = g?.text ?? '';
  r.banner = printable(`* ${g?.status ?? 'OK'} ${text}`);
  keepRaw(ctx, 'NULL', conn.data());
  matchInto(r, ctx.opts.matcher, 'banner', KEYS.imapBanner, text);
  applyFallback(ctx, KEYS.imapBanner, text);
  let caps = imapCapabilities(text);
  conn.consume();
  if (caps.length === 0 && !conn.closed) {
    conn.write('a1 CAPABILITY\r\n');
    const t = ctx.opts.readTimeoutMs;
    await conn.wait((d) => /^a1 /m.test(d.toString('latin1')), { firstMs: t, idleMs: t });
    const m = /^\* CAPABILITY ([^\r\n]{1,2000})/im.exec(conn.data().toString('latin1'));
    caps = m ? (m[1] ?? '').split(' ').filter((c) => c !== '').slice(0, 100) : [];
  }
  if (caps.length > 0) mergeParams(r, { 'imap.capabilities': caps.join(',') });
  conn.write('a2 LOGOUT\r\n');
  conn.close();
}
