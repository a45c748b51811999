/** FTP control connection (RFC 959, FEAT per RFC 2389): greeting, USER/PASS, SYST, FEAT, QUIT. */
import type { FtpProfile } from '../catalog.ts';
import { LineConn, fill, type ServiceContext, type Stream } from '../session.ts';

const MAX_COMMANDS = 200;
const PRE_LOGIN = new Set(['USER', 'PASS', 'SYST', 'FEAT', 'QUIT', 'HELP', 'NOOP', 'AUTH', 'OPTS']);

/** The greeting: one 220 line, or a 220- continuation block (RFC 959 §4.2). */
export function ftpGreeting(p: FtpProfile, ctx: ServiceContext): string {
  const lines = p.banner.map((l) => fill(l, ctx));
  return lines.map((l, i) => `220${i === lines.length - 1 ? ' ' : '-'}${l}\r\n`).join('');
}

/** Serves one FTP control connection. */
export function serveFtp(stream: Stream, ctx: ServiceContext): void {
  const p = ctx.profile as FtpProfile;
  const vsftpd = p.product === 'vsFTPd';
  let user: string | null = null;
  let loggedIn = false;
  let count = 0;
  const dirs = new Set<string>();
  const conn = new LineConn(stream, (line, c) => {
    if (++count > MAX_COMMANDS) { c.end('421 Too many commands.\r\n'); return; }
    const sp = line.indexOf(' ');
    const cmd = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1);
    if (!loggedIn && !PRE_LOGIN.has(cmd)) { c.write('530 Please login with USER and PASS.\r\n'); return; }
    switch (cmd) {
      case 'USER':
        user = arg;
        if (p.anonymous && /^(anonymous|ftp)$/i.test(arg)) c.write(vsftpd ? '331 Please specify the password.\r\n' : '331 Anonymous login ok, send your complete email address as your password\r\n');
        else c.write(vsftpd ? '331 Please specify the password.\r\n' : `331 Password required for ${arg}\r\n`);
        return;
      case 'PASS':
        if (user === null) { c.write('503 Login with USER first.\r\n'); return; }
        if (p.anonymous && /^(anonymous|ftp)$/i.test(user)) {
          loggedIn = true;
          c.write(vsftpd ? '230 Login successful.\r\n' : '230 Anonymous access granted, restrictions apply\r\n');
        } else {
          c.write(vsftpd ? '530 Login incorrect.\r\n' : '530 Login incorrect.\r\n');
          user = null;
        }
        return;
      case 'SYST': c.write(`215 ${p.syst}\r\n`); return;
      case 'FEAT': c.write(`211-Features:\r\n${p.feat.map((f) => ` ${f}\r\n`).join('')}211 End\r\n`); return;
      case 'NOOP': c.write('200 NOOP ok.\r\n'); return;
      case 'HELP': c.write('214-The following commands are recognized.\r\n ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD\r\n214 Help OK.\r\n'); return;
      case 'OPTS': c.write(/^UTF8 ON$/i.test(arg) ? '200 Always in UTF8 mode.\r\n' : '501 Option not understood.\r\n'); return;
      case 'AUTH':
        if (/^(TLS|SSL)$/i.test(arg) && p.feat.includes('AUTH TLS') && ctx.secureContext) {
          if (!c.misbehaveOnStartTls(ctx, '234 AUTH TLS OK.\r\n')) { c.write('234 AUTH TLS OK.\r\n'); c.startTls(ctx); }
        }
        else c.write('502 Security extensions not implemented.\r\n');
        return;
      case 'QUIT': c.end('221 Goodbye.\r\n'); return;
      case 'PWD': c.write('257 "/" is the current directory\r\n'); return;
      case 'CWD': c.write('250 Directory successfully changed.\r\n'); return;
      case 'TYPE': c.write('200 Switching to Binary mode.\r\n'); return;
      // Directories exist only in this connection's memory: nothing touches the disk.
      case 'MKD':
        if (!p.anonymousWritable || !/^[\w.-]{1,64}$/.test(arg) || dirs.size >= 16) { c.write('550 Permission denied.\r\n'); return; }
        dirs.add(arg);
        c.write(`257 "/${arg}" created\r\n`);
        return;
      case 'RMD':
        if (!dirs.delete(arg)) { c.write('550 Remove directory operation failed.\r\n'); return; }
        c.write('250 Remove directory operation successful.\r\n');
        return;
      // No data connections: opening ports on the fly would change what a port scan sees.
      case 'PASV': case 'EPSV': case 'PORT': case 'EPRT': case 'LIST': case 'NLST': case 'RETR': case 'STOR':
        c.write("425 Can't open data connection.\r\n"); return;
      default: c.write('500 Unknown command.\r\n');
    }
  });
  conn.write(ftpGreeting(p, ctx));
}
