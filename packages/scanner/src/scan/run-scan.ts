/**
 * The scan pipeline: targets → scope guard → discovery → TCP port scan → service
 * detection → UDP probes → OS guess → one HostResult per host. Hosts stream through a
 * bounded pool, so a /16 is never held in memory as a list of addresses.
 */
import { FarsightError, parseTargetList, parseAddressSet, parsePortSpec, Scope } from '@farsight/common';
import type { FingerprintDb, NmapProbeDb } from '@farsight/content';
import { ProbeEngine } from '../probe/index.ts';
import { guessOs } from '../os/index.ts';
import type * as ServiceApi from '../service/index.ts';
import { guardedTargets } from '../scope-guard.ts';
import { getTemplate, type PerformanceSettings, type ScanTemplate } from '../templates.ts';
import type { HostResult, ScanReport, ServiceResult } from '../types.ts';
import { forEachConcurrent, Semaphore } from './pool.ts';
import { FARSIGHT_VERSION } from '../version.ts';
import type { PreparedChecks, ScanCheckOptions } from '../checks/scan-hook.ts';
import { compareFindings, type PreparedVersionChecks } from '../checks/version-check-hook.ts';
import type { VulnPack } from '@farsight/content/vulns/index';
import type { AuthScanConfig } from '../auth/auth-scan.ts';

type ServiceModule = typeof ServiceApi;
let serviceModule: Promise<ServiceModule> | undefined;
/** Service detection loads on first use: a pure port scan never needs it (nor the content package it reads). */
const loadService = (): Promise<ServiceModule> => (serviceModule ??= import('../service/index.ts'));

/** What to scan and how. */
export interface ScanOptions {
  /** Authenticated (SSH) scanning: credentials, pinned host keys, advisories (docs/authenticated-scanning.md). */
  auth?: AuthScanConfig;
  /** Target tokens: addresses, CIDRs, ranges, hostnames. */
  targets: string[];
  exclude?: string[];
  /** Awaited before each host is probed: an engine whose console is slow holds probing here (backpressure). */
  beforeHost?: (address: string) => Promise<void>;
  /** When set, only these addresses/CIDRs/ranges may be probed (a cloud engine's networks); anything else is skipped with a warning. */
  allow?: string[];
  template?: ScanTemplate | string;
  /** Port spec overriding the template's TCP ports (`22,80`, `top-1000`, `all`, may include `U:`). */
  ports?: string;
  noDiscovery?: boolean;
  serviceDetection?: boolean;
  performance?: Partial<PerformanceSettings>;
  /** Fingerprints; a promise lets the caller load them while the port scan already runs. */
  fingerprints: FingerprintDb | PromiseLike<FingerprintDb>;
  nmapProbes?: NmapProbeDb;
  /** Probe transport for the port scanner (tests pin it; default auto). */
  transport?: 'auto' | 'raw' | 'net';
  /** Who runs the port-scan connects (probe/native-helper.ts); default: FARSIGHT_PROBE_BACKEND, then auto. */
  probeBackend?: 'auto' | 'native' | 'js';
  workers?: number;
  resolve?: (name: string) => Promise<string[]>;
  signal?: AbortSignal;
  /** Largest number of addresses one target token may expand to. */
  maxAddressesPerToken?: number;
  /** Active checks: the template picks categories; these flags narrow or opt in (docs/active-checks.md). */
  checks?: ScanCheckOptions;
  /** Vulnerability content for version checks (default: the built-in pack, loaded on first use). */
  vulnPack?: VulnPack | PromiseLike<VulnPack>;
}

/** Live progress of a scan, for progress bars and the console. */
export interface ScanProgress {
  hostsTotal: number;
  hostsDone: number;
  hostsUp: number;
  openPorts: number;
  probesSent: number;
  probesPerSecond: number;
  elapsedMs: number;
}

/** Callbacks a caller may pass to follow a scan. */
export interface ScanEvents {
  onHostDone?(host: HostResult): void;
  onProgress?(progress: ScanProgress): void;
  onWarning?(message: string): void;
}

interface Plan {
  template: ScanTemplate;
  perf: PerformanceSettings;
  tcpPorts: number[];
  udpPorts: number[];
  discovery: boolean;
  serviceDetection: boolean;
  /** Active checks to run per host (undefined = none). */
  checks?: PreparedChecks;
  /** Version checks (safe category) per host (undefined = none). */
  versionChecks?: PreparedVersionChecks;
}

