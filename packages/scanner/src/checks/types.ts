/**
 * The contract every check and every finding follows (issue 5; STYLE.md "Extension points").
 *
 * A check is data (`meta`) plus at most three functions: `appliesTo(service, host)` decides
 * cheaply whether it is worth running, `run(ctx)` gathers evidence through the context's
 * transports (the only I/O), and a pure `evaluate(evidence, target)` turns evidence into
 * findings. Checks are listed in an explicit registry (`packages/scanner/src/checks/registry.ts`),
 * never registered by import side effects.
 */
import type { HostResult, ServiceResult, Protocol } from '../types.ts';
import type { Conn } from '../service/conn.ts';

/** Severity of a finding (InsightVM's buckets plus `info`). */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** A check's category: only `safe` checks run by default. */
export type CheckCategory = 'safe' | 'intrusive' | 'auth-required';

/** `vulnerable` is confirmed by evidence; `potential` means the evidence cannot decide (e.g. a distro build whose revision is hidden). */
export type Verdict = 'vulnerable' | 'potential';

/** How sure the rule is: `high` = confirmed by a response, `medium` = version evidence, `low` = inferred. */
export type Confidence = 'high' | 'medium' | 'low';

/** A scored CVSS vector. */
export interface CvssScore {
  version: '3.1' | '4.0';
  vector: string;
  score: number;
}

/** One finding as it appears under `hosts[].findings` in `farsight scan --json` (docs/scan-json.md). */
export interface Finding {
  /** Vulnerability id, e.g. `farsight-tls-tlsv1.0-enabled` or `CVE-2023-38408`. */
  id: string;
  title: string;
  severity: Severity;
  cvss?: CvssScore;
  cves: string[];
  port?: number;
  protocol?: Protocol;
  /** What was seen that proves it, quoted from the service (printable, capped). */
  proof: string;
  confidence: Confidence;
  verdict: Verdict;
  /** Which rule decided it, e.g. `version:openssh:CVE-2023-38408:debian-12` or `check:tls-protocol-versions`. */
  rule: string;
  /** Distinguishes several findings of one id on one port (e.g. a cipher name); '' when single. */
  instance?: string;
  /** Local (authenticated) findings: the installed package the advisory names (issue 6). */
  package?: string;
  /** Local findings: the installed version of `package`. */
  installedVersion?: string;
  /** Local findings: the first version that fixes it, when the advisory names one. */
  fixedVersion?: string;
  /** Local findings: the advisory id (OSV id, e.g. `DSA-5724-1`, `RLSA-2024:4312`). */
  advisory?: string;
}

/** Why a version rule decided a service is NOT vulnerable (kept for `--explain` and tests). */
export interface InvulnerableVerdict {
  id: string;
  port?: number;
  protocol?: Protocol;
  rule: string;
  /** e.g. `fixed in 1:8.9p1-3ubuntu0.10, banner shows 1:8.9p1-3ubuntu0.10`. */
  reason: string;
}

/** Metadata of a check (validated by the content schema in `packages/content/src/vulns/`). */
export interface CheckMeta {
  id: string;
  title: string;
  categories: CheckCategory[];
  /** Service names it applies to (`ssh`, `http`, `https`, …); empty = decided by appliesTo alone. */
  services: string[];
  /** Vulnerability ids this check can report. */
  reports: string[];
}

/** What a check's `run` may use. Transports apply the scope guard, deadlines and byte caps. */
export interface CheckContext {
  host: HostResult;
  service: ServiceResult;
  /** Canonical address, already scope-checked. */
  address: string;
  /** Aborted at the check's deadline. */
  signal: AbortSignal;
  /** Milliseconds the check may spend in total. */
  timeoutMs: number;
  /** The only way a check reaches the network (scope guard, byte cap and deadline applied). */
  net: CheckTransport;
}

/** Transports a check's `run` uses: every connect is scope-checked, capped and closed at the deadline. */
export interface CheckTransport {
  /** Opens a TCP connection to the service's port; TLS-wrapped when `tls` (default: the service's own tunnel). Throws on failure. */
  connect(options?: { tls?: boolean }): Promise<Conn>;
  /** Sends one UDP datagram to the service's port; the first reply, or undefined after `waitMs`. */
  udpExchange(payload: Buffer, options?: { waitMs?: number }): Promise<Buffer | undefined>;
  /** Idle wait for one reply, in milliseconds. */
  readTimeoutMs: number;
  /** Server name for TLS SNI and HTTP Host (the host's first name, else its address). */
  hostName: string;
}

/** An active check (remote, unauthenticated). */
export interface ActiveCheck<E = unknown> {
  meta: CheckMeta;
  appliesTo(service: ServiceResult, host: HostResult): boolean;
  run(ctx: CheckContext): Promise<E>;
  evaluate(evidence: E, service: ServiceResult, host: HostResult): Finding[];
}
