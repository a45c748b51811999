/** SMTP (RFC 5321), POP3 (RFC 1939, CAPA RFC 2449) and IMAP (RFC 9051) greetings and pre-auth commands. */
import type { MailboxProfile, SmtpProfile } from '../catalog.ts';
import { LineConn, fill, type ServiceContext, type Stream } from '../session.ts';

const MAX_COMMANDS = 200;
const LOCAL_USERS = new Set(['root', 'postmaster', 'admin', 'www-data', 'mail', 'nobody']);

function isLocalDomain(domain: string, ctx: ServiceContext): boolean {
  const d = domain.toLowerCase();
  const parent = ctx.hostname.split('.').slice(1).join('.');
  return d === ctx.hostname || d === 'localhost' || (parent !== '' && (d === parent || d.endsWith(`.${parent}`)));
}

/** Serves one SMTP connection. */
export function serveSmtp(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as SmtpProfile;
  const postfix = p.product === 'Postfix';
  let count = 0;
  let inData = false;
  let dataBytes = 0;
  const ehlo = (): string[] => p.ehlo.filter((e) => e !== 'STARTTLS' || ctx.secureContext !== undefined);
  const conn = new LineConn(stream, (line, c) => {
    if (inData) {
      dataBytes += line.length;
      if (line === '.') { inData = false; c.write('250 2.0.0 Ok: queued as 4B2F11C0A3\r\n'); }
      else if (dataBytes > 200_000) c.end('552 5.3.4 Message size exceeds fixed limit\r\n');
      return;
    }
    if (++count > MAX_COMMANDS) { c.end('421 4.7.0 Too many commands\r\n'); return; }
    const cmd = line.split(' ')[0]?.toUpperCase() ?? '';
    const arg = line.slice(cmd.length).trim();
    switch (cmd) {
      case 'EHLO': {
        const lines = [ctx.hostname, ...ehlo()];
        c.write(lines.map((l, i) => `250${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join(''));
        return;
      }
      case 'HELO': c.write(`250 ${ctx.hostname}\r\n`); return;
      case 'VRFY': {
        if (!p.vrfy) { c.write(postfix ? '502 5.5.1 VRFY command is disabled\r\n' : '252 2.1.0 Administrative prohibition\r\n'); return; }
        const user = arg.replace(/[<>]/g, '').split('@')[0] ?? '';
        c.write(LOCAL_USERS.has(user.toLowerCase()) ? `252 2.0.0 ${user}\r\n` : `550 5.1.1 <${user}>: Recipient address rejected: User unknown in local recipient table\r\n`);
        return;
      }
      case 'EXPN': {
        const alias = arg.replace(/[<>]/g, '').split('@')[0]?.toLowerCase() ?? '';
        if (!p.expn) { c.write('502 5.5.2 Error: command not recognized\r\n'); return; }
        c.write(alias === 'root' || alias === 'postmaster' ? `250 2.1.5 <admin@${ctx.hostname}>\r\n` : `550 5.1.1 ${alias}... User unknown\r\n`);
        return;
      }
      case 'MAIL': c.write('250 2.1.0 Ok\r\n'); return;
      case 'RCPT': {
        const addr = /<([^>]*)>/.exec(arg)?.[1] ?? arg.replace(/^TO:/i, '').trim();
        const domain = addr.includes('@') ? addr.split('@').pop() ?? '' : ctx.hostname;
        if (p.openRelay || isLocalDomain(domain, ctx)) c.write('250 2.1.5 Ok\r\n');
        else c.write(`554 5.7.1 <${addr}>: Relay access denied\r\n`);
        return;
      }
      case 'DATA': inData = true; dataBytes = 0; c.write('354 End data with <CR><LF>.<CR><LF>\r\n'); return;
      case 'RSET': c.write('250 2.0.0 Ok\r\n'); return;
      case 'NOOP': c.write('250 2.0.0 Ok\r\n'); return;
      case 'HELP': c.write(postfix ? '502 5.5.2 Error: command not recognized\r\n' : '214-Commands supported:\r\n214 AUTH STARTTLS HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP\r\n'); return;
      case 'STARTTLS':
        if (!ehlo().includes('STARTTLS')) { c.write('502 5.5.1 Error: command not implemented\r\n'); return; }
        if (c.misbehaveOnStartTls(ctx, '220 2.0.0 Ready to start TLS\r\n')) return;
        c.write('220 2.0.0 Ready to start TLS\r\n');
        c.startTls(ctx);
        return;
      case 'QUIT': c.end('221 2.0.0 Bye\r\n'); return;
      default: c.write('502 5.5.2 Error: command not recognized\r\n');
    }
  });
  conn.write(`220 ${fill(p.banner, ctx)}\r\n`);
}

/** Serves one POP3 connection. */
export function servePop3(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as MailboxProfile;
  let count = 0;
  const caps = (): string[] => p.capabilities.filter((x) => x !== 'STLS' || ctx.secureContext !== undefined);
  const conn = new LineConn(stream, (line, c) => {
    if (++count > MAX_COMMANDS) { c.end('-ERR Too many commands.\r\n'); return; }
    const cmd = line.split(' ')[0]?.toUpperCase() ?? '';
    switch (cmd) {
      case 'CAPA': c.write(`+OK\r\n${caps().join('\r\n')}\r\n.\r\n`); return;
      case 'USER': c.write('+OK\r\n'); return;
      case 'PASS': c.write('-ERR [AUTH] Authentication failed.\r\n'); return;
      case 'NOOP': c.write('+OK\r\n'); return;
      case 'STLS':
        if (!caps().includes('STLS')) { c.write('-ERR Unknown command.\r\n'); return; }
        if (c.misbehaveOnStartTls(ctx, '+OK Begin TLS negotiation now.\r\n')) return;
        c.write('+OK Begin TLS negotiation now.\r\n');
        c.startTls(ctx);
        return;
      case 'QUIT': c.end('+OK Logging out.\r\n'); return;
      default: c.write('-ERR Unknown command.\r\n');
    }
  });
  conn.write(`+OK ${fill(p.banner, ctx)}\r\n`);
}

/** Serves one IMAP connection. */
export function serveImap(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as MailboxProfile;
  let count = 0;
  const caps = (): string[] => p.capabilities.filter((x) => x !== 'STARTTLS' || ctx.secureContext !== undefined);
  const banner = fill(p.banner, ctx).replace(/\bSTARTTLS /, ctx.secureContext ? 'STARTTLS ' : '');
  const conn = new LineConn(stream, (line, c) => {
    if (++count > MAX_COMMANDS) { c.end('* BYE Too many commands.\r\n'); return; }
    const [tag = '*', rawCmd = ''] = line.split(' ');
    const cmd = rawCmd.toUpperCase();
    switch (cmd) {
      case 'CAPABILITY': c.write(`* CAPABILITY ${caps().join(' ')}\r\n${tag} OK Pre-login capabilities listed, post-login capabilities have more.\r\n`); return;
      case 'NOOP': c.write(`${tag} OK NOOP completed.\r\n`); return;
      case 'ID': c.write(`* ID ("name" "Dovecot")\r\n${tag} OK ID completed.\r\n`); return;
      case 'LOGIN': case 'AUTHENTICATE': c.write(`${tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n`); return;
      case 'STARTTLS':
        if (!caps().includes('STARTTLS')) { c.write(`${tag} BAD Error in IMAP command STARTTLS: Unknown command.\r\n`); return; }
        if (c.misbehaveOnStartTls(ctx, `${tag} OK Begin TLS negotiation now.\r\n`)) return;
        c.write(`${tag} OK Begin TLS negotiation now.\r\n`);
        c.startTls(ctx);
        return;
      case 'LOGOUT': c.end(`* BYE Logging out\r\n${tag} OK Logout completed.\r\n`); return;
      default: c.write(`${tag} BAD Error in IMAP command received by server.\r\n`);
    }
  });
  conn.write(`* OK ${banner}\r\n`);
}
