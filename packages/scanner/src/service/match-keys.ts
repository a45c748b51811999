/**
 * The Recog match keys each observation is fed to (docs/fingerprints.md has the table; the
 * names are those of the `matches` attribute in Recog's XML files).
 */
export const KEYS = {
  sshBanner: 'ssh.banner',
  ftpBanner: 'ftp.banner',
  smtpBanner: 'smtp.banner',
  /** Recog file without `matches`: the key is the file name; one reply line with its code. */
  smtpEhlo: 'smtp_ehlo',
  pop3Banner: 'pop3.banner',
  imapBanner: 'imap4.banner',
  nntpBanner: 'nntp.banner',
  /** Recog file without `matches`: the key is the file name. */
  telnetBanner: 'telnet_banners',
  mysqlBanner: 'mysql.banners',
  mysqlError: 'mysql.error',
  httpServer: 'http_header.server',
  /** The Server header again, for the OS-only second pass on Apache. */
  apacheOs: 'apache_os',
  httpPoweredBy: 'http_header.x-powered-by',
  httpWwwAuth: 'http_header.wwwauth',
  httpCookie: 'http_header.cookie',
  htmlTitle: 'html_title',
  /** Farsight key: body of GET / (first 8 KiB). */
  httpBody: 'http_body',
  faviconMd5: 'favicon.md5',
  /** Farsight keys (packages/content/fingerprints): replies of client-first probes. */
  redisPing: 'redis.ping',
  redisInfo: 'redis.info',
  memcachedVersion: 'memcached.version',
  mongodbBuildinfo: 'mongodb.buildinfo',
  postgresqlError: 'postgresql.error',
  x509Subject: 'x509.subject',
  x509Issuer: 'x509.issuer',
  dnsVersionBind: 'dns.versionbind',
  snmpSysDescr: 'snmp.sys_description',
  snmpSysObjectId: 'snmp.sys_object_id',
  ntpReadvar: 'ntp.readvar',
} as const;
