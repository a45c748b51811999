/**
 * SMTP checks (RFC 5321). `smtp-open-relay`: EHLO, `MAIL FROM:<…@example.org>`,
 * `RCPT TO:<…@example.net>` (RFC 2606 reserved domains, never resolved by us), then RSET and
 * QUIT — DATA is never sent, so no message can ever be queued. `smtp-vrfy-expn`: VRFY of
 * `root` and of a random non-existent name (only a difference proves enumeration; a blanket
 * 252 does not), and EXPN of `root`.
 */
import { randomBytes } from 'node:crypto';
import type { ActiveCheck, CheckContext, Finding } from '../types.ts';
import type { ServiceResult } from '../../types.ts';
import type { Conn } from '../../service/conn.ts';
import { findingOf } from '../vuln-def.ts';
import { exchange, numericReplyDone, readUntil, replyCode } from '../io.ts';
import { SERVICE_DEFS as D } from './service-defs.ts';

const last = (b: Buffer): string => b.toString('latin1').trim().split(/\r?\n/).pop()?.slice(0, 200) ?? '';
const code = (s: string | undefined): number => Number(/^(\d{3})/.exec(s ?? '')?.[1] ?? 0);

async function hello(ctx: CheckContext): Promise<{ conn: Conn; ok: boolean; greeting: string }> {
  const conn = await ctx.net.connect();
  const greeting = await readUntil(conn, numericReplyDone, ctx.net.readTimeoutMs);
  if (replyCode(greeting) !== 220) return { conn, ok: false, greeting: last(greeting) };
  const ehlo = await exchange(conn, 'EHLO farsight.invalid\r\n', numericReplyDone, ctx.net.readTimeoutMs);
  return { conn, ok: replyCode(ehlo) === 250, greeting: last(greeting) };
}

/** Evidence of the relay attempt. */
export interface RelayEvidence { greeting: string; mail?: string; rcpt?: string; from: string; to: string }

/** Pure: the foreign recipient was accepted (250/251). */
export function evaluateRelay(e: RelayEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const ok = code(e.mail) === 250 && (code(e.rcpt) === 250 || code(e.rcpt) === 251);
  return ok ? [findingOf(D.smtpRelay, s, 'smtp-open-relay', `MAIL FROM:<${e.from}> → ${e.mail ?? ''}; RCPT TO:<${e.to}> → ${e.rcpt ?? ''} (RSET sent, no DATA)`)] : [];
}

const isSmtp = (s: ServiceResult): boolean => s.protocol === 'tcp' && (s.name === 'smtp' || s.name === 'smtps' || s.name === 'submission');

/** The open relay check. */
export const smtpOpenRelay: ActiveCheck<RelayEvidence> = {
  meta: { id: 'smtp-open-relay', title: 'SMTP open relay', categories: ['safe'], services: ['smtp'], reports: [D.smtpRelay.id] },
  appliesTo: isSmtp,
  async run(ctx) {
    const { conn, ok, greeting } = await hello(ctx);
    const tag = randomBytes(3).toString('hex');
    const e: RelayEvidence = { greeting, from: `farsight-${tag}@example.org`, to: `farsight-${tag}@example.net` };
    try {
      if (!ok) return e;
      const ms = ctx.net.readTimeoutMs;
      e.mail = last(await exchange(conn, `MAIL FROM:<${e.from}>\r\n`, numericReplyDone, ms));
      if (code(e.mail) === 250) e.rcpt = last(await exchange(conn, `RCPT TO:<${e.to}>\r\n`, numericReplyDone, ms));
      await exchange(conn, 'RSET\r\n', numericReplyDone, ms);
      conn.write('QUIT\r\n');
      return e;
    } finally {
      conn.close();
    }
  },
  evaluate: (e, s) => evaluateRelay(e, s),
};

/** Evidence of VRFY/EXPN. */
export interface VrfyEvidence { greeting: string; vrfyKnown?: string; vrfyUnknown?: string; unknownName?: string; expn?: string }

/** Pure: VRFY distinguishes users, or EXPN answers 250. */
export function evaluateVrfyExpn(e: VrfyEvidence, s: Pick<ServiceResult, 'port' | 'protocol'>): Finding[] {
  const out: Finding[] = [];
  const known = code(e.vrfyKnown);
  const unknown = code(e.vrfyUnknown);
  if ((known === 250 || known === 251 || known === 252) && unknown >= 500 && unknown < 600) {
    out.push(findingOf(D.smtpVrfy, s, 'smtp-vrfy-expn', `VRFY root → ${e.vrfyKnown ?? ''}; VRFY ${e.unknownName ?? ''} → ${e.vrfyUnknown ?? ''}`));
  }
  if (code(e.expn) === 250) out.push(findingOf(D.smtpExpn, s, 'smtp-vrfy-expn', `EXPN root → ${e.expn ?? ''}`));
  return out;
}

/** The VRFY/EXPN check. */
export const smtpVrfyExpn: ActiveCheck<VrfyEvidence> = {
  meta: { id: 'smtp-vrfy-expn', title: 'SMTP VRFY/EXPN user enumeration', categories: ['safe'], services: ['smtp'], reports: [D.smtpVrfy.id, D.smtpExpn.id] },
  appliesTo: isSmtp,
  async run(ctx) {
    const { conn, ok, greeting } = await hello(ctx);
    const e: VrfyEvidence = { greeting };
    try {
      if (!ok) return e;
      const ms = ctx.net.readTimeoutMs;
      e.unknownName = `farsight${randomBytes(4).toString('hex')}`;
      e.vrfyKnown = last(await exchange(conn, 'VRFY root\r\n', numericReplyDone, ms));
      e.vrfyUnknown = last(await exchange(conn, `VRFY ${e.unknownName}\r\n`, numericReplyDone, ms));
      e.expn = last(await exchange(conn, 'EXPN root\r\n', numericReplyDone, ms));
      conn.write('QUIT\r\n');
      return e;
    } finally {
      conn.close();
    }
  },
  evaluate: (e, s) => evaluateVrfyExpn(e, s),
};
