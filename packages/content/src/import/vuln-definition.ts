/**
 * An imported NVD CVE → a vulnerability definition in the content schema
 * (`packages/content/src/vulns/schema.ts`), as a plain object the pack validates (pure).
 *
 * The version rules come from the CPE configurations: the vulnerable `cpeMatch` entries of
 * every product Farsight's version checks know (`packages/content/src/cpe/products.ts`), one
 * rule per product (`rule` for one, `rules` for several), in OR configurations only. An AND configuration ("product X running on platform Y") or a
 * negated node cannot be decided from a remote banner, so it produces no rule — a scanner
 * that cannot see the platform would otherwise report it everywhere (`content show` still
 * lists it). CVEs with no rule are kept in the store and shown, but never matched.
 */
import { z } from 'zod';
import { parseCpe } from '../cpe/cpe.ts';
import { productByKey, type ProductDef } from '../cpe/products.ts';
import { compareUpstreamVersions } from '../cpe/version-order.ts';
import { cvss31VectorError, cvss40VectorError, cvssBaseScore, severityOfScore } from '../vulns/cvss.ts';
import type { ImportedCpeMatch, ImportedCve } from './imported-cve.ts';

/** A version range as the content schema writes it. */
export interface RuleRange {
  version?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** The content schema's reference rule (https only); references it would refuse are left out, not the CVE. */
const HTTPS_URL = z.url({ protocol: /^https$/ });

const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z.\-_+~]*$/;
const okVersion = (v: string | undefined): boolean => v === undefined || (v.length <= 64 && VERSION_RE.test(v));

/** The range a cpeMatch describes, or undefined when it cannot be expressed (escaped or odd version text). */
export function rangeOfMatch(m: ImportedCpeMatch): RuleRange | undefined {
  const bounds: RuleRange = {};
  if (m.versionStartIncluding !== undefined) bounds.versionStartIncluding = m.versionStartIncluding;
  if (m.versionStartExcluding !== undefined) bounds.versionStartExcluding = m.versionStartExcluding;
  if (m.versionEndIncluding !== undefined) bounds.versionEndIncluding = m.versionEndIncluding;
  if (m.versionEndExcluding !== undefined) bounds.versionEndExcluding = m.versionEndExcluding;
  if (!Object.values(bounds).every(okVersion)) return undefined;
  const start = bounds.versionStartIncluding ?? bounds.versionStartExcluding;
  const end = bounds.versionEndIncluding ?? bounds.versionEndExcluding;
  if (start !== undefined || end !== undefined) {
    return start !== undefined && end !== undefined && compareUpstreamVersions(start, end) > 0 ? undefined : bounds;
  }
  const cpe = parseCpe(m.criteria);
  if (cpe.version === '*') return { versionStartIncluding: '0' };
  if (cpe.version === '-') return undefined;
  // NVD splits OpenSSH's portable suffix into the update field: openssh:8.5:p1 is 8.5p1.
  const exact = cpe.update !== '*' && cpe.update !== '-' && /^p\d+$/.test(cpe.update) ? `${cpe.version}${cpe.update}` : cpe.version;
  return okVersion(exact) ? { version: exact } : undefined;
}

/** A known product and its affected ranges. */
export interface ProductRule { product: ProductDef; ranges: RuleRange[] }

/** Most products one imported definition gets rules for (the schema's cap). */
const MAX_PRODUCTS = 16;

/**
 * Every known product and its affected ranges, from OR configurations only, in the order NVD
 * lists them (CVE-2023-44487 names Tomcat, httpd, nginx, Jetty…: one rule each).
 */
export function rulesOf(cve: ImportedCve): ProductRule[] {
  const byProduct = new Map<string, { product: ProductDef; ranges: RuleRange[]; seen: Set<string> }>();
  for (const config of cve.configurations) {
    if (config.negate || (config.operator === 'AND' && config.nodes.length > 1)) continue;
    for (const node of config.nodes) {
      if (node.negate || (node.operator === 'AND' && node.matches.length > 1)) continue;
      for (const m of node.matches) {
        if (!m.vulnerable) continue;
        let cpe;
        try { cpe = parseCpe(m.criteria); } catch { continue; }
        const p = productByKey(`${cpe.vendor}:${cpe.product}`);
        if (!p) continue;
        const range = rangeOfMatch(m);
        if (!range) continue;
        let entry = byProduct.get(p.key);
        if (!entry) {
          if (byProduct.size >= MAX_PRODUCTS) continue;
          entry = { product: p, ranges: [], seen: new Set() };
          byProduct.set(p.key, entry);
        }
        const key = JSON.stringify(range);
        if (!entry.seen.has(key)) { entry.seen.add(key); entry.ranges.push(range); }
      }
    }
  }
  return [...byProduct.values()].map((e) => ({ product: e.product, ranges: e.ranges.slice(0, 32) }));
}

