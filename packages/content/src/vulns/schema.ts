/**
 * The one schema set of vulnerability content (issue 5): vulnerability definitions, their
 * declarative version rules (CPE 2.3 + NVD range semantics + distribution fixed versions) and
 * check metadata. Validation, the TypeScript types (z.infer) and the generated check
 * reference (docs/checks.md) all come from here.
 */
import { z } from 'zod';
import { isValidDpkgVersion } from '@farsight/common';
import { parseCpe } from '../cpe/cpe.ts';
import { productByKey } from '../cpe/products.ts';
import { compareUpstreamVersions } from '../cpe/version-order.ts';
import { cvss31VectorError, cvss40VectorError, cvssBaseScore, severityOfScore } from './cvss.ts';

/** Severity buckets, lowest first. */
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
/** A severity. */
export const severitySchema = z.enum(SEVERITIES);
/** Check categories: only `safe` runs by default. */
export const checkCategorySchema = z.enum(['safe', 'intrusive', 'auth-required']);

const idSchema = z.string().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'ids use letters, digits and . _ : -');
/** A CVE id. */
export const cveIdSchema = z.string().regex(/^CVE-\d{4}-\d{4,7}$/, 'a CVE id looks like CVE-2024-6387');
/** A CWE id (or NVD's placeholders). */
export const cweIdSchema = z.string().regex(/^(CWE-\d{1,5}|NVD-CWE-Other|NVD-CWE-noinfo)$/, 'a CWE id looks like CWE-364');
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

/** A CVSS v3.1 base vector, checked against the specification's grammar. */
export const cvss31Schema = z.string().max(200).superRefine((v, ctx) => {
  const why = cvss31VectorError(v);
  if (why) ctx.addIssue({ code: 'custom', message: `CVSS v3.1 vector ${v}: ${why}` });
});
/** A CVSS v4.0 base vector, checked against the specification's grammar. */
export const cvss40Schema = z.string().max(300).superRefine((v, ctx) => {
  const why = cvss40VectorError(v);
  if (why) ctx.addIssue({ code: 'custom', message: `CVSS v4.0 vector ${v}: ${why}` });
});

/** How to fix it. */
export const solutionSchema = z.strictObject({
  type: z.enum(['patch', 'upgrade', 'configuration', 'workaround']),
  text: z.string().min(1).max(2000),
});

const versionSchema = z.string().min(1).max(64).regex(/^[0-9A-Za-z][0-9A-Za-z.\-_+~]*$/, 'versions use letters, digits and . - _ + ~');

/** One NVD `cpeMatch` range; with no bound, `version` is an exact version. */
export const versionRangeSchema = z.strictObject({
  version: versionSchema.optional(),
  versionStartIncluding: versionSchema.optional(),
  versionStartExcluding: versionSchema.optional(),
  versionEndIncluding: versionSchema.optional(),
  versionEndExcluding: versionSchema.optional(),
}).superRefine((r, ctx) => {
  const bad = (message: string): void => { ctx.addIssue({ code: 'custom', message }); };
  if (r.versionStartIncluding !== undefined && r.versionStartExcluding !== undefined) bad('give versionStartIncluding or versionStartExcluding, not both');
  if (r.versionEndIncluding !== undefined && r.versionEndExcluding !== undefined) bad('give versionEndIncluding or versionEndExcluding, not both');
  const start = r.versionStartIncluding ?? r.versionStartExcluding;
  const end = r.versionEndIncluding ?? r.versionEndExcluding;
  if (r.version !== undefined && (start !== undefined || end !== undefined)) bad('an exact version cannot be combined with range bounds');
  if (r.version === undefined && start === undefined && end === undefined) bad('a range needs an exact version or at least one bound');
  if (start !== undefined && end !== undefined && compareUpstreamVersions(start, end) > 0) bad(`range starts at ${start} after it ends at ${end}`);
});

/** A distribution's fixed package version for one release (or: that release is not affected). */
export const distroFixSchema = z.strictObject({
  distro: z.enum(['debian', 'ubuntu']),
  release: z.string().regex(/^\d+(\.\d+)?$/, 'a release is a number such as 12 or 22.04'),
  /** Source package name, e.g. `openssh`. */
  package: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9.+-]*$/),
  /** dpkg version that fixed it, e.g. `1:9.2p1-2+deb12u3`. */
  fixed: z.string().refine(isValidDpkgVersion, 'not a valid dpkg version').optional(),
  /** The release's build was never affected (e.g. the vulnerable code was not in it). */
  notAffected: z.literal(true).optional(),
}).refine((f) => (f.fixed !== undefined) !== (f.notAffected === true), 'give exactly one of fixed or notAffected');

