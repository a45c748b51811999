/**
 * The scanner's result model. These shapes are the `--json` document of `farsight scan`
 * (docs/scan-json.md) and what engines will later stream to the console.
 */
import type { Finding } from './checks/types.ts';
import type { HostAuthResult } from './auth/types.ts';

/** Transport protocol of a port. */
export type Protocol = 'tcp' | 'udp';

/** State of one port after probing. */
export type PortState = 'open' | 'closed' | 'filtered' | 'open|filtered';

/** Whether a host answered discovery. */
export type HostStatus = 'up' | 'down';

/** One piece of evidence that led to a service or OS conclusion. */
export interface Evidence {
  /** Which probe produced it, e.g. `banner`, `http-get`, `tls-handshake`, `ssh-kexinit`. */
  probe: string;
  /** What was looked at, e.g. `ssh.banner`, `http.header.server`, `tls.cert.subject`. */
  key: string;
  /** The raw value (printable; binary is escaped), capped in length. */
  value: string;
  /** The fingerprint that matched this value, if any (`recog:ssh_banners.xml:<description>` / `nmap:<probe>:<line>`). */
  fingerprint?: string;
}

/** TLS details of a service. */
export interface TlsInfo {
  /** Negotiated protocol with the default client, e.g. `TLSv1.3`. */
  protocol: string;
  cipher: string;
  /** Protocol versions the server accepted when offered alone. */
  supportedProtocols: string[];
  certificate?: {
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    subjectAltNames: string[];
    selfSigned: boolean;
    keyType?: string;
    keyBits?: number;
    signatureAlgorithm?: string;
    fingerprintSha256: string;
  };
  /** Why the handshake failed, when it did. */
  error?: string;
}

/** SSH details of a service (RFC 4253 identification string and KEXINIT name-lists). */
export interface SshInfo {
  identification: string;
  protoVersion: string;
  softwareVersion: string;
  comments?: string;
  kexAlgorithms: string[];
  hostKeyAlgorithms: string[];
  ciphers: string[];
  macs: string[];
  compression: string[];
}

/** HTTP details of a service. */
export interface HttpInfo {
  statusCode: number;
  server?: string;
  title?: string;
  headers: Record<string, string>;
  /** MD5 of /favicon.ico as hex (Recog favicons.xml keys on it), when served. */
  faviconMd5?: string;
}

/** One detected service on a port. */
export interface ServiceResult {
  port: number;
  protocol: Protocol;
  state: PortState;
  /** IANA-like service name: `ssh`, `http`, `https`, `ftp`, `smtp`, … or `unknown`. */
  name: string;
  /** True when the service speaks TLS (directly, not via STARTTLS). */
  tunnel?: 'ssl';
  vendor?: string;
  product?: string;
  version?: string;
  /** CPE 2.3 string of the service, e.g. `cpe:2.3:a:openbsd:openssh:8.9p1:*:*:*:*:*:*:*`. */
  cpe?: string;
  /** First bytes the service sent (printable; binary escaped). */
  banner?: string;
  /** All params the matched fingerprints produced (Recog names, e.g. `service.family`). */
  params?: Record<string, string>;
  tls?: TlsInfo;
  ssh?: SshInfo;
  http?: HttpInfo;
  evidence: Evidence[];
  /** Why detection stopped early (timeout, byte cap, reset), if it did. */
  note?: string;
}

/** An operating-system guess from service evidence. */
export interface OsGuess {
  family?: string;
  vendor?: string;
  product?: string;
  version?: string;
  cpe?: string;
  /** 0..100 */
  confidence: number;
  /** Which service evidence led there, e.g. `ssh banner OpenSSH_8.9p1 Ubuntu-3ubuntu0.10`. */
  source: string;
}

/** Everything learnt about one host. */
export interface HostResult {
  address: string;
  hostnames: string[];
  status: HostStatus;
  /** How discovery decided the status, e.g. `tcp-connect 22 open`, `tcp-connect 80 reset`, `assumed (--no-discovery)`. */
  reason: string;
  os: OsGuess | Record<string, never>;
  services: ServiceResult[];
  /** Vulnerability findings of the host's services, most severe first (docs/scan-json.md). */
  findings: Finding[];
  /** Smoothed round-trip time in microseconds, if measured. */
  rttMicros?: number;
  /** Ports that gave no answer at all (filtered), counted not listed. */
  filteredPorts?: number;
  closedPorts?: number;
  /** Authenticated scanning (SSH): login outcome, inventory, invulnerable verdicts (docs/authenticated-scanning.md). */
  auth?: HostAuthResult;
}

/** Statistics of a whole scan. */
export interface ScanStats {
  startedAt: string;
  finishedAt: string;
  elapsedMs: number;
  template: string;
  targetsSpecified: string[];
  exclusions: string[];
  hostsTotal: number;
  hostsUp: number;
  hostsDown: number;
  portsProbed: number;
  openPorts: number;
  servicesIdentified: number;
  probesPerSecond: number;
  rateLimit: number;
  maxParallelHosts: number;
  /** Addresses that were skipped because they resolved outside scope. */
  outOfScope: number;
  farsightVersion: string;
  /** Credential coverage when credentials were given: hosts attempted, logged in (success or elevation-failed), per outcome. */
  credentials?: { attempted: number; success: number; outcomes: Record<string, number> };
}

/** The document `farsight scan --json` prints. */
export interface ScanReport {
  scan: ScanStats;
  hosts: HostResult[];
}
