/**
 * `ftp-anonymous`: logs in as `anonymous` (RFC 1635) with a placeholder e-mail password and
 * reports a 230. Safe: it only logs in and QUITs. `ftp-anonymous-writable` (intrusive, opt-in
 * only) additionally tries `MKD farsight-probe-<random>` and, when that succeeds, `RMD`s it at
 * once: no file is ever uploaded, and the proof says whether the directory was removed.
 */
import { randomBytes } from 'node:crypto';
import type { ActiveCheck, CheckContext, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import type { Conn } from '../../service/conn.ts';
import { findingOf } from '../vuln-def.ts';
import { exchange, numericReplyDone, readUntil } from '../io.ts';
import { SERVICE_DEFS as D } from './service-defs.ts';

/** Evidence: the reply line of each step (absent when not reached). */
export interface FtpEvidence {
  greeting: string;
  user?: string;
  pass?: string;
  mkd?: string;
  rmd?: string;
  dir?: string;
}

const line = (b: Buffer): string => b.toString('latin1').trim().split(/\r?\n/).pop() ?? '';
const code = (s: string | undefined): number => Number(/^(\d{3})/.exec(s ?? '')?.[1] ?? 0);

async function login(ctx: CheckContext): Promise<{ conn: Conn; e: FtpEvidence }> {
  const conn = await ctx.net.connect();
  const ms = ctx.net.readTimeoutMs;
  const e: FtpEvidence = { greeting: line(await readUntil(conn, numericReplyDone, ms)) };
  if (code(e.greeting) !== 220) return { conn, e };
  e.user = line(await exchange(conn, 'USER anonymous\r\n', numericReplyDone, ms));
  if (code(e.user) === 331) e.pass = line(await exchange(conn, 'PASS farsight@example.org\r\n', numericReplyDone, ms));
  else if (code(e.user) === 230) e.pass = e.user;
  return { conn, e };
}

/** Pure: anonymous login succeeded. */
export function evaluateFtpAnonymous(e: FtpEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  return code(e.pass) === 230 ? [findingOf(D.ftpAnonymous, s, 'ftp-anonymous', `USER anonymous → ${e.user ?? ''}; PASS → ${e.pass ?? ''}`)] : [];
}

/** Pure: the anonymous session created a directory (257). */
export function evaluateFtpWritable(e: FtpEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  if (code(e.pass) !== 230 || code(e.mkd) !== 257) return [];
  const cleaned = code(e.rmd) === 250 ? 'removed again with RMD' : `NOT removed (RMD → ${e.rmd ?? 'no answer'}); delete it by hand`;
  return [findingOf(D.ftpWritable, s, 'ftp-anonymous-writable', `anonymous MKD ${e.dir ?? ''} → ${e.mkd ?? ''}; directory ${cleaned}`)];
}

const isFtp = (s: ServiceResult): boolean => s.protocol === 'tcp' && (s.name === 'ftp' || s.name === 'ftps');

/** The anonymous FTP check (safe). */
export const ftpAnonymous: ActiveCheck<FtpEvidence> = {
  meta: { id: 'ftp-anonymous', title: 'Anonymous FTP login', categories: ['safe'], services: ['ftp'], reports: [D.ftpAnonymous.id] },
  appliesTo: isFtp,
  async run(ctx) {
    const { conn, e } = await login(ctx);
    conn.write('QUIT\r\n');
    conn.close();
    return e;
  },
  evaluate: (e, s) => evaluateFtpAnonymous(e, s),
};

/** The writable anonymous FTP check (intrusive: creates and removes one empty directory). */
export const ftpAnonymousWritable: ActiveCheck<FtpEvidence> = {
  meta: { id: 'ftp-anonymous-writable', title: 'Anonymous FTP writable (MKD/RMD)', categories: ['intrusive'], services: ['ftp'], reports: [D.ftpWritable.id] },
  appliesTo: isFtp,
  async run(ctx) {
    const { conn, e } = await login(ctx);
    try {
      if (code(e.pass) !== 230) return e;
      e.dir = `farsight-probe-${randomBytes(4).toString('hex')}`;
      e.mkd = line(await exchange(conn, `MKD ${e.dir}\r\n`, numericReplyDone, ctx.net.readTimeoutMs));
      if (code(e.mkd) === 257) e.rmd = line(await exchange(conn, `RMD ${e.dir}\r\n`, numericReplyDone, ctx.net.readTimeoutMs));
      conn.write('QUIT\r\n');
      return e;
    } finally {
      conn.close();
    }
  },
  evaluate: (e, s) => evaluateFtpWritable(e, s),
};
