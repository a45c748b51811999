/**
 * The plaintext half of STARTTLS (issue 5), as pure data: which detected services offer an
 * in-band TLS upgrade (from the capabilities detection recorded), and the short dialogue that
 * asks for it — SMTP `EHLO` + `STARTTLS` (RFC 3207), IMAP `STARTTLS` (RFC 9051 §6.2.1), POP3
 * `STLS` (RFC 2595 §4), FTP `AUTH TLS` (RFC 4217 §4) and the PostgreSQL SSLRequest. Each step
 * says when an answer is complete (or clearly not the protocol, so garbage ends a step at once)
 * and whether it grants the upgrade. The sockets live in `starttls.ts`.
 */
import type { ServiceResult } from '../../types.ts';

/** Protocols whose STARTTLS upgrade the TLS checks run over. */
export type StarttlsProtocol = 'smtp' | 'imap' | 'pop3' | 'ftp' | 'postgresql';

/** How each upgrade is named in proofs (always contains `STARTTLS`). */
export const STARTTLS_NAMES: Readonly<Record<StarttlsProtocol, string>> = {
  smtp: 'SMTP STARTTLS', imap: 'IMAP STARTTLS', pop3: 'POP3 STARTTLS (STLS)', ftp: 'FTP STARTTLS (AUTH TLS)', postgresql: 'PostgreSQL STARTTLS (SSLRequest)',
};

/** A step's answer larger than this is refused (an EHLO reply is well under 1 KiB). */
export const STEP_MAX_BYTES = 16 * 1024;

/** One exchange of the dialogue: optional bytes to send, then the answer to wait for. */
export interface StarttlsStep {
  /** What is being asked, for error messages (`EHLO`, `greeting`, …). */
  what: string;
  send?: string | Buffer;
  /** True once the answer is complete, or can no longer become a valid one. */
  done(d: Buffer): boolean;
  /** Undefined when the answer grants the step; else why not (printable). */
  refuse(d: Buffer): string | undefined;
}

const SMTP_NAMES = new Set(['smtp', 'smtps', 'submission', 'smtp-submission']);

function listParam(s: Pick<ServiceResult, 'params'>, key: string): string[] {
  return (s.params?.[key] ?? '').split(',').map((x) => x.trim().toUpperCase()).filter((x) => x !== '');
}

/**
 * The STARTTLS protocol of a plaintext TCP service that advertised the upgrade during
 * detection (EHLO `STARTTLS`, IMAP capability `STARTTLS`, POP3 `STLS`, FTP FEAT `AUTH TLS`,
 * PostgreSQL answering `S` to the SSLRequest); undefined otherwise.
 */
export function starttlsProtocolOf(s: Pick<ServiceResult, 'protocol' | 'tunnel' | 'name' | 'params'>): StarttlsProtocol | undefined {
  if (s.protocol !== 'tcp' || s.tunnel === 'ssl') return undefined;
  if (SMTP_NAMES.has(s.name) && listParam(s, 'smtp.extensions').includes('STARTTLS')) return 'smtp';
  if (s.name === 'imap' && listParam(s, 'imap.capabilities').includes('STARTTLS')) return 'imap';
  if (s.name === 'pop3' && listParam(s, 'pop3.capabilities').includes('STLS')) return 'pop3';
  if (s.name === 'ftp' && listParam(s, 'ftp.features').some((f) => /^AUTH\b.*\bTLS\b/.test(f))) return 'ftp';
  if (s.name === 'postgresql' && s.params?.['postgresql.ssl'] === 'supported') return 'postgresql';
  return undefined;
}

/** `SMTP STARTTLS on port 587`: what proofs of findings seen through an upgrade append. */
export function starttlsVia(proto: StarttlsProtocol, port: number): string {
  return `${STARTTLS_NAMES[proto]} on port ${port}`;
}

/** A proof with the upgrade it was seen through (unchanged for implicit TLS). */
export function withVia(proof: string, via: string | undefined): string {
  return via ? `${proof}; seen over ${via}` : proof;
}