function plan(options: ScanOptions): Plan {
  const template = typeof options.template === 'object' ? options.template : getTemplate(options.template ?? 'full-audit');
  const perf = { ...template.performance, ...options.performance };
  let tcp: number[];
  let udp: number[];
  if (options.ports !== undefined) {
    ({ tcp, udp } = parsePortSpec(options.ports));
  } else {
    tcp = template.tcpPorts ? parsePortSpec(template.tcpPorts).tcp : [];
    udp = template.udpPorts ? parsePortSpec(template.udpPorts).udp : [];
  }
  if (tcp.length === 0 && udp.length === 0) {
    throw new FarsightError('PORT_SPEC_INVALID', 'no ports to scan: the port spec selects no TCP or UDP port; give --ports, e.g. --ports 22,80,443');
  }
  return {
    template, perf, tcpPorts: tcp, udpPorts: udp,
    discovery: template.discovery.enabled && !options.noDiscovery,
    serviceDetection: options.serviceDetection ?? template.serviceDetection,
  };
}

/** Runs one scan to completion and returns the report. */
export async function runScan(options: ScanOptions, events: ScanEvents = {}): Promise<ScanReport> {
  const started = Date.now();
  const p = plan(options);
  if (p.serviceDetection || p.udpPorts.length > 0) loadService().catch(() => undefined); // loads while ports are scanned
  const list = parseTargetList(options.targets, { maxAddresses: options.maxAddressesPerToken });
  const scope = new Scope({ exclude: parseAddressSet(options.exclude ?? []), ...(options.allow ? { allow: parseAddressSet(options.allow) } : {}) });
  const assertInScope = (address: string): void => scope.assert(address);
  if (p.serviceDetection && p.template.checkCategories.length > 0 && options.checks?.enabled !== false) {
    p.checks = (await import('../checks/scan-hook.ts')).prepareChecks(p.template, options.checks, { assertInScope, maxParallelHosts: p.perf.maxParallelHosts, signal: options.signal });
    if (p.template.checkCategories.includes('safe')) p.versionChecks = (await import('../checks/version-check-hook.ts')).prepareVersionChecks(options.vulnPack);
  }
  const engine = new ProbeEngine({
    workers: options.workers, rate: p.perf.rate, retries: p.perf.retries, transport: options.transport,
    ...(options.probeBackend === undefined ? {} : { backend: options.probeBackend }),
    initialTimeoutMs: p.perf.initialTimeoutMs, minTimeoutMs: p.perf.minTimeoutMs, maxTimeoutMs: p.perf.maxTimeoutMs,
    assertInScope,
  });
  // One budget for detection connections across all hosts keeps file descriptors bounded.
  const detectSlots = new Semaphore(Math.max(1, Math.min(512, p.perf.maxParallelHosts * p.perf.serviceConcurrency)));
  const hosts: HostResult[] = [];
  let outOfScope = 0;
  let hostsDone = 0;
  let hostsUp = 0;
  let openPorts = 0;
  let servicesIdentified = 0;
  const progress = (): ScanProgress => {
    const s = engine.stats();
    return { hostsTotal: list.count, hostsDone, hostsUp, openPorts, probesSent: s.probesSent, probesPerSecond: s.probesPerSecond, elapsedMs: Date.now() - started };
  };
  const ticker = events.onProgress ? setInterval(() => events.onProgress?.(progress()), 250) : undefined;
  ticker?.unref();

  const scanHost = async (target: { address: string; hostnames: string[] }): Promise<void> => {
    if (options.beforeHost) await options.beforeHost(target.address);
    const host = await scanOneHost(target, p, engine, options, assertInScope, detectSlots);
    if (host.status === 'up' && options.auth) await (await import('../auth/scan-hook.ts')).authenticateHost(host, options.auth, p.tcpPorts);
    hostsDone++;
    if (host.status === 'up') {
      hostsUp++;
      openPorts += host.services.filter((s) => s.state === 'open').length;
      servicesIdentified += host.services.filter((s) => s.product !== undefined).length;
      hosts.push(host);
    }
    events.onHostDone?.(host);
  };

  try {
    const targets = guardedTargets(list, scope, {
      resolve: options.resolve,
      onOutOfScope: (target, address, reason) => {
        outOfScope++;
        hostsDone++;
        events.onWarning?.(`skipped ${address}${target !== address ? ` (${target})` : ''}: ${reason}`);
      },
      onError: (e) => { hostsDone++; events.onWarning?.(e.message); },
    });
    await forEachConcurrent(targets, p.perf.maxParallelHosts, scanHost, options.signal);
    if (options.signal?.aborted) throw new FarsightError('SCAN_ABORTED', 'the scan was interrupted before it finished; results so far were discarded');
  } finally {
    if (ticker) clearInterval(ticker);
    const finalStats = engine.stats();
    await engine.close();
    events.onProgress?.({ ...progress(), probesSent: finalStats.probesSent });
  }

  const finished = Date.now();
  const stats = engine.stats();
  hosts.sort((a, b) => compareAddresses(a.address, b.address));
  return {
    scan: {
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      elapsedMs: finished - started,
      template: p.template.id,
      targetsSpecified: options.targets,
      exclusions: options.exclude ?? [],
      hostsTotal: list.count,
      hostsUp,
      hostsDown: hostsDone - hostsUp - outOfScope,
      portsProbed: stats.probesSent,
      openPorts,
      servicesIdentified,
      probesPerSecond: Math.round(stats.probesSent / Math.max(0.001, (finished - started) / 1000)),
      rateLimit: p.perf.rate,
      maxParallelHosts: p.perf.maxParallelHosts,
      outOfScope,
      farsightVersion: FARSIGHT_VERSION,
      ...(options.auth ? { credentials: (await import('../auth/scan-hook.ts')).credentialCoverage(hosts) } : {}),
    },
    hosts,
  };
}

