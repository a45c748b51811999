/**
 * Types of the labnet service catalog: what each simulated service emits on the wire and
 * the ground truth a correct scanner must report for it. Vendor/product/version/cpe follow
 * Recog's naming exactly (the value Recog's matching fingerprint yields), `null` when the
 * service does not reveal it before authentication.
 */

/** Which simulator implementation speaks for a profile. */
export type ServiceType =
  | 'ssh' | 'http' | 'ftp' | 'smtp' | 'pop3' | 'imap' | 'mysql' | 'postgresql' | 'redis'
  | 'memcached' | 'mongodb' | 'telnet' | 'dns' | 'snmp' | 'ntp';

/** Every service type, in catalog order. */
export const SERVICE_TYPES: readonly ServiceType[] = [
  'ssh', 'http', 'ftp', 'smtp', 'pop3', 'imap', 'mysql', 'postgresql', 'redis',
  'memcached', 'mongodb', 'telnet', 'dns', 'snmp', 'ntp',
];

/** Service types that run over UDP (the rest are TCP). */
export const UDP_TYPES: readonly ServiceType[] = ['dns', 'snmp', 'ntp'];

/** Operating system a scanner may infer (Recog `os.*` naming). */
export interface OsTruth {
  vendor: string;
  product: string;
  version?: string;
}

/** Fields every profile has: identity, ground truth and default placement. */
export interface ProfileBase {
  /** Stable profile id, e.g. `openssh-8.9p1-ubuntu-3ubuntu0.10`. */
  profile: string;
  type: ServiceType;
  /** Service name a scanner reports (IANA-ish), without TLS. */
  name: string;
  /** Service name when the service is wrapped in TLS (https, imaps, pop3s, smtps, ftps). */
  tlsName?: string;
  /** The port this software usually listens on. */
  defaultPort: number;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  /** OS that the service's own evidence reveals (or that it usually runs on). */
  os?: OsTruth;
  /** Weakness ids (see WEAKNESSES) a correct scanner must report. */
  weaknesses: string[];
  /** Weakness ids a scanner must NOT report (backport false-positive traps). */
  notWeaknesses?: string[];
  description: string;
}

/** SSH_MSG_KEXINIT name-lists (RFC 4253 §7.1), server to client = client to server. */
export interface SshAlgorithms {
  kex: string[];
  hostKey: string[];
  ciphers: string[];
  macs: string[];
  compression: string[];
}

/** An SSH server: identification line then an unencrypted KEXINIT. */
export interface SshProfile extends ProfileBase {
  type: 'ssh';
  /** Full identification string without CRLF, e.g. `SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.10`. */
  banner: string;
  algorithms: SshAlgorithms;
  /** When set, a real SSH server (ssh2) completes the key exchange and answers every login with these methods; nobody can log in. */
  authMethods?: string[];
}

/** One HTTP resource. */
export interface HttpPage {
  status: number;
  reason: string;
  contentType: string;
  body: string;
  /** Body is base64 (binary resources such as /favicon.ico). */
  base64?: boolean;
  headers?: [string, string][];
}

/** An HTTP server (also used for HTTPS when the service has `tls`). */
export interface HttpProfile extends ProfileBase {
  type: 'http';
  /** Server header value, or null when the software sends none. */
  server: string | null;
  /** Headers sent with every response, after Date and Server. */
  headers: [string, string][];
  /** Resources by path; `/` is the default page. */
  pages: Record<string, HttpPage>;
  notFound: HttpPage;
  /** TRACE echoes the request (XST). */
  trace: boolean;
  /** Title of the default page, as a scanner should report it (null when none). */
  title: string | null;
}

/** An FTP server (RFC 959) with enough commands for a scanner. */
export interface FtpProfile extends ProfileBase {
  type: 'ftp';
  /** Greeting lines without the 220 code; several lines become a 220- continuation. */
  banner: string[];
  anonymous: boolean;
  /** The anonymous user may MKD/RMD (directories live only in memory, per connection). */
  anonymousWritable?: boolean;
  syst: string;
  feat: string[];
}

