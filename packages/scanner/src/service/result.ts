/**
 * Filling a ServiceResult: evidence entries, fingerprint params (first match wins, so call
 * in priority order), and the final projection of `service.*` params onto the result.
 */
import type { Evidence, ServiceResult } from '../types.ts';
import type { FingerprintMatch, Matcher } from './options.ts';
import { BANNER_CAP, capText } from './text.ts';

const MAX_EVIDENCE = 64;

/** Appends one evidence entry (value capped; bounded count). */
export function addEvidence(result: ServiceResult, ev: Evidence): void {
  if (result.evidence.length >= MAX_EVIDENCE) return;
  result.evidence.push({ ...ev, value: capText(ev.value, BANNER_CAP) });
}

/** Sets params that are not yet set (earlier, higher-priority sources win). */
export function mergeParams(result: ServiceResult, params: Record<string, string>): void {
  result.params ??= {};
  for (const [k, v] of Object.entries(params)) {
    if (v === '' || result.params[k] !== undefined) continue;
    result.params[k] = capText(v, BANNER_CAP);
  }
}

/**
 * Matches `text` against the fingerprints of `key`, records the evidence (with the
 * fingerprint id when one matched) and merges the params. A throwing matcher counts as no match.
 * With `onlyIfMatched`, an unmatched text leaves no evidence (for secondary keys fed line by line).
 */
export function matchInto(result: ServiceResult, matcher: Matcher, probe: string, key: string, text: string | undefined, onlyIfMatched = false): FingerprintMatch | undefined {
  if (text === undefined || text === '') return undefined;
  let m: FingerprintMatch | undefined;
  try {
    m = matcher.match(key, text);
  } catch {
    m = undefined;
  }
  if (!m && onlyIfMatched) return undefined;
  addEvidence(result, { probe, key, value: text, ...(m ? { fingerprint: m.fingerprint } : {}) });
  if (m) mergeParams(result, m.params);
  return m;
}

/** Our own identification when no fingerprint named the product (fills only missing params). */
export function fallbackService(result: ServiceResult, s: { vendor?: string; product: string; version?: string; cpe?: string }): void {
  const p: Record<string, string> = { 'service.product': s.product };
  if (s.vendor) p['service.vendor'] = s.vendor;
  if (s.version) p['service.version'] = s.version;
  if (s.cpe) p['service.cpe23'] = s.cpe;
  if (result.params?.['service.product'] !== undefined && result.params['service.product'] !== s.product) return;
  mergeParams(result, p);
}

/**
 * Normalises a CPE to CPE 2.3 formatted-string form. Recog writes `cpe:/a:openbsd:openssh:8.9p1`
 * (2.2 URI) in `service.cpe23`; `{param}` placeholders left unresolved become `*`.
 */
export function toCpe23(cpe: string, params: Record<string, string> = {}): string | undefined {
  const filled = cpe.replace(/\{([a-z0-9_.]+)\}/gi, (_, k: string) => params[k] ?? '*');
  if (filled.startsWith('cpe:2.3:')) {
    const parts = filled.split(':');
    while (parts.length < 13) parts.push('*');
    return parts.join(':');
  }
  if (!filled.startsWith('cpe:/')) return undefined;
  const fields = filled.slice(5).split(':').map((f) => (f === '' ? '*' : decodeURIComponent(safeUri(f))));
  const [part = '*', ...rest] = fields;
  if (!/^[aoh]$/.test(part)) return undefined;
  const out = [part, ...rest].slice(0, 11);
  while (out.length < 11) out.push('*');
  return `cpe:2.3:${out.join(':')}`;
}

function safeUri(s: string): string {
  return /%(?![0-9a-fA-F]{2})/.test(s) ? s.replace(/%/g, '%25') : s;
}

/** Projects `service.*` params onto vendor/product/version/cpe (keeping values set directly). */
export function projectParams(result: ServiceResult): void {
  const p = result.params;
  if (!p) return;
  result.vendor ??= p['service.vendor'];
  result.product ??= p['service.product'];
  result.version ??= p['service.version'];
  if (result.cpe === undefined && p['service.cpe23']) result.cpe = toCpe23(p['service.cpe23'], p);
  for (const k of ['vendor', 'product', 'version', 'cpe'] as const) if (result[k] === undefined) delete result[k];
}
