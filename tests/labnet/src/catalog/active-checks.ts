/**
 * Profiles for the active-check network (issue 5): each weakness with a twin without it —
 * SSH with and without password authentication (a real ssh2 server), a hardened nginx,
 * Elasticsearch with security on, writable anonymous FTP, Sendmail with VRFY/EXPN, memcached
 * with an auth file, and SNMP agents with `private` and with a non-default community.
 */
import type { FtpProfile, HttpProfile, MemcachedProfile, SmtpProfile, SnmpProfile, SshAlgorithms, SshProfile } from '../catalog-types.ts';

/** Algorithms the ssh2 server implements, none of them weak. */
const MODERN_SSH2: SshAlgorithms = {
  kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'diffie-hellman-group14-sha256'],
  hostKey: ['ssh-ed25519'], ciphers: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes256-ctr'],
  macs: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'], compression: ['none'],
};

const sshAuth = (profile: string, authMethods: string[], description: string): SshProfile => ({
  profile, type: 'ssh', name: 'ssh', defaultPort: 22, vendor: 'OpenBSD', product: 'OpenSSH', version: '9.6p1', cpe: 'cpe:/a:openbsd:openssh:9.6p1',
  os: { vendor: 'Ubuntu', product: 'Linux', version: '24.04' }, banner: 'SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5', algorithms: MODERN_SSH2, authMethods,
  weaknesses: authMethods.some((m) => m === 'password' || m === 'keyboard-interactive') ? ['ssh-password-auth'] : [], description,
});

/** SSH profiles served by a real key exchange. */
export const ACTIVE_SSH_PROFILES: SshProfile[] = [
  sshAuth('openssh-9.6p1-password', ['publickey', 'password'], 'OpenSSH 9.6p1 (Ubuntu 24.04) with PasswordAuthentication yes; real key exchange (ssh2), every login rejected'),
  sshAuth('openssh-9.6p1-pubkey-only', ['publickey'], 'OpenSSH 9.6p1 (Ubuntu 24.04) with PasswordAuthentication no; real key exchange (ssh2), every login rejected'),
];

const HARDENED_PAGE = '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Operations portal</title>\n</head>\n<body>\n<h1>Operations portal</h1>\n<p>Sign in with your company account.</p>\n</body>\n</html>\n';

