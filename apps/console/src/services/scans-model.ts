/**
 * Row ↔ view conversion for scans and the frozen spec a scan runs with (pure). The spec is
 * fixed when the scan is created, so a resumed scan scans exactly the same hosts even if the
 * site changed meanwhile.
 */
import type { ScanTemplate } from '@farsight/scanner/templates';
import type { TestCheckRule } from '@farsight/engine-core/test-check';
import { isScanStatus, type ScanStatus } from './scans-states.ts';

/** What a scan scans, frozen at creation (scans.spec as JSON). */
export interface ScanSpecStored {
  targets: string[];
  exclusions: string[];
  template: ScanTemplate;
  /** True when the scan covers only some hosts of its site. */
  hostsSubset: boolean;
  testCheck?: TestCheckRule;
}

/** A scan as services return it. */
export interface ScanView {
  id: number;
  siteId: number;
  siteName: string;
  engineId: number;
  engineName: string;
  name: string;
  scanType: string;
  status: ScanStatus;
  statusReason: string;
  startedBy: string;
  templateId: string;
  hostsTotal: number;
  hostsDone: number;
  hostsUp: number;
  createdAt: string;
  startTime: string | null;
  endTime: string | null;
  vulnerabilities: { critical: number; severe: number; moderate: number; total: number };
}

/** The row columns a ScanView is made of. */
export interface ScanRowJoined {
  id: number; site_id: number; engine_id: number; name: string; scan_type: string; status: string; status_reason: string;
  started_by: string; template_id: string; hosts_total: number; hosts_done: number; hosts_up: number; created_at: string;
  start_time: string | null; end_time: string | null; site_name: string | null; engine_name: string | null;
}

/** Builds a view from a joined row and its finding counts. */
export function toScanView(r: ScanRowJoined, vulns: ScanView['vulnerabilities'] = { critical: 0, severe: 0, moderate: 0, total: 0 }): ScanView {
  return {
    id: r.id, siteId: r.site_id, siteName: r.site_name ?? '', engineId: r.engine_id, engineName: r.engine_name ?? '',
    name: r.name, scanType: r.scan_type, status: isScanStatus(r.status) ? r.status : 'error', statusReason: r.status_reason,
    startedBy: r.started_by, templateId: r.template_id, hostsTotal: r.hosts_total, hostsDone: r.hosts_done, hostsUp: r.hosts_up,
    createdAt: r.created_at, startTime: r.start_time, endTime: r.end_time, vulnerabilities: vulns,
  };
}

/** v3 severity bucket of a finding severity (info counts only in the total). */
export function severityBucket(severity: string): 'critical' | 'severe' | 'moderate' | undefined {
  if (severity === 'critical') return 'critical';
  if (severity === 'high') return 'severe';
  if (severity === 'medium' || severity === 'low') return 'moderate';
  return undefined;
}

/** ISO 8601 duration between two instants (v3 `duration`), e.g. `PT1M2.5S`. */
export function isoDuration(start: string | null, end: string | null, now: Date = new Date()): string | undefined {
  if (!start) return undefined;
  const ms = Math.max(0, (end ? Date.parse(end) : now.getTime()) - Date.parse(start));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 || (h === 0 && m === 0) ? `${Number(s.toFixed(3))}S` : ''}`;
}
