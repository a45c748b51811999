/**
 * NVD CVE JSON 2.0 → imported CVE records (pure). Every record is validated; the first bad one
 * rejects the whole file with an error naming the file, the record (index and CVE id) and the
 * field, e.g. `nvdcve-2.0-2024.json: vulnerabilities[3] (CVE-2024-6387): field
 * configurations[0].nodes[0].cpeMatch[1].criteria: …`. Rejected CVEs are not imported (and are removed from the store).
 */
import type { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { nvdCveSchema, nvdFeedSchema, type NvdCve } from './nvd-schema.ts';
import type { CveSeverity, ImportedCve, ImportedCvss, ImportedConfiguration } from './imported-cve.ts';

/** The result of reading one NVD file. */
export interface NvdFeed {
  /** The feed's `timestamp` (UTC, ISO-8601), when present. */
  timestamp?: string;
  records: ImportedCve[];
  /** Ids of records with vulnStatus `Rejected`: not imported, and removed from the store if there. */
  rejected: string[];
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

function fail(source: string, where: string, issue: z.core.$ZodIssue | undefined): never {
  const field = issue ? pathText(issue.path) : '(top level)';
  throw new FarsightError('CONTENT_IMPORT_INVALID', `${source}: ${where}field ${field}: ${issue?.message ?? 'invalid'}. Nothing from this file was imported; fix the record or download the feed again.`);
}

/** NVD dates are UTC without a zone; normalise to ISO-8601 with `Z`. */
export function nvdDateToIso(d: string): string {
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(d) ? d : `${d}Z`;
  return new Date(withZone).toISOString();
}

/** Severity from a CVSS base score (CVSS v3.1 specification, table 14). */
export function severityFromScore(score: number): CveSeverity {
  if (score === 0) return 'info';
  if (score < 4) return 'low';
  if (score < 7) return 'medium';
  if (score < 9) return 'high';
  return 'critical';
}

const METRIC_KEYS = [['cvssMetricV40', '4.0'], ['cvssMetricV31', '3.1'], ['cvssMetricV30', '3.0'], ['cvssMetricV2', '2.0']] as const;

function metricsOf(cve: NvdCve): ImportedCvss[] {
  const out: ImportedCvss[] = [];
  for (const [key, version] of METRIC_KEYS) {
    const list = cve.metrics?.[key] ?? [];
    // NVD's own score is `Primary`; a CNA's is `Secondary`. Prefer Primary, else the first.
    const m = list.find((x) => x.type === 'Primary') ?? list[0];
    if (!m) continue;
    const score = m.cvssData.baseScore;
    out.push({ version, vector: m.cvssData.vectorString, score, severity: severityFromScore(score), ...(m.source ? { source: m.source } : {}) });
  }
  return out;
}

function configurationsOf(cve: NvdCve): ImportedConfiguration[] {
  return (cve.configurations ?? []).map((c) => ({
    operator: c.operator ?? 'OR',
    negate: c.negate ?? false,
    nodes: c.nodes.map((n) => ({
      operator: n.operator,
      negate: n.negate ?? false,
      matches: n.cpeMatch.map((m) => ({
        vulnerable: m.vulnerable,
        criteria: m.criteria,
        ...(m.versionStartIncluding !== undefined ? { versionStartIncluding: m.versionStartIncluding } : {}),
        ...(m.versionStartExcluding !== undefined ? { versionStartExcluding: m.versionStartExcluding } : {}),
        ...(m.versionEndIncluding !== undefined ? { versionEndIncluding: m.versionEndIncluding } : {}),
        ...(m.versionEndExcluding !== undefined ? { versionEndExcluding: m.versionEndExcluding } : {}),
      })),
    })),
  }));
}

/** Converts one validated NVD `cve` object. */
export function importNvdCve(cve: NvdCve): ImportedCve {
  const description = (cve.descriptions.find((d) => d.lang === 'en') ?? cve.descriptions[0])?.value ?? '';
  const cvss = metricsOf(cve);
  const cwes = new Set<string>();
  for (const w of cve.weaknesses ?? []) for (const d of w.description) if (/^CWE-\d+$/.test(d.value)) cwes.add(d.value);
  const seen = new Set<string>();
  const references: ImportedCve['references'] = [];
  for (const r of cve.references ?? []) {
    if (seen.has(r.url)) continue;
    seen.add(r.url);
    references.push(r.tags?.length ? { url: r.url, tags: r.tags } : { url: r.url });
  }
  return {
    id: cve.id,
    ...(cve.vulnStatus ? { status: cve.vulnStatus } : {}),
    published: nvdDateToIso(cve.published),
    modified: nvdDateToIso(cve.lastModified),
    description,
    // Unscored CVEs (NVD "Awaiting Analysis") are medium until NVD or the CNA scores them.
    severity: cvss[0]?.severity ?? 'medium',
    cvss,
    cwes: [...cwes].sort(),
    references,
    configurations: configurationsOf(cve),
  };
}

/** Reads one parsed NVD CVE JSON 2.0 document (feed file or API page). */
export function parseNvdFeed(json: unknown, source: string): NvdFeed {
  const feed = nvdFeedSchema.safeParse(json);
  if (!feed.success) fail(source, '', feed.error.issues[0]);
  const records: ImportedCve[] = [];
  const rejected: string[] = [];
  feed.data.vulnerabilities.forEach((v, i) => {
    const rawId = v.cve && typeof v.cve === 'object' && 'id' in v.cve && typeof v.cve.id === 'string' ? ` (${v.cve.id.slice(0, 40)})` : '';
    const r = nvdCveSchema.safeParse(v.cve);
    if (!r.success) fail(source, `vulnerabilities[${i}]${rawId}: `, r.error.issues[0] && { ...r.error.issues[0], path: ['cve', ...r.error.issues[0].path] });
    if (r.data.vulnStatus === 'Rejected') { rejected.push(r.data.id); return; }
    records.push(importNvdCve(r.data));
  });
  return { ...(feed.data.timestamp ? { timestamp: nvdDateToIso(feed.data.timestamp) } : {}), records, rejected };
}
