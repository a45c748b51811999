/**
 * The scan pipeline's entry to authenticated scanning (`runScan` calls it for every host that
 * is up): skips hosts no credential may be presented to, reports `unavailable` without
 * connecting when this scan saw the SSH port closed, otherwise logs in, collects and matches,
 * and puts the outcome on `host.auth` and local findings on `host.findings`.
 */
import type { HostResult } from '../types.ts';
import { compareFindings } from '../checks/version-check-hook.ts';
import { authScanHost, coverage } from './auth-scan.ts';
import type { AuthScanConfig } from './auth-scan.ts';
import { credentialsFor } from './credentials.ts';

/** Authenticates one host of a scan in place. `scannedTcpPorts` are the ports this scan probed. */
export async function authenticateHost(host: HostResult, config: AuthScanConfig, scannedTcpPorts: readonly number[]): Promise<void> {
  const inScope = credentialsFor(config.credentials, host.address, host.hostnames);
  if (inScope.length === 0) return;
  const open = new Set(host.services.filter((s) => s.protocol === 'tcp' && s.state === 'open').map((s) => s.port));
  const scanned = new Set(scannedTcpPorts);
  const reachable = inScope.filter((c) => !scanned.has(c.port) || open.has(c.port));
  if (reachable.length === 0) {
    const c = inScope[0];
    host.auth = { outcome: 'unavailable', credential: c?.name, user: c?.user, port: c?.port ?? 22, durationMs: 0, detail: `SSH port ${inScope.map((x) => x.port).join('/')} was closed or filtered in this scan; no login attempted` };
    return;
  }
  const r = await authScanHost(host.address, { ...config, credentials: reachable }, false, host.hostnames);
  if (!r) return;
  host.auth = r.auth;
  host.findings.push(...r.findings);
  host.findings.sort(compareFindings);
}

/** `scan.credentials` of a report: how many hosts were attempted, how many logged in, per outcome. */
export function credentialCoverage(hosts: readonly HostResult[]): { attempted: number; success: number; outcomes: Record<string, number> } {
  return coverage(hosts.map((h) => h.auth));
}
