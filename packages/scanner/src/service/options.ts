/**
 * Options of service detection and the two small interfaces it needs from the fingerprint
 * engine (`@farsight/content`'s FingerprintDb and NmapProbeDb; tests pass small fakes).
 */
import { FarsightError } from '@farsight/common';
import type { FingerprintDb, NmapProbeDb } from '@farsight/content';

/** One fingerprint match: the params it produced and the fingerprint's id. */
export type { FingerprintMatch, NmapMatch } from '@farsight/content';

/** Matches one observed text against the fingerprints of one Recog match key (FingerprintDb). */
export type Matcher = Pick<FingerprintDb, 'match'>;

/** Matches a raw response against nmap's service probes (NmapProbeDb). */
export type NmapMatcher = Pick<NmapProbeDb, 'match'>;

/** Options of detectTcpService / detectUdpServices. */
export interface DetectOptions {
  /** Recog fingerprints (FingerprintDb). */
  matcher: Matcher;
  /** Optional nmap service-probe DB, consulted only when our own probes leave the product unknown. */
  nmap?: NmapMatcher;
  /** Default 2000. */
  connectTimeoutMs?: number;
  /** Per-probe wait for data (an idle timeout: a new chunk restarts it), default 2000. */
  readTimeoutMs?: number;
  /** Hard deadline for one port, default 10000: no host can hold a port longer. */
  totalTimeoutMs?: number;
  /** Per-probe response cap in bytes, default 64 KiB. */
  maxBytes?: number;
  /** Called before every connect or datagram; nothing is sent when it throws. */
  assertInScope: (address: string) => void;
  /** Name for TLS SNI and HTTP Host headers. */
  hostname?: string;
}

/** DetectOptions with every default filled in. */
export interface ResolvedOptions {
  matcher: Matcher;
  nmap?: NmapMatcher;
  connectTimeoutMs: number;
  readTimeoutMs: number;
  totalTimeoutMs: number;
  maxBytes: number;
  assertInScope: (address: string) => void;
  hostname?: string;
}

/**
 * Fills in defaults and clamps values to sane ranges (a 0 or negative timeout would spin).
 * Throws INVALID_ARGUMENT without a scope check or matcher: detection never runs unguarded.
 */
export function resolveOptions(o: DetectOptions): ResolvedOptions {
  if (typeof o.assertInScope !== 'function') {
    throw new FarsightError('INVALID_ARGUMENT', 'service detection needs assertInScope(address); pass the scan scope check so nothing outside it is contacted');
  }
  if (typeof o.matcher?.match !== 'function') {
    throw new FarsightError('INVALID_ARGUMENT', 'service detection needs a matcher (a FingerprintDb); load one with FingerprintDb.builtin()');
  }
  const clamp = (v: number | undefined, def: number, min: number, max: number): number =>
    v === undefined || !Number.isFinite(v) ? def : Math.min(max, Math.max(min, Math.floor(v)));
  return {
    matcher: o.matcher,
    nmap: o.nmap,
    connectTimeoutMs: clamp(o.connectTimeoutMs, 2000, 10, 60_000),
    readTimeoutMs: clamp(o.readTimeoutMs, 2000, 10, 60_000),
    totalTimeoutMs: clamp(o.totalTimeoutMs, 10_000, 50, 300_000),
    maxBytes: clamp(o.maxBytes, 64 * 1024, 256, 16 * 1024 * 1024),
    assertInScope: o.assertInScope,
    hostname: o.hostname,
  };
}
