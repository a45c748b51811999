/**
 * Telnet option negotiation (RFC 854 commands, RFC 855 option negotiation): strips IAC
 * sequences out of the server's bytes and builds refusals, so a login prompt can be read.
 */

const IAC = 0xff;
const DONT = 0xfe;
const DO = 0xfd;
const WONT = 0xfc;
const WILL = 0xfb;
const SB = 0xfa;
const SE = 0xf0;

/** True when the bytes start with a telnet command (IAC followed by a negotiation verb). */
export function startsWithIac(buf: Buffer): boolean {
  return buf[0] === IAC && (buf[1] ?? 0) >= SE && buf[1] !== IAC;
}

/** The printable data and the option requests found in `buf`. */
export interface TelnetParsed {
  text: Buffer;
  /** Our refusals: WONT for each DO, DONT for each WILL (we want no options). */
  reply: Buffer;
  options: number;
}

/** Separates data from IAC commands; subnegotiations are skipped. Bounded by the input length. */
export function parseTelnet(buf: Buffer): TelnetParsed {
  const text: number[] = [];
  const reply: number[] = [];
  let options = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] ?? 0;
    if (b !== IAC) { text.push(b); i++; continue; }
    const cmd = buf[i + 1];
    if (cmd === undefined) break;
    if (cmd === IAC) { text.push(IAC); i += 2; continue; }
    if (cmd >= WILL && cmd <= DONT) {
      const opt = buf[i + 2];
      if (opt === undefined) break;
      options++;
      if (cmd === DO) reply.push(IAC, WONT, opt);
      else if (cmd === WILL) reply.push(IAC, DONT, opt);
      i += 3;
      continue;
    }
    if (cmd === SB) {
      const end = buf.indexOf(Buffer.from([IAC, SE]), i + 2);
      i = end < 0 ? buf.length : end + 2;
      continue;
    }
    i += 2;
  }
  return { text: Buffer.from(text), reply: Buffer.from(reply), options };
}
