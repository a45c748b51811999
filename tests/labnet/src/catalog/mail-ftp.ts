/** FTP, SMTP, POP3 and IMAP profiles. `{host}` in banners is replaced by the host's first name. */
import type { FtpProfile, MailboxProfile, SmtpProfile } from '../catalog-types.ts';

const VSFTPD_FEAT = ['EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TVFS'];

/** Every FTP profile. */
export const FTP_PROFILES: FtpProfile[] = [
  {
    profile: 'vsftpd-3.0.3', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'vsFTPd Project', product: 'vsFTPd',
    version: '3.0.3', cpe: 'cpe:/a:vsftpd_project:vsftpd:3.0.3', os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: [],
    banner: ['(vsFTPd 3.0.3)'], anonymous: false, syst: 'UNIX Type: L8', feat: VSFTPD_FEAT,
    description: 'vsftpd 3.0.3 (Debian/Ubuntu) with anonymous login disabled',
  },
  {
    profile: 'vsftpd-2.3.4', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'vsFTPd Project', product: 'vsFTPd',
    version: '2.3.4', cpe: 'cpe:/a:vsftpd_project:vsftpd:2.3.4', weaknesses: ['ftp-anonymous-login', 'CVE-2011-2523'],
    banner: ['(vsFTPd 2.3.4)'], anonymous: true, syst: 'UNIX Type: L8', feat: ['EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TVFS', 'UTF8'],
    description: 'vsftpd 2.3.4 (the backdoored release, CVE-2011-2523; the backdoor itself is not simulated) with anonymous login',
  },
  {
    profile: 'proftpd-1.3.5-debian', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'ProFTPD Project', product: 'ProFTPD',
    version: '1.3.5', cpe: 'cpe:/a:proftpd:proftpd:1.3.5', os: { vendor: 'Debian', product: 'Linux' }, weaknesses: [],
    banner: ['ProFTPD 1.3.5 Server (Debian) [{address}]'], anonymous: false, syst: 'UNIX Type: L8',
    feat: ['LANG en-US*', 'MDTM', 'MFMT', 'TVFS', 'UTF8', 'MFF modify;UNIX.group;UNIX.mode;', 'MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.mode*;UNIX.owner*;', 'SITE COPY', 'SITE MKDIR', 'SITE RMDIR', 'SITE SYMLINK', 'SITE UTIME', 'SIZE'],
    description: 'ProFTPD 1.3.5 on Debian 8, anonymous disabled',
  },
  {
    profile: 'proftpd-1.3.8', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'ProFTPD Project', product: 'ProFTPD',
    version: '1.3.8', cpe: 'cpe:/a:proftpd:proftpd:1.3.8', weaknesses: ['ftp-anonymous-login'],
    banner: ['ProFTPD 1.3.8 Server (ProFTPD Default Installation) [{address}]'], anonymous: true, syst: 'UNIX Type: L8',
    feat: ['EPRT', 'EPSV', 'MDTM', 'MFMT', 'TVFS', 'UTF8', 'MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.mode*;UNIX.owner*;', 'REST STREAM', 'SIZE'],
    description: 'ProFTPD 1.3.8 with an <Anonymous ~ftp> block',
  },
  {
    profile: 'pure-ftpd', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'PureFTPd', product: 'Pure-FTPd',
    version: null, cpe: 'cpe:/a:pureftpd:pure-ftpd:-', weaknesses: ['ftp-anonymous-login'],
    banner: ['--------- Welcome to Pure-FTPd [privsep] [TLS] ----------', 'You are user number 1 of 50 allowed.', 'Local time is now 10:15. Server port: 21.', 'This is a private system - No anonymous login', 'IPv6 connections are also welcome on this server.', 'You will be disconnected after 15 minutes of inactivity.'],
    anonymous: true, syst: 'UNIX Type: L8', feat: ['EPRT', 'IDLE', 'MDTM', 'SIZE', 'MFMT', 'REST STREAM', 'MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;', 'MLSD', 'AUTH TLS', 'PBSZ', 'PROT', 'UTF8', 'TVFS', 'ESTA', 'PASV', 'EPSV'],
    description: 'Pure-FTPd (no version in the banner); the banner claims no anonymous login but the server allows it',
  },
];