const text = (d: Buffer): string => d.toString('latin1');
/** The complete lines of `d` (without their CR LF). */
function lines(d: Buffer): string[] {
  const all = text(d).split('\n');
  return all.slice(0, -1).map((l) => l.replace(/\r$/, ''));
}
/** First 80 characters, control bytes escaped: what an error message quotes. */
export function quote(d: Buffer): string {
  if (d.length === 0) return 'nothing';
  const s = text(d.subarray(0, 80)).replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `'${s}${d.length > 80 ? '…' : ''}'`;
}
const tooBig = (d: Buffer): boolean => d.length > STEP_MAX_BYTES;
/** Nothing may follow the reply that grants the upgrade: those bytes would be read as TLS. */
const trailing = (d: Buffer): string | undefined => (d[d.length - 1] === 0x0a ? undefined : `bytes after the reply: ${quote(d)}`);

/** A numeric reply (SMTP, FTP): complete at its `nnn ` line, dead at a first line that is not numeric. */
function numeric(what: string, want: number, send?: string): StarttlsStep {
  return {
    what, send,
    done: (d) => tooBig(d) || lines(d).some((l) => /^\d{3}(?: |$)/.test(l)) || (lines(d).length > 0 && !/^\d{3}[ -]?/.test(lines(d)[0] ?? '')),
    refuse: (d) => {
      const last = lines(d).find((l) => /^\d{3}(?: |$)/.test(l));
      if (last === undefined) return `no ${want} reply to ${what}: ${quote(d)}`;
      if (Number(last.slice(0, 3)) !== want) return `${what} answered ${quote(Buffer.from(last, 'latin1'))}, not ${want}`;
      return trailing(d);
    },
  };
}

/** A one-line reply (POP3 `+OK`, IMAP greeting). */
function oneLine(what: string, ok: RegExp, send?: string): StarttlsStep {
  return {
    what, send,
    done: (d) => tooBig(d) || lines(d).length > 0,
    refuse: (d) => {
      const first = lines(d)[0];
      if (first === undefined) return `no answer line to ${what}: ${quote(d)}`;
      return ok.test(first) ? trailing(d) : `${what} answered ${quote(Buffer.from(first, 'latin1'))}`;
    },
  };
}

/** IMAP tagged reply: untagged `* ` lines may come first; any other line ends the step. */
function imapTagged(tag: string, command: string): StarttlsStep {
  const tagged = (l: string): boolean => l.startsWith(`${tag} `);
  return {
    what: command, send: `${tag} ${command}\r\n`,
    done: (d) => tooBig(d) || lines(d).some((l) => tagged(l) || !l.startsWith('* ')),
    refuse: (d) => {
      const ls = lines(d);
      const end = ls.find((l) => tagged(l) || !l.startsWith('* '));
      if (end === undefined) return `no tagged answer to ${command}: ${quote(d)}`;
      return new RegExp(`^${tag} OK\\b`, 'i').test(end) ? trailing(d) : `${command} answered ${quote(Buffer.from(end, 'latin1'))}`;
    },
  };
}

/** PostgreSQL SSLRequest (protocol 3, length 8, code 80877103): the answer is one byte, `S` or `N`. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** The dialogue of each protocol, in order; the connection is ready for a ClientHello after the last step. */
export const STARTTLS_DIALOGUES: Readonly<Record<StarttlsProtocol, readonly StarttlsStep[]>> = {
  smtp: [numeric('greeting', 220), numeric('EHLO', 250, 'EHLO farsight.invalid\r\n'), numeric('STARTTLS', 220, 'STARTTLS\r\n')],
  imap: [oneLine('greeting', /^\* OK\b/i), imapTagged('a1', 'STARTTLS')],
  pop3: [oneLine('greeting', /^\+OK\b/), oneLine('STLS', /^\+OK\b/, 'STLS\r\n')],
  ftp: [numeric('greeting', 220), numeric('AUTH TLS', 234, 'AUTH TLS\r\n')],
  postgresql: [{
    what: 'SSLRequest', send: SSL_REQUEST,
    done: (d) => d.length > 0,
    refuse: (d) => (d.length === 1 && d[0] === 0x53 ? undefined : d[0] === 0x4e ? 'SSLRequest answered N (TLS not enabled)' : `SSLRequest answered ${quote(d)}, not S`),
  }],
};
