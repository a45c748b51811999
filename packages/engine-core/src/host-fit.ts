/**
 * Makes a scanner HostResult fit the protocol's caps before it is spooled: an over-long
 * banner or a huge header map is truncated (and said so) instead of making the console
 * refuse the whole batch. The engine never sends what the console would refuse.
 */
import { LIMITS, hostResultSchema, type FindingResultInput, type HostAuthMessage, type HostResultMessage } from '@farsight/engine-protocol';
import type { HostResult } from '@farsight/scanner';

const MAX_PASSES = 8;

/**
 * The host as a valid protocol HostResult, or an error message when it cannot be made one.
 * `auth` is the summary of its authenticated-scanning outcome (the inventory itself is not sent).
 */
export function fitHost(host: HostResult, findings: FindingResultInput[] = [], auth?: HostAuthMessage): { ok: true; host: HostResultMessage; truncated: number } | { ok: false; message: string } {
  // Scanner findings (docs/scan-json.md) become protocol findings keyed by check (vulnerability) id.
  const own: FindingResultInput[] = host.findings.map((f) => ({
    checkId: f.id, port: f.port ?? 0, protocol: f.protocol ?? '', instance: f.instance ?? '', title: f.title, severity: f.severity, proof: f.proof,
  }));
  const { auth: _inventory, ...rest } = host;
  const value: unknown = structuredClone({ ...rest, findings: [...own, ...findings], ...(auth ? { auth } : {}) });
  let truncated = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const r = hostResultSchema.safeParse(value);
    if (r.success) return { ok: true, host: r.data, truncated };
    let fixed = false;
    for (const issue of r.error.issues) {
      // Caps are `too_big` issues; a map over its entry cap is a `custom` (refine) issue.
      const max = issue.code === 'too_big' ? Number(issue.maximum) : issue.code === 'custom' ? LIMITS.mapEntries : undefined;
      if (max === undefined || !Number.isFinite(max)) continue;
      fixed = truncateAt(value, issue.path, max) || fixed;
      truncated++;
    }
    if (!fixed) break;
  }
  // Last resort: keep ports and identification, drop the detail that did not fit.
  const bare = value as { services?: Array<Record<string, unknown>> };
  for (const s of bare.services ?? []) { delete s.params; delete s.http; delete s.tls; delete s.ssh; s.evidence = []; }
  const r = hostResultSchema.safeParse(bare);
  if (r.success) return { ok: true, host: r.data, truncated: truncated + 1 };
  return { ok: false, message: r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

function truncateAt(root: unknown, path: PropertyKey[], max: number): boolean {
  if (path.length === 0) return false;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return false;
    parent = (parent as Record<PropertyKey, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object') return false;
  const key = path[path.length - 1] as PropertyKey;
  const obj = parent as Record<PropertyKey, unknown>;
  const v = obj[key];
  if (typeof v === 'string') { obj[key] = v.slice(0, max); return true; }
  if (Array.isArray(v)) { obj[key] = v.slice(0, max); return true; }
  if (v !== null && typeof v === 'object') {
    obj[key] = Object.fromEntries(Object.entries(v).slice(0, max));
    return true;
  }
  return false;
}
