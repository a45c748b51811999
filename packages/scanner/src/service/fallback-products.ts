/**
 * A small safety net for when the fingerprint database names no product: the product/version
 * tokens that common servers put in their banners, with the CPE vendor:product NVD uses.
 * Fingerprints (Recog) stay the primary source; these rules only fill what they left empty.
 */

/** One rule: which key's text it reads, the pattern (group 1 = version) and the product. */
interface Rule {
  keys: string[];
  re: RegExp;
  vendor: string;
  product: string;
  cpe: string;
}

const RULES: Rule[] = [
  { keys: ['ssh.banner'], re: /^OpenSSH_for_Windows_([\w.]+)/, vendor: 'Microsoft', product: 'OpenSSH for Windows', cpe: 'microsoft:openssh' },
  { keys: ['ssh.banner'], re: /^OpenSSH_([\w.]+)/, vendor: 'OpenBSD', product: 'OpenSSH', cpe: 'openbsd:openssh' },
  { keys: ['ssh.banner'], re: /^dropbear_([\w.]+)/i, vendor: 'Matt Johnston', product: 'Dropbear SSH', cpe: 'dropbear_ssh_project:dropbear_ssh' },
  { keys: ['ssh.banner'], re: /^libssh[_-]([\w.]+)/, vendor: 'libssh', product: 'libssh', cpe: 'libssh:libssh' },
  { keys: ['http_header.server'], re: /^Apache(?:\/([\d.]+))?/, vendor: 'Apache', product: 'HTTPD', cpe: 'apache:http_server' },
  { keys: ['http_header.server'], re: /^nginx(?:\/([\d.]+))?/, vendor: 'nginx', product: 'nginx', cpe: 'f5:nginx' },
  { keys: ['http_header.server'], re: /^Microsoft-IIS(?:\/([\d.]+))?/, vendor: 'Microsoft', product: 'IIS', cpe: 'microsoft:internet_information_services' },
  { keys: ['http_header.server'], re: /^lighttpd(?:\/([\d.]+))?/, vendor: 'lighttpd', product: 'lighttpd', cpe: 'lighttpd:lighttpd' },
  { keys: ['http_header.server'], re: /^Caddy$/, vendor: 'Caddy', product: 'Caddy', cpe: 'caddyserver:caddy' },
  { keys: ['ftp.banner'], re: /\(vsFTPd ([\d.]+)\)/, vendor: 'vsftpd', product: 'vsftpd', cpe: 'beasts:vsftpd' },
  { keys: ['ftp.banner'], re: /ProFTPD ([\d.]+\w*)/, vendor: 'ProFTPD Project', product: 'ProFTPD', cpe: 'proftpd:proftpd' },
  { keys: ['ftp.banner'], re: /Pure-FTPd(?: ([\d.]+))?/, vendor: 'Pure-FTPd', product: 'Pure-FTPd', cpe: 'pureftpd:pure-ftpd' },
  { keys: ['ftp.banner'], re: /FileZilla Server(?: version)? ?([\d.]+)?/i, vendor: 'FileZilla', product: 'FileZilla Server', cpe: 'filezilla-project:filezilla_server' },
  { keys: ['smtp.banner'], re: /ESMTP Postfix()/, vendor: 'Postfix', product: 'Postfix', cpe: 'postfix:postfix' },
  { keys: ['smtp.banner'], re: /ESMTP Exim ([\d.]+)/, vendor: 'Exim', product: 'Exim', cpe: 'exim:exim' },
  { keys: ['smtp.banner'], re: /ESMTP Sendmail ([\d.]+)/, vendor: 'Sendmail', product: 'Sendmail', cpe: 'sendmail:sendmail' },
  { keys: ['pop3.banner', 'imap4.banner'], re: /Dovecot()/, vendor: 'Dovecot', product: 'Dovecot', cpe: 'dovecot:dovecot' },
  { keys: ['pop3.banner', 'imap4.banner'], re: /Courier-(?:IMAP|POP3)()/i, vendor: 'Double Precision', product: 'Courier Mail Server', cpe: 'courier-mta:courier_mail_server' },
  { keys: ['pop3.banner', 'imap4.banner'], re: /Cyrus (?:IMAP|POP3)[^ ]* v?([\d.]+)/i, vendor: 'Carnegie Mellon University', product: 'Cyrus IMAP', cpe: 'cmu:cyrus_imap_server' },
  { keys: ['mysql.banners'], re: /^(?:5\.5\.5-)?([\d.]+)-MariaDB/i, vendor: 'MariaDB', product: 'MariaDB', cpe: 'mariadb:mariadb' },
  { keys: ['mysql.banners'], re: /^(\d+\.\d+\.\d+)/, vendor: 'Oracle', product: 'MySQL', cpe: 'oracle:mysql' },
];

/** Product params from the first rule matching `text` under `key`, or undefined. */
export function fallbackProduct(key: string, text: string): Record<string, string> | undefined {
  for (const rule of RULES) {
    if (!rule.keys.includes(key)) continue;
    const m = rule.re.exec(text);
    if (!m) continue;
    const version = m[1] || undefined;
    return {
      'service.vendor': rule.vendor,
      'service.product': rule.product,
      ...(version ? { 'service.version': version } : {}),
      'service.cpe23': `cpe:/a:${rule.cpe}:${version ?? '-'}`,
    };
  }
  return undefined;
}
