/**
 * Scan templates between the scanner's model (`@farsight/scanner/templates`) and the InsightVM v3
 * `ScanTemplate` shape, plus validation of custom templates. Pure.
 *
 * v3 fields with a Farsight meaning are filled in; the exact settings (port specs, timeouts in ms,
 * check categories) travel in the `farsight` extension object, which is what round-trips.
 */
import { FarsightError, parsePortSpec } from '@farsight/common';
import { BUILTIN_TEMPLATES } from '@farsight/scanner/templates';
import type { PerformanceSettings, ScanTemplate } from '@farsight/scanner/templates';

/** The built-in template used when a site names none. */
export const DEFAULT_TEMPLATE_ID = 'full-audit';

/** Check categories a template may enable. */
export const CHECK_CATEGORIES = ['safe', 'intrusive', 'auth-required'] as const;

/** Numeric bounds of each performance knob (inclusive). */
export const PERFORMANCE_BOUNDS: Record<keyof PerformanceSettings, readonly [number, number]> = {
  maxParallelHosts: [1, 4096],
  rate: [0, 1_000_000],
  initialTimeoutMs: [10, 120_000],
  minTimeoutMs: [10, 120_000],
  maxTimeoutMs: [10, 120_000],
  retries: [0, 14],
  serviceConcurrency: [1, 64],
  serviceTimeoutMs: [100, 300_000],
};

/** True for the ids of the read-only built-in templates. */
export function isBuiltinTemplate(id: string): boolean {
  return Object.hasOwn(BUILTIN_TEMPLATES, id);
}

/** Formats milliseconds as an ISO-8601 duration (`PT0.5S`), the form v3 uses for timeouts. */
export function msToDuration(ms: number): string {
  return `PT${Number((ms / 1000).toFixed(3))}S`;
}

/** Parses an ISO-8601 duration of hours/minutes/seconds (`PT0.5S`, `PT1M30S`; v3's `P30S` too) to ms. */
export function durationToMs(text: string, field: string): number {
  const m = /^P(?:T?(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)$/i.exec(text.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) {
    throw new FarsightError('INVALID_ARGUMENT', `${field} '${text}' is not an ISO-8601 duration; write e.g. PT0.5S or PT3S`);
  }
  return Math.round((Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000);
}

/** Checks a full template: port specs parse, numbers are in bounds, timeouts are ordered. */
export function validateTemplate(t: ScanTemplate): void {
  if (t.name.trim() === '' || t.name.length > 200) throw new FarsightError('INVALID_ARGUMENT', 'name must be 1-200 characters');
  if (t.description.length > 2000) throw new FarsightError('INVALID_ARGUMENT', 'description must be at most 2000 characters');
  for (const [field, spec] of [['tcpPorts', t.tcpPorts], ['udpPorts', t.udpPorts]] as const) {
    if (spec.trim() === '') continue;
    try {
      parsePortSpec(spec);
    } catch (e) {
      throw new FarsightError('PORT_SPEC_INVALID', `farsight.${field}: ${(e as Error).message}`, { cause: e });
    }
  }
  for (const p of t.discovery.tcpPorts) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw new FarsightError('INVALID_ARGUMENT', `discovery TCP port ${p} is not 1-65535`);
  }
  for (const c of t.checkCategories) {
    if (!(CHECK_CATEGORIES as readonly string[]).includes(c)) throw new FarsightError('INVALID_ARGUMENT', `check category '${c}' is not one of ${CHECK_CATEGORIES.join(', ')}`);
  }
  for (const [k, [lo, hi]] of Object.entries(PERFORMANCE_BOUNDS) as Array<[keyof PerformanceSettings, readonly [number, number]]>) {
    const v = t.performance[k];
    if (!Number.isInteger(v) || v < lo || v > hi) throw new FarsightError('INVALID_ARGUMENT', `performance.${k} ${v} must be an integer ${lo}-${hi}`);
  }
  const p = t.performance;
  if (!(p.minTimeoutMs <= p.initialTimeoutMs && p.initialTimeoutMs <= p.maxTimeoutMs)) {
    throw new FarsightError('INVALID_ARGUMENT', `timeouts must satisfy minimum ≤ initial ≤ maximum (got ${p.minTimeoutMs} ≤ ${p.initialTimeoutMs} ≤ ${p.maxTimeoutMs} ms)`);
  }
}

/** Derives a custom template id from its name: a lowercase slug not taken by `taken`. */
export function templateIdFor(name: string, taken: (id: string) => boolean): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'template';
  for (let n = 1; n < 10_000; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!taken(id)) return id;
  }
  throw new FarsightError('INVALID_ARGUMENT', `too many templates named like '${name}'; choose another name`);
}

function portsMode(spec: string): 'all' | 'well-known' | 'custom' | 'none' {
  const s = spec.trim();
  if (s === '') return 'none';
  return s === 'all' || s === 'well-known' ? s : 'custom';
}

