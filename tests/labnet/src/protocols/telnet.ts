/** Telnet (RFC 854): option negotiation (IAC DO/WILL, RFC 1091/1073), banner and a login prompt that never succeeds. */
import type { TelnetProfile } from '../catalog.ts';
import { fill, guard, type ServiceContext, type Stream } from '../session.ts';

const IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;
/** What inetutils telnetd asks first: DO TERMINAL-TYPE, DO TSPEED, DO XDISPLOC, DO NEW-ENVIRON. */
const LINUX_NEGOTIATION = Buffer.from([IAC, DO, 24, IAC, DO, 32, IAC, DO, 35, IAC, DO, 39]);
/** What Cisco IOS sends: WILL ECHO, WILL SUPPRESS-GO-AHEAD, DO TERMINAL-TYPE, DO NAWS. */
const CISCO_NEGOTIATION = Buffer.from([IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 24, IAC, DO, 31]);
const MAX_TRIES = 3;

/** Strips IAC sequences from client bytes, returning text and the refusals to send back. */
export function stripIac(data: Buffer): { text: string; reply: Buffer } {
  const out: number[] = [];
  const reply: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const b = data[i] ?? 0;
    if (b !== IAC) { out.push(b); continue; }
    const cmd = data[i + 1];
    const opt = data[i + 2];
    if (cmd === DO && opt !== undefined) { reply.push(IAC, WONT, opt); i += 2; }
    else if (cmd === WILL && opt !== undefined) { reply.push(IAC, DONT, opt); i += 2; }
    else if ((cmd === DONT || cmd === WONT) && opt !== undefined) i += 2;
    else if (cmd === SB) { const se = data.indexOf(SE, i); i = se < 0 ? data.length : se; }
    else i += 1;
  }
  return { text: Buffer.from(out).toString('latin1'), reply: Buffer.from(reply) };
}

/** Serves one Telnet connection. */
export function serveTelnet(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as TelnetProfile;
  const cisco = p.vendor === 'Cisco';
  stream.write(cisco ? CISCO_NEGOTIATION : LINUX_NEGOTIATION);
  let bannerSent = false;
  const sendBanner = (): void => { if (!bannerSent && stream.writable) { bannerSent = true; stream.write(fill(p.banner, ctx), 'latin1'); } };
  // Real telnetd waits for the negotiation answers; a scanner may never send them.
  const timer = setTimeout(sendBanner, 300);
  stream.on('close', () => clearTimeout(timer));
  let line = '';
  let stage: 'user' | 'password' = 'user';
  let tries = 0;
  stream.on('data', guard(stream, (d: Buffer) => {
    const { text, reply } = stripIac(d);
    if (reply.length) stream.write(reply);
    sendBanner();
    line += text;
    if (line.length > 1024) { stream.destroy(); return; }
    let i: number;
    while ((i = line.search(/[\r\n]/)) >= 0) {
      const entered = line.slice(0, i);
      line = line.slice(i + 1).replace(/^[\n\0]/, '');
      if (stage === 'user') {
        if (entered === '') continue;
        stage = 'password';
        stream.write('Password: ');
      } else {
        stage = 'user';
        if (++tries >= MAX_TRIES) { stream.end(cisco ? '\r\n% Bad passwords\r\n' : '\r\nLogin incorrect\r\n'); return; }
        stream.write(cisco ? '\r\n% Login invalid\r\n\r\nUsername: ' : `\r\nLogin incorrect\r\n${ctx.shortName} login: `);
      }
    }
  }));
}
