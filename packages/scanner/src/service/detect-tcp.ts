/**
 * TCP service detection for one port: banner wait → classify → protocol enrichment, or,
 * when the server says nothing, client-first probes in the order the port suggests, each on
 * a fresh connection once the previous one is spoiled. A hard deadline bounds it all.
 */
import type { ServiceResult } from '../types.ts';
import { bannerComplete, classify } from './classify.ts';
import { describeEnd, type Conn } from './conn.ts';
import { addNote, adopt, createCtx, forkCtx, keepRaw, openTcp, stop, type Ctx } from './context.ts';
import { handleMysql, handleTelnet, handleVnc } from './binary-greetings.ts';
import { nmapFallback } from './nmap-fallback.ts';
import { resolveOptions, type DetectOptions } from './options.ts';
import { bannerWaitMs, portHint, type ProbeName } from './port-hints.ts';
import { probeMemcached, probeMongo, probePostgres, probeRedis, type ProbeOutcome } from './probe-db.ts';
import { enrichHttp, httpGet, wantsTls } from './probe-http.ts';
import { handleSsh } from './probe-ssh.ts';
import { probeTlsPort, reopenTls } from './probe-tls-port.ts';
import { addEvidence, projectParams } from './result.ts';
import { handleImap, handleNumeric, handlePop3 } from './text-protocols.ts';
import { printable } from './text.ts';

/** Identifies the service on an open TCP port. Never throws for network reasons: see `note`. */
export async function detectTcpService(address: string, port: number, options: DetectOptions): Promise<ServiceResult> {
  const ctx = createCtx(address, port, resolveOptions(options));
  let timer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<void>((resolve) => {
    timer = setTimeout(() => { addNote(ctx, 'total deadline reached'); resolve(); }, ctx.opts.totalTimeoutMs);
  });
  try {
    await Promise.race([detect(ctx).catch((e: unknown) => addNote(ctx, `internal error: ${e instanceof Error ? e.message : String(e)}`)), hardStop]);
  } finally {
    clearTimeout(timer);
    stop(ctx);
  }
  // Waits are cut at the deadline, so detection may end right at it without noticing.
  if (ctx.deadline.remaining() < 5) addNote(ctx, 'total deadline reached');
  if (ctx.tlsError && ctx.result.name === 'unknown') addNote(ctx, ctx.tlsError);
  return finalize(ctx);
}

async function detect(ctx: Ctx): Promise<void> {
  const conn = await openTcp(ctx);
  if (!conn) {
    // Accepted by the kernel, then reset before we could read: a wrapper refusing us.
    if (ctx.connectError === 'ECONNRESET') ctx.result.name = 'tcpwrapped';
    return;
  }
  const read = ctx.opts.readTimeoutMs;
  const end = await conn.wait(bannerComplete, { firstMs: bannerWaitMs(ctx.port, read), idleMs: Math.min(read, 750) });
  if (conn.data().length > 0) {
    if (conn.capped) addNote(ctx, describeEnd('cap', conn, 'banner'));
    else if (end !== 'match') addNote(ctx, describeEnd(end, conn, 'banner incomplete'));
    await onBytes(ctx, conn, true, plain(ctx));
    return;
  }
  if (conn.closed) {
    ctx.result.name = 'tcpwrapped';
    addNote(ctx, describeEnd('closed', conn, 'closed before sending anything'));
    return;
  }
  await clientFirst(ctx, conn);
}

/** How to get another connection like the current one: plain TCP, or TLS inside. */
interface Link {
  tls: boolean;
  reopen: () => Promise<Conn | undefined>;
}

function plain(ctx: Ctx): Link {
  return { tls: false, reopen: () => openTcp(ctx) };
}

/** Acts on bytes a server sent; true when they identified a protocol. */
async function onBytes(ctx: Ctx, conn: Conn, unsolicited: boolean, link: Link): Promise<boolean> {
  const data = conn.data();
  const kind = classify(data, ctx.port, unsolicited);
  const fresh = async (probe: (c: Ctx, k: Conn) => Promise<ProbeOutcome>): Promise<boolean> => {
    conn.close();
    const c = await link.reopen();
    return c ? (await probe(ctx, c)) === 'identified' : false;
  };
  switch (kind) {
    case 'ssh': await handleSsh(ctx, conn); return true;
    case 'numeric': await handleNumeric(ctx, conn); return true;
    case 'pop3': await handlePop3(ctx, conn); return true;
    case 'imap': await handleImap(ctx, conn); return true;
    case 'mysql': await handleMysql(ctx, conn); return true;
    case 'telnet': await handleTelnet(ctx, conn); return true;
    case 'vnc': handleVnc(ctx, conn); return true;
    case 'redis': return fresh(probeRedis);
    case 'memcached': return fresh(probeMemcached);
    case 'mongodb': return fresh(probeMongo);
    case 'postgresql': return fresh(probePostgres);
    case 'tls': return link.tls ? false : fresh((c, k) => probeTlsPort(c, k, innerDetect));
    case 'http':
      if (!unsolicited && await fresh((c, k) => probeHttp(c, k, link))) return true;
      return recordName(ctx, kind, data, unsolicited);
    case 'rtsp': case 'sip': return recordName(ctx, kind, data, unsolicited);
    case undefined: {
      ctx.result.banner ??= printable(data);
      keepRaw(ctx, unsolicited ? 'NULL' : 'GetRequest', data);
      addEvidence(ctx.result, { probe: unsolicited ? 'banner' : 'reply', key: 'banner', value: printable(data) });
      addNote(ctx, `unrecognised ${unsolicited ? 'banner' : 'reply'} (${data.length} bytes)`);
      return false;
    }
  }
}