/** The v3 `ScanTemplate` body of a template (without links). */
export function toV3Template(t: ScanTemplate, extra: { builtIn: boolean; copyOf: string | null }): Record<string, unknown> {
  const p = t.performance;
  const discoveryOnly = !t.serviceDetection && t.checkCategories.length === 0;
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    discoveryOnly,
    vulnerabilityEnabled: t.checkCategories.length > 0,
    policyEnabled: false,
    webEnabled: false,
    enhancedLogging: false,
    enableWindowsServices: false,
    maxParallelAssets: p.maxParallelHosts,
    maxScanProcesses: p.serviceConcurrency,
    discovery: {
      asset: { tcpPorts: [...t.discovery.tcpPorts], treatTcpResetAsAsset: t.discovery.treatRstAsAlive, sendIcmpPings: false, sendArpPings: false, ipFingerprintingEnabled: t.serviceDetection },
      performance: {
        retryLimit: Math.min(15, p.retries + 1),
        timeout: { initial: msToDuration(p.initialTimeoutMs), minimum: msToDuration(p.minTimeoutMs), maximum: msToDuration(p.maxTimeoutMs) },
        ...(p.rate <= 15_000 ? { packetRate: { minimum: 0, maximum: p.rate, defeatRateLimit: false } } : {}),
      },
      service: { tcp: { method: 'Full', ports: portsMode(t.tcpPorts) }, udp: { ports: portsMode(t.udpPorts) } },
    },
    checks: { categories: { enabled: [...t.checkCategories], disabled: [] }, unsafe: t.checkCategories.includes('intrusive'), potential: false, correlate: false },
    farsight: { builtIn: extra.builtIn, copyOf: extra.copyOf, ...structuredClone(t) },
  };
}

/** The Farsight fields a client may send (`farsight` extension object), all optional. */
export type TemplateOverrides = Partial<Omit<ScanTemplate, 'id' | 'discovery' | 'performance'>> & {
  discovery?: Partial<ScanTemplate['discovery']>;
  performance?: Partial<PerformanceSettings>;
};

/** Reads the v3 fields of a body that have a Farsight meaning into overrides. */
export function overridesFromV3(body: Record<string, unknown>): TemplateOverrides {
  const o: TemplateOverrides = { performance: {} };
  const perf = o.performance as Partial<PerformanceSettings>;
  if (typeof body.name === 'string') o.name = body.name;
  if (typeof body.description === 'string') o.description = body.description;
  if (typeof body.maxParallelAssets === 'number') perf.maxParallelHosts = body.maxParallelAssets;
  if (typeof body.maxScanProcesses === 'number') perf.serviceConcurrency = body.maxScanProcesses;
  if (body.discoveryOnly === true) {
    o.serviceDetection = false;
    o.checkCategories = [];
  }
  const disc = body.discovery as { asset?: Record<string, unknown>; performance?: Record<string, unknown> } | undefined;
  const asset = disc?.asset;
  if (asset) {
    const d: Partial<ScanTemplate['discovery']> = {};
    if (Array.isArray(asset.tcpPorts)) d.tcpPorts = asset.tcpPorts as number[];
    if (typeof asset.treatTcpResetAsAsset === 'boolean') d.treatRstAsAlive = asset.treatTcpResetAsAsset;
    o.discovery = d;
  }
  const dp = disc?.performance;
  if (dp) {
    if (typeof dp.retryLimit === 'number') perf.retries = Math.max(0, dp.retryLimit - 1);
    const to = dp.timeout as Record<string, unknown> | undefined;
    if (typeof to?.initial === 'string') perf.initialTimeoutMs = durationToMs(to.initial, 'discovery.performance.timeout.initial');
    if (typeof to?.minimum === 'string') perf.minTimeoutMs = durationToMs(to.minimum, 'discovery.performance.timeout.minimum');
    if (typeof to?.maximum === 'string') perf.maxTimeoutMs = durationToMs(to.maximum, 'discovery.performance.timeout.maximum');
    const pr = dp.packetRate as Record<string, unknown> | undefined;
    if (typeof pr?.maximum === 'number') perf.rate = pr.maximum;
  }
  const cats = ((body.checks as Record<string, unknown> | undefined)?.categories as Record<string, unknown> | undefined)?.enabled;
  if (Array.isArray(cats)) o.checkCategories = cats as ScanTemplate['checkCategories'];
  return o;
}

/** Applies overrides (v3-derived first, then the `farsight` object) to a base template. */
export function applyOverrides(base: ScanTemplate, id: string, ...layers: TemplateOverrides[]): ScanTemplate {
  let t: ScanTemplate = structuredClone({ ...base, id });
  for (const o of layers) {
    t = {
      ...t,
      ...(o.name !== undefined ? { name: o.name } : {}),
      ...(o.description !== undefined ? { description: o.description } : {}),
      ...(o.tcpPorts !== undefined ? { tcpPorts: o.tcpPorts } : {}),
      ...(o.udpPorts !== undefined ? { udpPorts: o.udpPorts } : {}),
      ...(o.serviceDetection !== undefined ? { serviceDetection: o.serviceDetection } : {}),
      ...(o.checkCategories !== undefined ? { checkCategories: [...o.checkCategories] } : {}),
      id,
      discovery: { ...t.discovery, ...o.discovery },
      performance: { ...t.performance, ...o.performance },
    };
  }
  validateTemplate(t);
  return t;
}
