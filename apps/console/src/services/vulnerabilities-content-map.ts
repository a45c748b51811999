/**
 * A content definition (packages/content vulnerability schema: package, built-in pack or NVD
 * import) as the console's v3 vulnerability definition. Pure, table-tested.
 *
 * Severity: the CVSS v3.1 base score decides (InsightVM scale, rounded, at least 1); a
 * definition with only CVSS v4.0 uses its score; with neither, the content severity's band.
 * CWEs become categories (v3 has no CWE field); the solution closes the description (v3's
 * Vulnerability has no solution field). v3 has no CVSS v4.0 object: its vector is kept in
 * the description's last line so it is not lost. An active check's definition (`farsight-…`,
 * `packages/scanner/src/checks/*-defs.ts`) goes through the same mapping.
 */
import { cvssBaseScore, versionRulesOf, type LoadedVuln } from '@farsight/content/vulns/index';
import type { VulnDefinition as CheckVulnDefinition } from '@farsight/scanner/checks/vuln-def';
import type { VulnerabilityDefinition, VulnerabilityReference } from './vulnerabilities-model.ts';

const BAND_SCORE: Record<LoadedVuln['severity'], number> = { critical: 9, high: 7, medium: 5, low: 2, info: 1 };

function referenceOf(url: string): VulnerabilityReference {
  const host = /^https:\/\/([^/]+)/.exec(url)?.[1] ?? '';
  const source = host.endsWith('nvd.nist.gov') ? 'NVD' : host.endsWith('cve.org') || host.endsWith('cve.mitre.org') ? 'CVE' : host.endsWith('cwe.mitre.org') ? 'CWE' : 'URL';
  const cve = /CVE-\d{4}-\d{4,}/.exec(url)?.[0];
  return { source, reference: source === 'NVD' || source === 'CVE' ? cve ?? url : url, url };
}

/** The console definition of a content definition (id lowercased, as the vulnerabilities table keys it). */
export function definitionFromContent(v: LoadedVuln): VulnerabilityDefinition {
  const v31 = v.scores.find((s) => s.version === '3.1');
  const v40 = v.scores.find((s) => s.version === '4.0');
  const lines = [v.description, `Solution (${v.solution.type}): ${v.solution.text}`];
  if (v40) lines.push(`CVSS v4.0: ${v40.vector} (base score ${v40.score.toFixed(1)})`);
  const score = v31?.score ?? v40?.score;
  return {
    id: v.id.toLowerCase(),
    title: v.title,
    description: lines.join('\n\n'),
    ...(v31 ? { cvss: { v3: { vector: v31.vector, score: v31.score } } } : {}),
    severityScore: score !== undefined ? Math.min(10, Math.max(1, Math.round(score))) : BAND_SCORE[v.severity],
    cves: [...v.cves],
    categories: [...v.cwes, ...new Set(versionRulesOf(v).map((r) => r.productKey))],
    references: v.references.map(referenceOf),
    denialOfService: /\bdenial[- ]of[- ]service\b/i.test(`${v.title} ${v.description}`),
    ...(v.published ? { published: v.published } : {}),
    ...(v.modified ? { modified: v.modified } : {}),
  };
}

/** The console definition of an active check's vulnerability definition (same mapping as content). */
export function definitionFromCheck(d: CheckVulnDefinition): VulnerabilityDefinition {
  const { cvss31, ...rest } = d;
  const scores = cvss31 ? [{ version: '3.1' as const, vector: cvss31, score: cvssBaseScore(cvss31) }] : [];
  return definitionFromContent({ ...rest, cvss: cvss31 ? { v31: cvss31 } : {}, scores, file: 'active-check' });
}
