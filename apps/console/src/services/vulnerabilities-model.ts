/**
 * Vulnerability definitions: validation of what checks and content submit (CVSS vectors, CVE ids,
 * severity) and the InsightVM severity scale. Pure, table-tested.
 *
 * InsightVM severity: a score of 1–10 read as Moderate (1–3), Severe (4–7) or Critical (8–10);
 * when a definition gives only CVSS, the score is the CVSS base score rounded (at least 1).
 */
import { FarsightError } from '@farsight/common';

/** v3 severity labels. */
export const SEVERITIES = ['Moderate', 'Severe', 'Critical'] as const;
/** A severity label. */
export type Severity = (typeof SEVERITIES)[number];

/** A reference of a definition (advisory, vendor bulletin, URL). */
export interface VulnerabilityReference {
  source: string;
  reference: string;
  url?: string;
}

/** What a check or content import declares about a vulnerability. */
export interface VulnerabilityDefinition {
  /** Natural id, lowercase (e.g. `farsight-ssh-weak-kex`, `cve-2024-6387`). */
  id: string;
  title: string;
  description?: string;
  severity?: Severity;
  severityScore?: number;
  cvss?: { v2?: { vector: string; score: number }; v3?: { vector: string; score: number } };
  cves?: readonly string[];
  categories?: readonly string[];
  references?: readonly VulnerabilityReference[];
  denialOfService?: boolean;
  /** YYYY-MM-DD. */
  published?: string;
  modified?: string;
}

const V3_METRICS = { AV: 'NALP', AC: 'LH', PR: 'NLH', UI: 'NR', S: 'UC', C: 'NLH', I: 'NLH', A: 'NLH' } as const;
const V2_METRICS = { AV: 'LAN', AC: 'HML', Au: 'MSN', C: 'NPC', I: 'NPC', A: 'NPC' } as const;

function parseMetrics(vector: string, body: string, spec: Record<string, string>, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of body.split('/')) {
    const [k = '', v = '', ...rest] = part.split(':');
    if (rest.length > 0 || k === '' || v === '') throw new FarsightError('INVALID_ARGUMENT', `${what} vector '${vector}': '${part}' is not METRIC:VALUE`);
    if (Object.hasOwn(out, k)) throw new FarsightError('INVALID_ARGUMENT', `${what} vector '${vector}': metric ${k} appears twice`);
    out[k] = v;
  }
  for (const [k, values] of Object.entries(spec)) {
    const v = out[k];
    if (v === undefined || v.length !== 1 || !values.includes(v)) {
      throw new FarsightError('INVALID_ARGUMENT', `${what} vector '${vector}': base metric ${k} must be one of ${values.split('').join('/')}`);
    }
  }
  return out;
}

/** Parses a CVSS v3.x vector (`CVSS:3.1/AV:N/…`) into its base metrics; INVALID_ARGUMENT naming the problem. */
export function parseCvss3(vector: string): Record<keyof typeof V3_METRICS, string> {
  const m = /^CVSS:3\.[01]\/(.+)$/.exec(vector.trim());
  if (!m) throw new FarsightError('INVALID_ARGUMENT', `CVSS v3 vector '${vector}' must start with CVSS:3.0/ or CVSS:3.1/`);
  return parseMetrics(vector, m[1] ?? '', V3_METRICS, 'CVSS v3') as Record<keyof typeof V3_METRICS, string>;
}

/** Parses a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses). */
export function parseCvss2(vector: string): Record<keyof typeof V2_METRICS, string> {
  const body = vector.trim().replace(/^\((.*)\)$/, '$1');
  return parseMetrics(vector, body, V2_METRICS, 'CVSS v2') as Record<keyof typeof V2_METRICS, string>;
}

/** The label of a 1–10 severity score. */
export function severityOf(score: number): Severity {
  return score >= 8 ? 'Critical' : score >= 4 ? 'Severe' : 'Moderate';
}

function checkScore(score: number, what: string): void {
  if (!Number.isFinite(score) || score < 0 || score > 10) throw new FarsightError('INVALID_ARGUMENT', `${what} ${score} must be 0.0-10.0`);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CVE = /^CVE-\d{4}-\d{4,}$/;
const ID = /^[a-z0-9][a-z0-9._:-]{0,199}$/;

/** Validates a definition and derives its severity; returns the normalised definition (id lowercased). */
export function normaliseDefinition(d: VulnerabilityDefinition): VulnerabilityDefinition & { severity: Severity; severityScore: number } {
  const id = d.id.trim().toLowerCase();
  if (!ID.test(id)) throw new FarsightError('INVALID_ARGUMENT', `vulnerability id '${d.id}' must be 1-200 of a-z 0-9 . _ : - starting with a letter or digit`);
  if (d.title.trim() === '' || d.title.length > 500) throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: title must be 1-500 characters`);
  if (d.cvss?.v3) { parseCvss3(d.cvss.v3.vector); checkScore(d.cvss.v3.score, `vulnerability ${id}: CVSS v3 score`); }
  if (d.cvss?.v2) { parseCvss2(d.cvss.v2.vector); checkScore(d.cvss.v2.score, `vulnerability ${id}: CVSS v2 score`); }
  for (const c of d.cves ?? []) if (!CVE.test(c)) throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: '${c}' is not a CVE id (CVE-YYYY-NNNN)`);
  for (const [k, v] of [['published', d.published], ['modified', d.modified]] as const) {
    if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: ${k} '${v}' must be YYYY-MM-DD`);
  }
  if (d.severity !== undefined && !(SEVERITIES as readonly string[]).includes(d.severity)) {
    throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: severity '${d.severity}' is not one of ${SEVERITIES.join(', ')}`);
  }
  let score = d.severityScore;
  if (score === undefined) {
    const cvss = d.cvss?.v3?.score ?? d.cvss?.v2?.score;
    if (cvss !== undefined) score = Math.max(1, Math.round(cvss));
    else if (d.severity !== undefined) score = { Moderate: 3, Severe: 6, Critical: 9 }[d.severity];
    else throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: give a severity, a severityScore or a CVSS score`);
  }
  if (!Number.isInteger(score) || score < 1 || score > 10) throw new FarsightError('INVALID_ARGUMENT', `vulnerability ${id}: severityScore ${score} must be an integer 1-10`);
  return { ...d, id, severity: d.severity ?? severityOf(score), severityScore: score };
}
