/**
 * Pure parsers of line-based greetings and replies: SMTP/FTP numeric replies (RFC 5321
 * §4.2, RFC 959 §4.2: `code-text` continuation lines, `code text` final line), POP3 status
 * lines (RFC 1939) and IMAP greetings (RFC 9051 §7.1).
 */

/** One complete numeric reply: its code and the text of each line. */
export interface NumericReply {
  code: number;
  lines: string[];
  /** Byte offset after the final line. */
  end: number;
}

const MAX_REPLY_LINES = 100;

/**
 * Parses the first complete numeric reply from `buf`, or undefined while incomplete or when
 * the bytes are not a numeric reply.
 */
export function parseNumericReply(buf: Buffer, offset = 0): NumericReply | undefined {
  const lines: string[] = [];
  let code: number | undefined;
  let pos = offset;
  for (let i = 0; i < MAX_REPLY_LINES; i++) {
    const lf = buf.indexOf(0x0a, pos);
    if (lf < 0) return undefined;
    const line = buf.subarray(pos, lf).toString('latin1').replace(/\r$/, '');
    pos = lf + 1;
    const m = /^(\d{3})([ -]|$)(.*)$/.exec(line);
    if (!m) {
      // RFC 959 allows free text inside a multi-line FTP reply; anything else is not a reply.
      if (code === undefined) return undefined;
      lines.push(line);
      continue;
    }
    const c = Number(m[1]);
    code ??= c;
    lines.push(m[3] ?? '');
    if (c === code && m[2] !== '-') return { code, lines, end: pos };
  }
  return undefined;
}

/** True when `buf` holds one complete numeric reply. */
export function numericReplyComplete(buf: Buffer): boolean {
  return parseNumericReply(buf) !== undefined;
}

/** SMTP EHLO result (RFC 5321 §4.1.1.1): the greeting line and the extension keywords. */
export interface EhloResult {
  code: number;
  domain: string;
  /** Extension lines as sent, e.g. `SIZE 10240000`, `STARTTLS`, `AUTH PLAIN LOGIN`. */
  extensions: string[];
  /** Each reply line with its code, e.g. `250-mail.example.com`, `250 SMTPUTF8` (Recog's smtp_ehlo form). */
  lines: string[];
}

/** Parses an EHLO reply; undefined when it is not a complete numeric reply. */
export function parseEhlo(buf: Buffer): EhloResult | undefined {
  const r = parseNumericReply(buf);
  if (!r) return undefined;
  const [first = '', ...rest] = r.lines;
  const lines = r.lines.map((l, i) => `${r.code}${i === r.lines.length - 1 ? ' ' : '-'}${l}`);
  return { code: r.code, domain: first.split(' ')[0] ?? '', extensions: rest.map((l) => l.trim()).filter((l) => l !== '').slice(0, 50), lines };
}

/** The text of a POP3 `+OK …` greeting line, or undefined. */
export function parsePop3Greeting(buf: Buffer): string | undefined {
  const m = /^\+OK ?([^\r\n]*)\r?\n/.exec(buf.subarray(0, 4096).toString('latin1'));
  return m ? (m[1] ?? '').trim() : undefined;
}

/** The text of an IMAP `* OK …` / `* PREAUTH …` greeting line, or undefined. */
export function parseImapGreeting(buf: Buffer): { status: string; text: string } | undefined {
  const m = /^\* (OK|PREAUTH|BYE) ?([^\r\n]*)\r?\n/i.exec(buf.subarray(0, 4096).toString('latin1'));
  return m ? { status: (m[1] ?? '').toUpperCase(), text: (m[2] ?? '').trim() } : undefined;
}

/** Capability list of an IMAP greeting's `[CAPABILITY …]` response code. */
export function imapCapabilities(text: string): string[] {
  const m = /\[CAPABILITY ([^\]]{1,2000})\]/i.exec(text);
  return m ? (m[1] ?? '').split(' ').filter((c) => c !== '').slice(0, 100) : [];
}

/** Lines of a POP3 multi-line response (after `+OK`) up to the terminating `.` (RFC 1939 §3). */
export function parsePop3MultiLine(buf: Buffer): string[] | undefined {
  const text = buf.subarray(0, 64 * 1024).toString('latin1');
  if (!text.startsWith('+OK')) return undefined;
  const end = text.search(/\r?\n\.\r?\n/);
  if (end < 0) return undefined;
  return text.slice(0, end).split(/\r?\n/).slice(1, 101).map((l) => l.trim());
}