/** HTTP profiles: a hardened server and a secured Elasticsearch. */
export const ACTIVE_HTTP_PROFILES: HttpProfile[] = [
  {
    profile: 'nginx-hardened', type: 'http', name: 'http', tlsName: 'https', defaultPort: 80, vendor: 'nginx', product: 'nginx', version: null, cpe: 'cpe:/a:f5:nginx:-',
    weaknesses: [], server: 'nginx', trace: false, title: 'Operations portal',
    headers: [['X-Frame-Options', 'DENY'], ['X-Content-Type-Options', 'nosniff'], ['Content-Security-Policy', "default-src 'self'"], ['Strict-Transport-Security', 'max-age=31536000']],
    pages: { '/': { status: 200, reason: 'OK', contentType: 'text/html', body: HARDENED_PAGE } },
    notFound: { status: 404, reason: 'Not Found', contentType: 'text/html', body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n' },
    description: 'nginx with server_tokens off, security headers, its own front page and TRACE refused',
  },
  {
    profile: 'elasticsearch-8.13.4-secured', type: 'http', name: 'http', tlsName: 'https', defaultPort: 9200, vendor: 'Elastic', product: 'Elasticsearch', version: null, cpe: null,
    weaknesses: [], server: null, trace: false, title: null,
    headers: [['WWW-Authenticate', 'Basic realm="security" charset="UTF-8"'], ['WWW-Authenticate', 'ApiKey']],
    pages: { '/': { status: 401, reason: 'Unauthorized', contentType: 'application/json', body: '{"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\\"security\\" charset=\\"UTF-8\\"","ApiKey"]}}],"type":"security_exception","reason":"missing authentication credentials for REST request [/]"},"status":401}\n' } },
    notFound: { status: 401, reason: 'Unauthorized', contentType: 'application/json', body: '{"error":{"type":"security_exception","reason":"missing authentication credentials"},"status":401}\n' },
    description: 'Elasticsearch 8 with security enabled (the 8.x default): every request without credentials gets 401',
  },
];

/** FTP: anonymous login that may create directories. */
export const ACTIVE_FTP_PROFILES: FtpProfile[] = [{
  profile: 'vsftpd-3.0.5-anon-writable', type: 'ftp', name: 'ftp', tlsName: 'ftps', defaultPort: 21, vendor: 'vsFTPd Project', product: 'vsFTPd', version: '3.0.5',
  cpe: 'cpe:/a:vsftpd_project:vsftpd:3.0.5', weaknesses: ['ftp-anonymous-login', 'ftp-anonymous-writable'], banner: ['(vsFTPd 3.0.5)'], anonymous: true,
  anonymousWritable: true, syst: 'UNIX Type: L8', feat: ['EPRT', 'EPSV', 'MDTM', 'PASV', 'REST STREAM', 'SIZE', 'TVFS', 'UTF8'],
  description: 'vsftpd 3.0.5 with anonymous_enable=YES, anon_mkdir_write_enable=YES (MKD/RMD kept in memory only)',
}];

/** SMTP: Sendmail with VRFY and EXPN. */
export const ACTIVE_SMTP_PROFILES: SmtpProfile[] = [{
  profile: 'sendmail-8.17.1-expn', type: 'smtp', name: 'smtp', tlsName: 'smtps', defaultPort: 25, vendor: 'Sendmail', product: 'Sendmail', version: '8.17.1.9',
  cpe: 'cpe:/a:sendmail:sendmail:8.17.1.9', weaknesses: ['smtp-vrfy-enabled', 'smtp-expn-enabled'],
  banner: '{host} ESMTP Sendmail 8.17.1.9/8.17.1.9; Mon, 3 Jun 2024 09:12:44 GMT',
  ehlo: ['ENHANCEDSTATUSCODES', 'PIPELINING', '8BITMIME', 'SIZE', 'DSN', 'ETRN', 'DELIVERBY', 'HELP'],
  vrfy: true, openRelay: false, expn: true, description: 'Sendmail 8.17 without PrivacyOptions: VRFY and EXPN answer, relaying denied',
}];

/** memcached with an auth file. */
export const ACTIVE_MEMCACHED_PROFILES: MemcachedProfile[] = [{
  profile: 'memcached-1.6.21-auth', type: 'memcached', name: 'memcached', defaultPort: 11211, vendor: 'Memcached', product: 'Memcached', version: '1.6.21',
  cpe: 'cpe:/a:memcached:memcached:1.6.21', weaknesses: [], memcachedVersion: '1.6.21', requireAuth: true,
  description: 'memcached 1.6.21 started with -Y (text-protocol auth file): stats without credentials gets CLIENT_ERROR unauthenticated',
}];

const NET_SNMP_DESCR = 'Linux {short} 6.1.0-21-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03) x86_64';

/** SNMP agents with `private` and with a site-specific community. */
export const ACTIVE_SNMP_PROFILES: SnmpProfile[] = [
  {
    profile: 'net-snmp-private-rw', type: 'snmp', name: 'snmp', defaultPort: 161, vendor: null, product: null, version: null, cpe: null,
    os: { vendor: 'Linux', product: 'Linux', version: '6.1.0-21-amd64' }, weaknesses: ['snmp-default-community'], communities: ['public', 'private'],
    sysDescr: NET_SNMP_DESCR, sysObjectId: '1.3.6.1.4.1.8072.3.2.10', description: 'Net-SNMP with rocommunity public and rwcommunity private',
  },
  {
    profile: 'net-snmp-custom-community', type: 'snmp', name: 'snmp', defaultPort: 161, vendor: null, product: null, version: null, cpe: null,
    os: { vendor: 'Linux', product: 'Linux', version: '6.1.0-21-amd64' }, weaknesses: [], communities: ['n3tw0rk-m0n'],
    sysDescr: NET_SNMP_DESCR, sysObjectId: '1.3.6.1.4.1.8072.3.2.10', description: 'Net-SNMP with only a site-specific community (no public/private)',
  },
];