/** A declarative version rule: which product versions are affected, upstream and per distribution build. */
export const versionRuleSchema = z.strictObject({
  /** CPE 2.3 pattern of the product (version `*`), e.g. `cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*`. */
  cpe: z.string().max(300).superRefine((c, ctx) => {
    try {
      const p = parseCpe(c);
      if (!productByKey(`${p.vendor}:${p.product}`)) ctx.addIssue({ code: 'custom', message: `product ${p.vendor}:${p.product} is not in packages/content/src/cpe/products.ts; add it there first` });
    } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message }); }
  }),
  ranges: z.array(versionRangeSchema).min(1).max(32),
  distroFixes: z.array(distroFixSchema).max(64).default([]),
});

/** A vulnerability definition. */
export const vulnerabilitySchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(4000),
  severity: severitySchema,
  cvss: z.strictObject({ v31: cvss31Schema.optional(), v40: cvss40Schema.optional() }).default({}),
  cves: z.array(cveIdSchema).max(64).default([]),
  cwes: z.array(cweIdSchema).max(16).default([]),
  references: z.array(z.url({ protocol: /^https$/ })).max(32).default([]),
  solution: solutionSchema,
  published: dateSchema.optional(),
  modified: dateSchema.optional(),
  /** The version rule of a single-product definition. */
  rule: versionRuleSchema.optional(),
  /** Version rules of a definition several products share (one per product, e.g. HTTP/2 Rapid Reset); give `rule` or `rules`. */
  rules: z.array(versionRuleSchema).min(1).max(16).optional(),
}).superRefine((v, ctx) => {
  if (v.rule && v.rules) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'give rule (one product) or rules (several), not both' });
  const products = new Set<string>();
  for (const [i, r] of (v.rules ?? []).entries()) {
    let key: string;
    try { const c = parseCpe(r.cpe); key = `${c.vendor}:${c.product}`; } catch { continue; }
    if (products.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'cpe'], message: `product ${key} has two rules; put all its ranges in one rule` });
    products.add(key);
  }
  const vector = v.cvss.v31 ?? v.cvss.v40;
  const valid = v.cvss.v31 !== undefined ? cvss31VectorError(v.cvss.v31) === undefined : v.cvss.v40 !== undefined && cvss40VectorError(v.cvss.v40) === undefined;
  if (vector && valid) {
    const band = severityOfScore(cvssBaseScore(vector));
    if (band !== v.severity) ctx.addIssue({ code: 'custom', path: ['severity'], message: `severity ${v.severity} disagrees with the CVSS base score band ${band} of ${vector}` });
  }
  if (/^CVE-/.test(v.id) && !v.cves.includes(v.id)) ctx.addIssue({ code: 'custom', path: ['cves'], message: `a definition named ${v.id} must list it in cves` });
  if (v.published && v.modified && v.modified < v.published) ctx.addIssue({ code: 'custom', path: ['modified'], message: 'modified is before published' });
});

/** Metadata of a check (the scanner's CheckMeta shape, plus the CPEs it applies to). */
export const checkMetaSchema = z.object({
  id: idSchema,
  title: z.string().min(1).max(200),
  categories: z.array(checkCategorySchema).min(1),
  services: z.array(z.string().min(1).max(64)),
  reports: z.array(idSchema),
  cpes: z.array(z.string().max(300)).optional(),
});

/** One data file of the built-in pack (`packages/content/vulns/*.json`). */
export const vulnPackFileSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** What the file covers, e.g. `OpenSSH`. */
  title: z.string().min(1).max(200),
  vulnerabilities: z.array(vulnerabilitySchema).min(1).max(2000),
});

/** A vulnerability definition (validated). */
export type VulnDefinition = z.infer<typeof vulnerabilitySchema>;
/** A version rule (validated). */
export type VersionRule = z.infer<typeof versionRuleSchema>;
/** A distribution fix entry. */
export type DistroFix = z.infer<typeof distroFixSchema>;
/** Check metadata (validated). */
export type CheckMetaDef = z.infer<typeof checkMetaSchema>;
/** A pack data file. */
export type VulnPackFile = z.infer<typeof vulnPackFileSchema>;
/** A severity. */
export type SeverityLevel = z.infer<typeof severitySchema>;
