/**
 * Shared by the active-check suites: start the active-checks network in a /24 of 127.6.x
 * of the suite's own, detect one service like the scan pipeline does, run one check on it.
 */
import { FingerprintDb } from '@farsight/content';
import { detectTcpService, detectUdpServices } from '@farsight/scanner/service/index';
import { runChecks, type CheckRunResult } from '@farsight/scanner/checks/runner';
import type { ActiveCheck } from '@farsight/scanner/checks/types';
import type { HostResult, ServiceResult } from '@farsight/scanner/types';

let db: Promise<FingerprintDb> | undefined;
const fingerprints = (): Promise<FingerprintDb> => (db ??= FingerprintDb.builtin());

/** Identifies one service the way runScan does (same fingerprints, same options). */
export async function detect(address: string, port: number, protocol: 'tcp' | 'udp', hostname?: string): Promise<ServiceResult> {
  const matcher = await fingerprints();
  if (protocol === 'udp') {
    const [s] = await detectUdpServices(address, [port], { matcher, assertInScope: () => undefined });
    return s ?? { port, protocol, state: 'open|filtered', name: 'unknown', evidence: [] };
  }
  return detectTcpService(address, port, { matcher, assertInScope: () => undefined, hostname, totalTimeoutMs: 15_000 });
}

/** A host result with one service. */
export function hostWith(address: string, hostnames: string[], service: ServiceResult): HostResult {
  return { address, hostnames, status: 'up', reason: 'test', os: {}, services: [service], findings: [] };
}

/** Runs one check on one service; patient deadlines (the machine is shared). */
export function runOne(check: ActiveCheck, host: HostResult, timeoutMs = 15_000): Promise<CheckRunResult> {
  return runChecks(host, { checks: [check], assertInScope: () => undefined, timeoutMs, readTimeoutMs: 4000, connectTimeoutMs: 4000 });
}

/** `id[instance]` labels of findings, sorted. */
export function labels(r: CheckRunResult): string[] {
  return r.findings.map((f) => f.id + (f.instance ? `[${f.instance}]` : '')).sort();
}
