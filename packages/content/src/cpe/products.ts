/**
 * The products Farsight's version checks know: their NVD CPE vendor:product, the names
 * fingerprints (Recog) give them, CPE aliases seen in the wild, and banner patterns that
 * reveal a version when no fingerprint did (including products named inside another
 * product's banner, e.g. `OpenSSL/1.0.2k` in an Apache Server header).
 */

/** One known product. */
export interface ProductDef {
  /** NVD `vendor:product`, e.g. `openbsd:openssh`; version rules are indexed by it. */
  key: string;
  /** Display name. */
  name: string;
  /** Other `vendor:product` spellings (old NVD names, Recog's choices). */
  aliases: string[];
  /** Lower-case product names a fingerprint may report (vendor is not needed to tell them apart). */
  names: string[];
  /** Patterns over banner / Server header / version text; group 1 is the version. */
  patterns: RegExp[];
  /** Distributions ship and patch it themselves (so a distro host may run a backported build). */
  distroPackaged: boolean;
}

const V = String.raw`(\d+(?:\.\d+)+[a-z]?\d*(?:[-.](?:p|P|rc|RC|M|beta|alpha)\d+)?)`;
const re = (prefix: string, flags = ''): RegExp => new RegExp(`${prefix}${V}`, flags);

/** Every product with version rules in the built-in pack. */
export const PRODUCTS: readonly ProductDef[] = [
  { key: 'openbsd:openssh', name: 'OpenSSH', aliases: [], names: ['openssh'], patterns: [/OpenSSH_(\d+\.\d+(?:\.\d+)?(?:p\d+)?)/], distroPackaged: true },
  { key: 'apache:http_server', name: 'Apache HTTP Server', aliases: ['apache:httpd'], names: ['httpd', 'http server', 'http_server', 'apache httpd'], patterns: [re('\\bApache/')], distroPackaged: true },
  { key: 'f5:nginx', name: 'nginx', aliases: ['nginx:nginx', 'igor_sysoev:nginx'], names: ['nginx'], patterns: [re('\\bnginx/')], distroPackaged: true },
  { key: 'beasts:vsftpd', name: 'vsftpd', aliases: ['vsftpd_project:vsftpd'], names: ['vsftpd'], patterns: [re('\\bvsFTPd ', 'i')], distroPackaged: true },
  { key: 'proftpd:proftpd', name: 'ProFTPD', aliases: ['proftpd_project:proftpd'], names: ['proftpd'], patterns: [re('\\bProFTPD ')], distroPackaged: true },
  { key: 'exim:exim', name: 'Exim', aliases: [], names: ['exim'], patterns: [re('\\bExim ')], distroPackaged: true },
  { key: 'postfix:postfix', name: 'Postfix', aliases: [], names: ['postfix'], patterns: [], distroPackaged: true },
  { key: 'dovecot:dovecot', name: 'Dovecot', aliases: [], names: ['dovecot'], patterns: [], distroPackaged: true },
  { key: 'openssl:openssl', name: 'OpenSSL', aliases: [], names: ['openssl'], patterns: [/\bOpenSSL\/(\d+\.\d+\.\d+[a-z]{0,2})/], distroPackaged: true },
  { key: 'redis:redis', name: 'Redis', aliases: ['redislabs:redis'], names: ['redis'], patterns: [], distroPackaged: true },
  { key: 'oracle:mysql', name: 'MySQL', aliases: ['mysql:mysql'], names: ['mysql'], patterns: [], distroPackaged: true },
  { key: 'mariadb:mariadb', name: 'MariaDB', aliases: [], names: ['mariadb'], patterns: [/(?:^|-)(\d+\.\d+\.\d+)-MariaDB/], distroPackaged: true },
  { key: 'postgresql:postgresql', name: 'PostgreSQL', aliases: [], names: ['postgresql'], patterns: [], distroPackaged: true },
  { key: 'samba:samba', name: 'Samba', aliases: [], names: ['samba'], patterns: [re('\\bSamba ')], distroPackaged: true },
  { key: 'isc:bind', name: 'ISC BIND', aliases: [], names: ['bind', 'bind9'], patterns: [], distroPackaged: true },
  { key: 'lighttpd:lighttpd', name: 'lighttpd', aliases: [], names: ['lighttpd'], patterns: [re('\\blighttpd/')], distroPackaged: true },
  { key: 'apache:tomcat', name: 'Apache Tomcat', aliases: [], names: ['tomcat'], patterns: [re('Apache Tomcat/')], distroPackaged: true },
  { key: 'eclipse:jetty', name: 'Eclipse Jetty', aliases: ['mortbay:jetty'], names: ['jetty'], patterns: [/\bJetty\((\d+\.\d+\.\d+)/], distroPackaged: true },
  { key: 'microsoft:internet_information_services', name: 'Microsoft IIS', aliases: ['microsoft:iis'], names: ['iis', 'internet information services'], patterns: [/Microsoft-IIS\/(\d+\.\d+)/], distroPackaged: false },
  { key: 'memcached:memcached', name: 'memcached', aliases: [], names: ['memcached'], patterns: [], distroPackaged: true },
  { key: 'elastic:elasticsearch', name: 'Elasticsearch', aliases: ['elasticsearch:elasticsearch'], names: ['elasticsearch'], patterns: [], distroPackaged: false },
  { key: 'mongodb:mongodb', name: 'MongoDB', aliases: [], names: ['mongodb'], patterns: [], distroPackaged: false },
];

const BY_KEY = new Map<string, ProductDef>();
for (const p of PRODUCTS) for (const k of [p.key, ...p.aliases]) BY_KEY.set(k, p);

/** The product with this `vendor:product` key or alias. */
export function productByKey(key: string): ProductDef | undefined {
  return BY_KEY.get(key.toLowerCase());
}

/** The product a fingerprint's product name stands for (vendor disambiguates `httpd`). */
export function productByName(vendor: string | undefined, product: string): ProductDef | undefined {
  const p = product.trim().toLowerCase();
  const v = (vendor ?? '').trim().toLowerCase();
  if (p === 'httpd' && v !== '' && v !== 'apache') return undefined;
  return PRODUCTS.find((d) => d.names.includes(p) || d.names.includes(`${v} ${p}`));
}