/** The first known product's rule (see rulesOf for all of them). */
export function ruleOf(cve: ImportedCve): ProductRule | undefined {
  return rulesOf(cve)[0];
}

// NVD reuses a few hundred vectors across its CVEs: score each once.
const scores = new Map<string, number>();
function scoreOf(vector: string): number {
  let score = scores.get(vector);
  if (score === undefined) {
    score = cvssBaseScore(vector);
    if (scores.size < 10_000) scores.set(vector, score);
  }
  return score;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function solutionText(cve: ImportedCve, rules: readonly ProductRule[]): string {
  if (rules.length === 0) return 'Apply the vendor fix named in the references.';
  const parts = rules.map((rule) => {
    const fixed = [...new Set(rule.ranges.map((r) => r.versionEndExcluding).filter((v): v is string => v !== undefined))];
    const tail = fixed.length > 0 ? ` ${fixed.join(' / ')} or later (NVD: affected ranges end before ${fixed.join(', ')})` : ' a version outside the affected ranges NVD lists';
    return `${rule.product.name} to${tail}`;
  });
  return clip(`Upgrade ${parts.join('; ')}, or install the distribution's patched package. See ${cve.id} references.`, 2000);
}

function schemaRule(rule: ProductRule): Record<string, unknown> {
  return { cpe: `cpe:2.3:a:${rule.product.key}:*:*:*:*:*:*:*:*`, ranges: rule.ranges, distroFixes: [] };
}

/** The content-schema definition of an imported CVE (validated later by the pack's schema). */
export function toVulnDefinition(cve: ImportedCve): Record<string, unknown> {
  const rules = rulesOf(cve);
  const v31 = cve.cvss.find((c) => c.version === '3.1' && cvss31VectorError(c.vector) === undefined)?.vector;
  const v40 = cve.cvss.find((c) => c.version === '4.0' && cvss40VectorError(c.vector) === undefined)?.vector;
  const scored = v31 ?? v40;
  // The schema requires severity to agree with the band of the vector it scores (v3.1 first).
  const severity = scored ? severityOfScore(scoreOf(scored)) : cve.severity;
  const firstSentence = (/^(.{1,150}?[.!?])(\s|$)/s.exec(cve.description)?.[1] ?? cve.description).replace(/\s+/g, ' ');
  const names = rules.length > 2 ? `${rules[0]?.product.name} and ${rules.length - 1} other products` : rules.map((r) => r.product.name).join(' and ');
  const title = clip(`${names ? `${names}: ` : ''}${firstSentence || cve.id}`, 200);
  return {
    id: cve.id,
    title,
    description: clip(cve.description || `${cve.id} (no description in the NVD record).`, 4000),
    severity,
    cvss: { ...(v31 ? { v31 } : {}), ...(v40 ? { v40 } : {}) },
    cves: [cve.id],
    cwes: cve.cwes.filter((c) => /^CWE-\d{1,5}$/.test(c)).slice(0, 16),
    references: cve.references.map((r) => r.url).filter((u) => HTTPS_URL.safeParse(u).success).slice(0, 32),
    solution: { type: 'upgrade', text: solutionText(cve, rules) },
    published: cve.published.slice(0, 10),
    modified: cve.modified.slice(0, 10) < cve.published.slice(0, 10) ? cve.published.slice(0, 10) : cve.modified.slice(0, 10),
    // One product: `rule` (as before); several: `rules`, one per product.
    ...(rules.length === 1 ? { rule: schemaRule(rules[0] as ProductRule) } : rules.length > 1 ? { rules: rules.map(schemaRule) } : {}),
  };
}
