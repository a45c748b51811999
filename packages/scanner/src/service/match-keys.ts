/**
 * The Recog match keys each observation is fed to (docs/fingerprints.md has the table; the
 * names are those of the `matches` attribute in Recog's XML files).
 */
export const KEYS = {
  sshBanner: 'ssh.banner',
  ftpBanner: 'ftp.banner',
  smtpBanner: 'smtp.banner',
  smtpEhlo: 'smtp.ehlo',
  pop3Banner: 'pop3.banner',
  imapBanner: 'imap4.banner',
  nntpBanner: 'nntp.banner',
  telnetBanner: 'telnet.banner',
  mysqlBanner: 'mysql.banners',
  mysqlError: 'mysql.error',
  httpServer: 'http_header.server',
  httpPoweredBy: 'http_header.x-powered-by',
  httpWwwAuth: 'http_header.wwwauth',
  httpCookie: 'http_header.cookie',
  htmlTitle: 'html_title',
  faviconMd5: 'favicon.md5',
  x509Subject: 'x509.subject',
  x509Issuer: 'x509.issuer',
  dnsVersionBind: 'dns.versionbind',
  snmpSysDescr: 'snmp.sys_description',
  snmpSysObjectId: 'snmp.sys_object_id',
  ntpReadvar: 'ntp.readvar',
} as const;