/** Records a protocol we recognise but do not enrich (its answer is the banner). */
function recordName(ctx: Ctx, name: string, data: Buffer, unsolicited: boolean): boolean {
  ctx.result.name = name;
  ctx.result.banner ??= printable(data);
  keepRaw(ctx, unsolicited ? 'NULL' : 'GetRequest', data);
  return true;
}

/**
 * Client-first probing: the port's most likely probe on the connection that stayed silent,
 * then every other probe at once, each on its own connection and forked context (a server
 * that silently waits for more bytes then costs one read timeout, not one per probe).
 */
async function clientFirst(ctx: Ctx, first: Conn): Promise<void> {
  const [head, ...rest] = portHint(ctx.port).order;
  if (head === undefined) return;
  const outcome = await runProbe(ctx, head, first);
  if (outcome === 'identified') return;
  if (outcome === 'foreign' && await onBytes(ctx, first, false, plain(ctx))) return;
  first.close();
  if (ctx.result.banner !== undefined || ctx.deadline.expired) return;
  const runs = rest.map(async (probe) => {
    const fork = forkCtx(ctx);
    const conn = await openTcp(fork);
    const result: ProbeOutcome = conn ? await runProbe(fork, probe, conn) : 'nothing';
    return { fork, conn, outcome: result };
  });
  const winner = await firstIdentified(runs);
  if (winner) {
    adopt(ctx, winner.fork);
    return;
  }
  const done = await Promise.all(runs);
  for (const r of done) ctx.tlsError ??= r.fork.tlsError;
  const foreign = done.find((r) => r.outcome === 'foreign' && r.conn);
  if (foreign?.conn && await onBytes(ctx, foreign.conn, false, plain(ctx))) return;
  if (ctx.result.name === 'unknown' && !ctx.deadline.expired) addNote(ctx, ctx.tlsError ? `no probe was answered (${ctx.tlsError})` : 'no probe was answered');
}

/** Resolves with the first run that identified the service, or undefined when none did. */
function firstIdentified<T extends { outcome: ProbeOutcome }>(runs: Promise<T>[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    let left = runs.length;
    if (left === 0) resolve(undefined);
    for (const run of runs) {
      run.then((r) => {
        if (r.outcome === 'identified') resolve(r);
        if (--left === 0) resolve(undefined);
      }, () => { if (--left === 0) resolve(undefined); });
    }
  });
}

async function runProbe(ctx: Ctx, probe: ProbeName, conn: Conn): Promise<ProbeOutcome> {
  switch (probe) {
    case 'tls': return probeTlsPort(ctx, conn, innerDetect);
    case 'http': return probeHttp(ctx, conn, plain(ctx));
    case 'redis': return probeRedis(ctx, conn);
    case 'memcached': return probeMemcached(ctx, conn);
    case 'mongodb': return probeMongo(ctx, conn);
    case 'postgresql': return probePostgres(ctx, conn);
  }
}

/** GET / over the link; an HTTP answer is enriched (title, favicon, …). */
async function probeHttp(ctx: Ctx, conn: Conn, link: Link): Promise<ProbeOutcome> {
  const f = await httpGet(ctx, conn, '/', link.tls);
  if (!f.resp) return f.raw.length > 0 ? 'foreign' : 'nothing';
  conn.close();
  if (!link.tls && wantsTls(f.resp)) {
    const raw = await openTcp(ctx);
    if (raw && await probeTlsPort(ctx, raw, innerDetect) === 'identified') return 'identified';
  }
  await enrichHttp(ctx, f, link.tls, link.reopen);
  return 'identified';
}

/** Detection inside TLS: a server-first banner (IMAPS, POP3S, SMTPS, FTPS), else HTTP. */
async function innerDetect(ctx: Ctx, conn: Conn): Promise<void> {
  const read = ctx.opts.readTimeoutMs;
  // Inside TLS only IMAPS/POP3S/SMTPS/FTPS-like ports are expected to greet first.
  const wait = portHint(ctx.port).serverFirst ? Math.min(read, 1500) : Math.min(read, 200);
  await conn.wait(bannerComplete, { firstMs: wait, idleMs: Math.min(read, 750) });
  const link: Link = { tls: true, reopen: () => reopenTls(ctx) };
  if (conn.data().length > 0) {
    await onBytes(ctx, conn, true, link);
    return;
  }
  if (conn.closed) return;
  if (await probeHttp(ctx, conn, link) === 'foreign') await onBytes(ctx, conn, false, link);
}

const TLS_NAMES: Record<string, string> = { http: 'https', imap: 'imaps', pop3: 'pop3s', smtp: 'smtps', ftp: 'ftps', nntp: 'nntps', telnet: 'telnets' };

function finalize(ctx: Ctx): ServiceResult {
  const r = structuredClone(ctx.result);
  nmapFallback(ctx.opts.nmap, ctx.raw, r);
  if (r.tunnel === 'ssl') r.name = TLS_NAMES[r.name] ?? r.name;
  if (ctx.tlsError && !r.tls && portHint(ctx.port).tls) r.tls = { protocol: '', cipher: '', supportedProtocols: [], error: ctx.tlsError };
  projectParams(r);
  if (r.params && Object.keys(r.params).length === 0) delete r.params;
  if (ctx.notes.length > 0) r.note = ctx.notes.join('; ');
  return r;
}