async function scanOneHost(
  target: { address: string; hostnames: string[] },
  p: Plan,
  engine: ProbeEngine,
  options: ScanOptions,
  assertInScope: (a: string) => void,
  detectSlots: Semaphore,
): Promise<HostResult> {
  const { address, hostnames } = target;
  let reason = 'assumed up (--no-discovery)';
  let rttMicros: number | undefined;
  if (p.discovery) {
    const d = await engine.discover(address, p.template.discovery.tcpPorts, { treatRstAsAlive: p.template.discovery.treatRstAsAlive });
    if (!d.up) return { address, hostnames, status: 'down', reason: d.reason, os: {}, services: [], findings: [] };
    reason = d.reason;
    rttMicros = d.rttMicros;
  }
  const ports = p.tcpPorts.length > 0 ? await engine.scanPorts(address, p.tcpPorts) : undefined;
  const open = ports?.open ?? [];
  const hostname = hostnames[0];
  const services: ServiceResult[] = await Promise.all(open.map((port) => p.serviceDetection
    ? detectSlots.use(async () => (await loadService()).detectTcpService(address, port, {
      matcher: await options.fingerprints, nmap: options.nmapProbes, assertInScope, hostname,
      totalTimeoutMs: p.perf.serviceTimeoutMs,
    }))
    : Promise.resolve(bareService(port))));
  if (p.udpPorts.length > 0) {
    // Only UDP ports that answered are services; silence (open|filtered) and ICMP
    // unreachable (closed) are counted, not listed, as for TCP.
    const udp = await (await loadService()).detectUdpServices(address, p.udpPorts, {
      matcher: await options.fingerprints, assertInScope, totalTimeoutMs: p.perf.serviceTimeoutMs,
    });
    services.push(...udp.filter((s) => s.state === 'open'));
  }
  services.sort((a, b) => a.protocol.localeCompare(b.protocol) || a.port - b.port);
  const os = guessOs(services) ?? {};
  const result: HostResult = {
    address, hostnames, status: 'up', reason, os, services, findings: [],
    rttMicros: ports?.rttMicros ?? rttMicros, closedPorts: ports?.closed, filteredPorts: ports?.filtered,
  };
  if (p.versionChecks) result.findings.push(...await p.versionChecks.run(result));
  if (p.checks) result.findings.push(...await p.checks.run(result));
  result.findings.sort(compareFindings);
  return result;
}

function bareService(port: number): ServiceResult {
  return { port, protocol: 'tcp', state: 'open', name: 'unknown', evidence: [] };
}

/** Orders IPv4 before IPv6, numerically within each. */
export function compareAddresses(a: string, b: string): number {
  const av4 = !a.includes(':');
  const bv4 = !b.includes(':');
  if (av4 !== bv4) return av4 ? -1 : 1;
  if (av4) {
    const an = a.split('.').map(Number);
    const bn = b.split('.').map(Number);
    for (let i = 0; i < 4; i++) { const d = (an[i] ?? 0) - (bn[i] ?? 0); if (d !== 0) return d; }
    return 0;
  }
  return a.localeCompare(b);
}