/** An SMTP server (RFC 5321). `{host}` in texts is replaced by the host's name. */
export interface SmtpProfile extends ProfileBase {
  type: 'smtp';
  /** Greeting text after `220 `. */
  banner: string;
  /** EHLO extension lines after the first (greeting) line. */
  ehlo: string[];
  vrfy: boolean;
  openRelay: boolean;
  /** EXPN expands `root`/`postmaster` (250) instead of 502. */
  expn?: boolean;
}

/** A POP3 (RFC 1939) or IMAP (RFC 9051) server. */
export interface MailboxProfile extends ProfileBase {
  type: 'pop3' | 'imap';
  /** Greeting after `+OK ` (POP3) or `* OK ` (IMAP). */
  banner: string;
  capabilities: string[];
}

/** A MySQL/MariaDB server: protocol-10 initial handshake. */
export interface MysqlProfile extends ProfileBase {
  type: 'mysql';
  serverVersion: string;
  capabilities: number;
  charset: number;
  authPlugin: string;
}

/** A PostgreSQL server: answers SSLRequest and StartupMessage. */
export interface PostgresqlProfile extends ProfileBase {
  type: 'postgresql';
  /** `md5`: AuthenticationMD5Password; `reject`: ErrorResponse (pg_hba.conf). */
  startup: 'md5' | 'reject';
  /** Server version used in ErrorResponse routine/line details (not sent as text). */
  serverVersion: string;
}

/** A Redis server speaking RESP. */
export interface RedisProfile extends ProfileBase {
  type: 'redis';
  redisVersion: string;
  /** requirepass set: every command but AUTH/QUIT answers -NOAUTH. */
  requireAuth: boolean;
  os: OsTruth;
  /** `os:` line of INFO server, e.g. `Linux 5.15.0-91-generic x86_64`. */
  infoOs: string;
}

/** A memcached server (text protocol). */
export interface MemcachedProfile extends ProfileBase {
  type: 'memcached';
  memcachedVersion: string;
  /** Started with an auth file (-Y): text commands other than `version` answer CLIENT_ERROR unauthenticated. */
  requireAuth?: boolean;
}

/** A MongoDB server: OP_QUERY isMaster and OP_MSG hello/buildInfo. */
export interface MongodbProfile extends ProfileBase {
  type: 'mongodb';
  mongoVersion: string;
  maxWireVersion: number;
  requireAuth: boolean;
  gitVersion: string;
}

/** A Telnet server: IAC negotiation then a login prompt. `{short}` is the host's short name. */
export interface TelnetProfile extends ProfileBase {
  type: 'telnet';
  /** Text sent after the negotiation (CRLF line ends). */
  banner: string;
}

/** A DNS server (RFC 1035) answering version.bind CH TXT and A queries. */
export interface DnsProfile extends ProfileBase {
  type: 'dns';
  versionBind: string;
}

/** An SNMP v1/v2c agent answering GET for the system group. `{short}` is the host's short name. */
export interface SnmpProfile extends ProfileBase {
  type: 'snmp';
  communities: string[];
  sysDescr: string;
  sysObjectId: string;
}

/** An NTP server (RFC 5905) answering mode 3 and, when set, mode 6 READVAR. */
export interface NtpProfile extends ProfileBase {
  type: 'ntp';
  stratum: number;
  refId: string;
  /** READVAR (mode 6) text; null when the server ignores mode 6 (modern default). */
  readvar: string | null;
}

/** A catalog entry. */
export type Profile =
  | SshProfile | HttpProfile | FtpProfile | SmtpProfile | MailboxProfile | MysqlProfile
  | PostgresqlProfile | RedisProfile | MemcachedProfile | MongodbProfile | TelnetProfile
  | DnsProfile | SnmpProfile | NtpProfile;
