/**
 * The labnet service catalog: named profiles with the exact bytes each simulated service
 * emits and the ground truth (Recog naming) a correct scanner must report for it.
 * Data lives in ./catalog/*.ts by protocol family; this module indexes it.
 */
import { FarsightError } from '@farsight/common';
import type { Profile, ServiceType } from './catalog-types.ts';
import { SSH_PROFILES } from './catalog/ssh.ts';
import { HTTP_PROFILES } from './catalog/http.ts';
import { FTP_PROFILES, MAILBOX_PROFILES, SMTP_PROFILES } from './catalog/mail-ftp.ts';
import { MEMCACHED_PROFILES, MONGODB_PROFILES, MYSQL_PROFILES, POSTGRESQL_PROFILES, REDIS_PROFILES } from './catalog/databases.ts';
import { DNS_PROFILES, NTP_PROFILES, SNMP_PROFILES, TELNET_PROFILES } from './catalog/misc.ts';
import { VULN_HTTP_PROFILES, VULN_SSH_PROFILES } from './catalog/vuln-builds.ts';
import * as ACTIVE from './catalog/active-checks.ts';

export type * from './catalog-types.ts';
export { SERVICE_TYPES, UDP_TYPES } from './catalog-types.ts';

/** Certificate kinds a TLS service can present. */
export const CERT_KINDS = ['valid', 'expired', 'not-yet-valid', 'self-signed', 'wrong-host', 'sha1', 'rsa-1024'] as const;
/** A certificate kind (see docs/labnet.md). */
export type CertKind = (typeof CERT_KINDS)[number];
/** TLS protocol versions a service can be limited to (Node's names). */
export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
/** A TLS protocol version. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Every weakness id used in ground truth, with what a scanner must have observed. */
export const WEAKNESSES: Record<string, string> = {
  'ssh-protocol-1': 'SSH server accepts protocol 1 (identification SSH-1.99 or SSH-1.x)',
  'ssh-weak-kex': 'SSH KEXINIT offers SHA-1 or 1024-bit DH key exchange (RFC 9142): diffie-hellman-group1-sha1, -group14-sha1, -group-exchange-sha1',
  'ssh-weak-cipher': 'SSH KEXINIT offers CBC, 3DES, RC4, Blowfish or CAST ciphers',
  'ssh-weak-mac': 'SSH KEXINIT offers MD5 or 96-bit MACs',
  'ssh-weak-hostkey': 'SSH KEXINIT offers ssh-dss host keys',
  'http-trace-enabled': 'HTTP TRACE echoes the request (cross-site tracing)',
  'http-directory-listing': 'HTTP server returns an auto-generated directory index',
  'http-default-page': 'HTTP server shows a vendor default/welcome page',
  'http-missing-security-headers': 'HTML front page lacks X-Frame-Options (or CSP) or X-Content-Type-Options',
  'ftp-anonymous-login': 'FTP accepts USER anonymous with any password',
  'smtp-vrfy-enabled': 'SMTP VRFY confirms local users (252/250 with a mailbox)',
  'smtp-open-relay': 'SMTP accepts RCPT TO a foreign domain from an unauthenticated client',
  'redis-unauthenticated': 'Redis answers INFO/commands without AUTH',
  'memcached-unauthenticated': 'memcached answers stats without SASL',
  'mongodb-unauthenticated': 'MongoDB answers listDatabases without authentication',
  'elasticsearch-unauthenticated': 'Elasticsearch REST API answers without authentication',
  'telnet-cleartext': 'Telnet (cleartext login) is offered',
  'snmp-default-community': 'SNMP agent answers the community "public"',
  'ntp-mode6-query': 'NTP answers mode 6 control queries (READVAR)',
  'tls-cert-expired': 'TLS certificate notAfter is in the past',
  'tls-cert-not-yet-valid': 'TLS certificate notBefore is in the future',
  'tls-cert-self-signed': 'TLS certificate is self-signed',
  'tls-cert-wrong-host': 'TLS certificate names do not match the host',
  'tls-cert-sha1': 'TLS certificate is signed with SHA-1',
  'tls-cert-weak-key': 'TLS certificate has an RSA key shorter than 2048 bits',
  'tls-protocol-tlsv1.0': 'TLS 1.0 is accepted',
  'tls-protocol-tlsv1.1': 'TLS 1.1 is accepted',
  'tls-protocol-sslv3': 'SSL 3.0 is accepted (an SSLv3-only ClientHello gets an SSL 3.0 ServerHello)',
  'tls-weak-cipher-null': 'a NULL (no encryption) cipher suite is accepted when offered alone',
  'tls-weak-cipher-anon': 'an anonymous (ADH/AECDH) cipher suite is accepted when offered alone',
  'tls-weak-cipher-3des': 'a 3DES cipher suite is accepted when offered alone (SWEET32)',
  'tls-weak-cipher-rc4': 'an RC4 cipher suite is accepted when offered alone',
  'ssh-password-auth': 'SSH lists password (or keyboard-interactive) among the methods that can continue',
  'ftp-anonymous-writable': 'an anonymous FTP session may create directories (MKD 257)',
  'smtp-expn-enabled': 'SMTP EXPN expands an alias (250)',
  'http-server-version-disclosure': 'Server, X-Powered-By or X-AspNet-Version header carries a version number',
  'CVE-2011-2523': 'vsftpd 2.3.4 backdoor (version check)',
  'CVE-2024-6387': 'OpenSSH regreSSHion signal-handler race (backport-aware version check)',
};

