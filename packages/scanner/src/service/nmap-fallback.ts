/**
 * The optional nmap service-probe database, consulted only when our own probes and the
 * Recog fingerprints left the product unknown — on bytes already received, no new probes.
 */
import type { ServiceResult } from '../types.ts';
import type { RawResponse } from './context.ts';
import type { NmapMatcher } from './options.ts';
import { addEvidence, mergeParams } from './result.ts';
import { printable } from './text.ts';

/** Tries each kept response against nmap's matches for the probe that produced it. */
export function nmapFallback(nmap: NmapMatcher | undefined, raw: RawResponse[], r: ServiceResult): void {
  if (!nmap || r.params?.['service.product'] !== undefined) return;
  for (const { probe, data } of raw) {
    let m;
    try {
      m = nmap.match(data.toString('latin1'), probe);
    } catch {
      m = undefined;
    }
    if (!m) continue;
    addEvidence(r, { probe: `nmap-${probe}`, key: `nmap.${probe}`, value: printable(data), fingerprint: m.fingerprint });
    if (r.name === 'unknown' || r.name === 'ssl') r.name = m.service.replace(/^ssl\//, '');
    if (!m.product) continue;
    const { 'service.name': _name, ...params } = m.params;
    mergeParams(r, params);
    if (!m.soft) return;
  }
}
