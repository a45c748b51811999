/** Types of a labnet network description and of the ground truth derived from it. */
import type { CertKind, OsTruth, TlsVersion } from './catalog.ts';

/** Kinds of hostile host: each one misbehaves on every listed port. */
export const HOSTILE_KINDS = ['drip', 'flood', 'garbage', 'silent', 'tls-stall'] as const;
/** A hostile behaviour (see docs/labnet.md). */
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** Weak cipher classes a TLS service can accept: `null`/`anon` by OpenSSL itself, `3des`/`rc4` emulated. */
export const LEGACY_CIPHER_CLASSES = ['null', 'anon', '3des', 'rc4'] as const;
/** A weak cipher class. */
export type LegacyCipherClass = (typeof LEGACY_CIPHER_CLASSES)[number];

/** What OpenSSL 3 cannot serve: an SSL 3.0 / weak-suite front answers raw hellos (protocols/legacy-tls.ts). */
export interface LegacyTls {
  /** Answer an SSLv3-only ClientHello with an SSL 3.0 ServerHello. */
  sslv3?: boolean;
  /** Weak cipher classes accepted when a client offers only those. */
  ciphers?: LegacyCipherClass[];
}

/** Ways a service can answer a STARTTLS request badly (hostile fixtures of the STARTTLS checks). */
export const STARTTLS_MISBEHAVIOURS = ['garbage', 'drip', 'silent', 'not-tls'] as const;
/** A STARTTLS misbehaviour (see docs/labnet.md). */
export type StarttlsMisbehaviour = (typeof STARTTLS_MISBEHAVIOURS)[number];

/** TLS wrapping of one service. */
export interface TlsSpec {
  /** Certificate kind; default `valid`. */
  cert?: CertKind;
  /** Contiguous range of protocol versions; default TLSv1.2 + TLSv1.3. */
  versions?: TlsVersion[];
  /** SSL 3.0 and weak cipher suites (see docs/labnet.md). */
  legacy?: LegacyTls;
}

/** One service on a host. */
export interface ServiceSpec {
  port: number;
  /** Catalog profile id (see catalog.ts). */
  profile: string;
  /** Service name or type, optional: must agree with the profile (`https` implies TLS). */
  type?: string;
  tls?: TlsSpec;
  /** SMTP/IMAP/POP3/FTP/PostgreSQL only: the TLS its STARTTLS upgrade leads to (default: valid certificate, TLS 1.2–1.3), or a misbehaviour instead of the upgrade. */
  starttls?: StarttlsSpec;
}

/** The TLS behind a STARTTLS upgrade: as `tls` (the legacy front reads the first record after the grant), or a misbehaviour. */
export interface StarttlsSpec extends TlsSpec {
  misbehave?: StarttlsMisbehaviour;
}

/** One simulated host. */
export interface HostSpec {
  /** 127.x.y.z (x.y not 0.0) or ::1. */
  address: string;
  hostnames?: string[];
  os?: OsTruth;
  services?: ServiceSpec[];
  /** Makes the host hostile on `ports` (it then has no `services`). */
  hostile?: HostileKind;
  ports?: number[];
}

/** A whole simulated network. */
export interface LabnetSpec {
  name: string;
  /** Lifetime after which the network stops itself (default 600, max 86400). */
  ttlSeconds?: number;
  hosts: HostSpec[];
}

/** TLS facts of a service in ground truth. */
export interface TlsTruth {
  cert: CertKind;
  versions: TlsVersion[];
  legacy?: LegacyTls;
}

/** What a correct scanner must report for one open port. Absent vendor/product/version/cpe: not revealed by the service. */
export interface ServiceTruth {
  port: number;
  protocol: 'tcp' | 'udp';
  name: string;
  profile?: string;
  vendor?: string;
  product?: string;
  version?: string;
  cpe?: string;
  /** null when the service is not wrapped in TLS. */
  tls: TlsTruth | null;
  /** The TLS behind its STARTTLS upgrade, when the description set one (absent otherwise). */
  starttls?: TlsTruth;
  /** Weakness ids (catalog WEAKNESSES) a correct scanner reports. */
  weaknesses: string[];
  /** Weakness ids a correct scanner must not report (backport traps). */
  notWeaknesses: string[];
}

/** What a correct scanner must report for one host. */
export interface HostTruth {
  address: string;
  hostnames: string[];
  os?: OsTruth;
  hostile?: HostileKind;
  /** Open ports, TCP first, each sorted by port. */
  services: ServiceTruth[];
}

/** Ground truth of a whole network (JSON-serialisable, deterministic). */
export interface GroundTruth {
  name: string;
  hosts: HostTruth[];
}