/** Weakness id implied by each certificate kind (`valid` implies none). */
export const CERT_KIND_WEAKNESS: Record<CertKind, string | null> = {
  'valid': null, 'expired': 'tls-cert-expired', 'not-yet-valid': 'tls-cert-not-yet-valid', 'self-signed': 'tls-cert-self-signed',
  'wrong-host': 'tls-cert-wrong-host', 'sha1': 'tls-cert-sha1', 'rsa-1024': 'tls-cert-weak-key',
};

/** Every profile, in a stable order. */
export const CATALOG: readonly Profile[] = [
  ...SSH_PROFILES, ...HTTP_PROFILES, ...FTP_PROFILES, ...SMTP_PROFILES, ...MAILBOX_PROFILES, ...MYSQL_PROFILES,
  ...POSTGRESQL_PROFILES, ...REDIS_PROFILES, ...MEMCACHED_PROFILES, ...MONGODB_PROFILES, ...TELNET_PROFILES,
  ...DNS_PROFILES, ...SNMP_PROFILES, ...NTP_PROFILES,
  ...VULN_SSH_PROFILES, ...VULN_HTTP_PROFILES,
  ...ACTIVE.ACTIVE_SSH_PROFILES, ...ACTIVE.ACTIVE_HTTP_PROFILES, ...ACTIVE.ACTIVE_FTP_PROFILES, ...ACTIVE.ACTIVE_SMTP_PROFILES,
  ...ACTIVE.ACTIVE_MEMCACHED_PROFILES, ...ACTIVE.ACTIVE_SNMP_PROFILES,
];

const BY_ID = new Map(CATALOG.map((p) => [p.profile, p]));

/** The profile with this id, or undefined. */
export function findProfile(id: string): Profile | undefined {
  return BY_ID.get(id);
}

/** The profile with this id; throws LABNET_SPEC_INVALID listing close names when unknown. */
export function getProfile(id: string): Profile {
  const p = BY_ID.get(id);
  if (!p) {
    const stem = id.split(/[-.]/)[0] ?? id;
    const near = CATALOG.filter((c) => c.profile.startsWith(stem)).map((c) => c.profile);
    throw new FarsightError('LABNET_SPEC_INVALID', `unknown labnet profile "${id}"${near.length ? `; did you mean ${near.join(', ')}` : '; run `npm run labnet -- profiles` to list them'}`);
  }
  return p;
}

/** Profiles of one service type. */
export function profilesOfType(type: ServiceType): Profile[] {
  return CATALOG.filter((p) => p.type === type);
}
