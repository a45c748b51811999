/**
 * Scan templates: named bundles of discovery, port, service-detection and performance
 * settings. Built-ins mirror InsightVM's (`discovery`, `full-audit`, `exhaustive`,
 * `endpoint`); custom templates copy a built-in and override fields.
 */
import { FarsightError } from '@farsight/common';

/** Performance knobs of a scan; every one is overridable from the CLI. */
export interface PerformanceSettings {
  /** Hosts scanned at the same time. */
  maxParallelHosts: number;
  /** Global cap on new TCP connections per second (0 = unlimited). */
  rate: number;
  /** First per-probe timeout before a host's RTT is known. */
  initialTimeoutMs: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** Extra attempts for ports that gave no answer. */
  retries: number;
  /** Concurrent service-detection connections per host. */
  serviceConcurrency: number;
  /** Hard deadline for identifying one service. */
  serviceTimeoutMs: number;
}

/** A scan template. */
export interface ScanTemplate {
  id: string;
  name: string;
  description: string;
  discovery: { enabled: boolean; tcpPorts: number[]; treatRstAsAlive: boolean };
  /** Port specs as accepted by parsePortSpec (`well-known`, `top-100`, `all`, `22,80`, `U:53`). */
  tcpPorts: string;
  udpPorts: string;
  serviceDetection: boolean;
  /** Check categories to run (used by vulnerability checks). */
  checkCategories: Array<'safe' | 'intrusive' | 'auth-required'>;
  performance: PerformanceSettings;
}

/** TCP ports probed for host discovery (InsightVM-like defaults). */
export const DISCOVERY_TCP_PORTS = [21, 22, 23, 25, 80, 110, 135, 139, 143, 443, 445, 993, 995, 1723, 3306, 3389, 5900, 8080];

const DEFAULT_PERFORMANCE: PerformanceSettings = {
  maxParallelHosts: 256,
  rate: 0,
  initialTimeoutMs: 1000,
  minTimeoutMs: 100,
  maxTimeoutMs: 3000,
  retries: 1,
  serviceConcurrency: 8,
  serviceTimeoutMs: 10_000,
};

function template(t: Omit<ScanTemplate, 'performance'> & { performance?: Partial<PerformanceSettings> }): ScanTemplate {
  return { ...t, performance: { ...DEFAULT_PERFORMANCE, ...t.performance } };
}

/** The built-in templates, by id. */
export const BUILTIN_TEMPLATES: Readonly<Record<string, ScanTemplate>> = Object.freeze({
  discovery: template({
    id: 'discovery',
    name: 'Discovery Scan',
    description: 'Finds live hosts and their open well-known TCP ports; no service detection or checks.',
    discovery: { enabled: true, tcpPorts: DISCOVERY_TCP_PORTS, treatRstAsAlive: true },
    tcpPorts: 'top-100',
    udpPorts: '',
    serviceDetection: false,
    checkCategories: [],
    performance: { maxParallelHosts: 512 },
  }),
  'full-audit': template({
    id: 'full-audit',
    name: 'Full audit without Web Spider',
    description: 'Well-known TCP and UDP ports, service and OS detection, all safe checks (default).',
    discovery: { enabled: true, tcpPorts: DISCOVERY_TCP_PORTS, treatRstAsAlive: true },
    tcpPorts: 'well-known',
    udpPorts: 'U:53,123,161',
    serviceDetection: true,
    checkCategories: ['safe'],
  }),
  exhaustive: template({
    id: 'exhaustive',
    name: 'Exhaustive',
    description: 'All 65,535 TCP ports and well-known UDP ports, service and OS detection, all safe checks.',
    discovery: { enabled: true, tcpPorts: DISCOVERY_TCP_PORTS, treatRstAsAlive: true },
    tcpPorts: 'all',
    udpPorts: 'U:53,67,69,123,137,161,500,514,1900,5353',
    serviceDetection: true,
    checkCategories: ['safe'],
    performance: { maxParallelHosts: 16 },
  }),
  endpoint: template({
    id: 'endpoint',
    name: 'Endpoint',
    description: 'For workstations and servers reached with credentials: remote-access and management ports, service detection, safe and authenticated checks.',
    discovery: { enabled: true, tcpPorts: [22, 135, 139, 445, 3389, 5985, 5986], treatRstAsAlive: true },
    tcpPorts: '22,135,139,445,3389,5985,5986',
    udpPorts: '',
    serviceDetection: true,
    checkCategories: ['safe', 'auth-required'],
  }),
});

/** Looks a template up by id, with a clear error listing the valid ones. */
export function getTemplate(id: string, custom: Record<string, ScanTemplate> = {}): ScanTemplate {
  const t = custom[id] ?? BUILTIN_TEMPLATES[id];
  if (!t) {
    const known = [...Object.keys(BUILTIN_TEMPLATES), ...Object.keys(custom)].join(', ');
    throw new FarsightError('TEMPLATE_UNKNOWN', `scan template '${id}' does not exist; use one of: ${known}`);
  }
  return t;
}

/** Creates a custom template as a copy of a built-in with overrides. */
export function copyTemplate(fromId: string, id: string, overrides: Partial<Omit<ScanTemplate, 'id'>>): ScanTemplate {
  const base = getTemplate(fromId);
  return {
    ...base,
    ...overrides,
    id,
    discovery: { ...base.discovery, ...overrides.discovery },
    performance: { ...base.performance, ...overrides.performance },
  };
}
