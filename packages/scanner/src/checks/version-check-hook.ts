/**
 * The scan pipeline's entry to version checks. Kept free of static content imports, so a scan
 * that detects no services or runs no safe checks (discovery, pure port scans) never loads the
 * vulnerability pack; a scan that does reads it once, in the background while ports are scanned.
 */
import type { VulnPack } from '@farsight/content/vulns/index';
import type { HostResult } from '../types.ts';
import type { Finding, Severity } from './types.ts';
import type { matchHostVulns } from './version-check.ts';

/** Severity order, lowest first (table sorting, SARIF levels, --fail-on). */
export const SEVERITY_ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Orders findings most severe first, then by CVSS score, port and id. */
export function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(b.severity) - SEVERITY_ORDER.indexOf(a.severity)
    || (b.cvss?.score ?? 0) - (a.cvss?.score ?? 0) || (a.port ?? 0) - (b.port ?? 0) || a.id.localeCompare(b.id)
    || (a.instance ?? '').localeCompare(b.instance ?? '');
}

/** Version checks ready to run on each host of a scan. */
export interface PreparedVersionChecks {
  run(host: HostResult): Promise<Finding[]>;
}

/** Version checks over `pack` (default: the built-in pack), loaded lazily on the first host. */
export function prepareVersionChecks(pack?: VulnPack | PromiseLike<VulnPack>): PreparedVersionChecks {
  type Loaded = { pack: VulnPack; match: typeof matchHostVulns };
  let ready: Promise<Loaded> | undefined;
  const load = async (): Promise<Loaded> => {
    const [m, p] = await Promise.all([
      import('./version-check.ts'),
      pack ?? import('@farsight/content/vulns/index').then((m) => m.loadBuiltinVulnPack()),
    ]);
    return { pack: p, match: m.matchHostVulns };
  };
  // Start reading the pack now, while discovery and the port scan run (it takes ~0.1-0.3 s);
  // only scans that detect services and run safe checks get here.
  ready = load();
  ready.catch(() => undefined);
  return {
    async run(host) {
      if (host.services.length === 0) return [];
      ready ??= load();
      const { pack: p, match } = await ready;
      return match(host, p).findings;
    },
  };
}