/** Every SMTP profile. */
export const SMTP_PROFILES: SmtpProfile[] = [
  {
    profile: 'postfix-ubuntu', type: 'smtp', name: 'smtp', tlsName: 'smtps', defaultPort: 25, vendor: 'Postfix', product: 'Postfix',
    version: null, cpe: 'cpe:/a:postfix:postfix:-', os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: ['smtp-vrfy-enabled'],
    banner: '{host} ESMTP Postfix (Ubuntu)',
    ehlo: ['PIPELINING', 'SIZE 10240000', 'VRFY', 'ETRN', 'STARTTLS', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING'],
    vrfy: true, openRelay: false, description: 'Postfix with the Ubuntu default smtpd_banner (no version), VRFY allowed, relaying denied',
  },
  {
    profile: 'postfix-3.5.25-open-relay', type: 'smtp', name: 'smtp', tlsName: 'smtps', defaultPort: 25, vendor: 'Postfix', product: 'Postfix',
    version: '3.5.25', cpe: 'cpe:/a:postfix:postfix:3.5.25', weaknesses: ['smtp-open-relay'],
    banner: '{host} ESMTP Postfix (3.5.25)',
    ehlo: ['PIPELINING', 'SIZE 10240000', 'ETRN', 'ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8'],
    vrfy: false, openRelay: true, description: 'Postfix with $mail_version in the banner, disable_vrfy_command=yes and mynetworks=0.0.0.0/0 (open relay)',
  },
  {
    profile: 'exim-4.96-debian', type: 'smtp', name: 'smtp', tlsName: 'smtps', defaultPort: 25, vendor: 'exim', product: 'exim',
    version: '4.96', cpe: 'cpe:/a:exim:exim:4.96', os: { vendor: 'Debian', product: 'Linux' }, weaknesses: [],
    banner: '{host} ESMTP Exim 4.96 Thu, 29 Feb 2024 10:00:00 +0000',
    ehlo: ['SIZE 52428800', '8BITMIME', 'PIPELINING', 'PIPECONNECT', 'CHUNKING', 'STARTTLS', 'PRDR', 'HELP'],
    vrfy: false, openRelay: false, description: 'Exim 4.96 (Debian 12 exim4-daemon-light); VRFY answers 252',
  },
];

const DOVECOT = { vendor: 'Dovecot', product: 'Dovecot', version: null, cpe: 'cpe:/a:dovecot:dovecot:-' } as const;

/** Every POP3 and IMAP profile. */
export const MAILBOX_PROFILES: MailboxProfile[] = [
  {
    profile: 'dovecot-pop3-ubuntu', type: 'pop3', name: 'pop3', tlsName: 'pop3s', defaultPort: 110, ...DOVECOT,
    os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: [], banner: 'Dovecot (Ubuntu) ready.',
    capabilities: ['CAPA', 'TOP', 'UIDL', 'RESP-CODES', 'PIPELINING', 'AUTH-RESP-CODE', 'STLS', 'SASL PLAIN', 'USER'],
    description: 'Dovecot POP3 on Ubuntu',
  },
  {
    profile: 'dovecot-imap-ubuntu', type: 'imap', name: 'imap', tlsName: 'imaps', defaultPort: 143, ...DOVECOT,
    os: { vendor: 'Ubuntu', product: 'Linux' }, weaknesses: [],
    banner: '[CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.',
    capabilities: ['IMAP4rev1', 'SASL-IR', 'LOGIN-REFERRALS', 'ID', 'ENABLE', 'IDLE', 'LITERAL+', 'STARTTLS', 'AUTH=PLAIN'],
    description: 'Dovecot IMAP on Ubuntu',
  },
  {
    profile: 'dovecot-imap', type: 'imap', name: 'imap', tlsName: 'imaps', defaultPort: 143, ...DOVECOT, weaknesses: [],
    banner: '[CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN AUTH=LOGIN] Dovecot ready.',
    capabilities: ['IMAP4rev1', 'SASL-IR', 'LOGIN-REFERRALS', 'ID', 'ENABLE', 'IDLE', 'LITERAL+', 'STARTTLS', 'AUTH=PLAIN', 'AUTH=LOGIN'],
    description: 'Dovecot IMAP built from source (no distribution tag)',
  },
];
