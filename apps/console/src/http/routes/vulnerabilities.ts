/** /api/3/vulnerabilities (v3): vulnerability definitions, read-only over the API (checks and content write them). */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema, MAX_PAGE_SIZE, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import { getVulnerability, listVulnerabilities, VULNERABILITY_SORT, type VulnerabilityView } from '../../services/vulnerabilities.ts';
import { listVulnerabilityAssets } from '../../services/vulnerabilities-assets.ts';
import { clockOf } from './scan-engines.ts';

const cvss2 = z.object({
  vector: z.string(), score: z.number(), accessVector: z.string(), accessComplexity: z.string(), authentication: z.string(),
  confidentialityImpact: z.string(), integrityImpact: z.string(), availabilityImpact: z.string(),
});
const cvss3 = z.object({
  vector: z.string(), score: z.number(), attackVector: z.string(), attackComplexity: z.string(), privilegeRequired: z.string(), userInteraction: z.string(),
  scope: z.string(), confidentialityImpact: z.string(), integrityImpact: z.string(), availabilityImpact: z.string(),
});

/** v3 Vulnerability (response), plus Farsight's `references`. */
export const vulnerabilitySchema = z.object({
  id: z.string(), title: z.string(), description: z.object({ text: z.string(), html: z.string() }), severity: z.string(), severityScore: z.number().int(),
  cvss: z.object({ v2: cvss2.optional(), v3: cvss3.optional(), links: linksSchema }), cves: z.array(z.string()), categories: z.array(z.string()),
  denialOfService: z.boolean(), exploits: z.number().int(), malwareKits: z.number().int(), published: z.string().optional(), added: z.string(), modified: z.string(),
  references: z.array(z.object({ source: z.string(), reference: z.string(), url: z.string().optional() })), links: linksSchema,
});

/** Paging of the affected-assets list: optional (v3 answers every id); `page` or `size` asks for one page. */
const assetsQuery = z.object({
  page: z.coerce.number().int().min(0).max(1_000_000_000).optional(),
  size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The v3 body of a definition. */
export function toV3Vulnerability(req: FastifyRequest, v: VulnerabilityView): z.infer<typeof vulnerabilitySchema> {
  const m2 = v.cvss.v2?.metrics;
  const m3 = v.cvss.v3?.metrics;
  const path = `/api/3/vulnerabilities/${encodeURIComponent(v.id)}`;
  return {
    id: v.id, title: v.title, description: { text: v.description, html: v.description === '' ? '' : `<p>${escapeHtml(v.description)}</p>` },
    severity: v.severity, severityScore: v.severityScore,
    cvss: {
      ...(v.cvss.v2 && m2 ? { v2: { vector: v.cvss.v2.vector, score: v.cvss.v2.score, accessVector: m2.AV ?? '', accessComplexity: m2.AC ?? '', authentication: m2.Au ?? '', confidentialityImpact: m2.C ?? '', integrityImpact: m2.I ?? '', availabilityImpact: m2.A ?? '' } } : {}),
      ...(v.cvss.v3 && m3 ? { v3: { vector: v.cvss.v3.vector, score: v.cvss.v3.score, attackVector: m3.AV ?? '', attackComplexity: m3.AC ?? '', privilegeRequired: m3.PR ?? '', userInteraction: m3.UI ?? '', scope: m3.S ?? '', confidentialityImpact: m3.C ?? '', integrityImpact: m3.I ?? '', availabilityImpact: m3.A ?? '' } } : {}),
      links: resourceLinks(req, path),
    },
    cves: v.cves, categories: v.categories, denialOfService: v.denialOfService, exploits: 0, malwareKits: 0,
    ...(v.published !== null ? { published: v.published } : {}), added: v.added, modified: v.modified, references: v.references,
    links: resourceLinks(req, path),
  };
}

/** Vulnerability definition routes. */
export const vulnerabilitiesRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;
  const now = clockOf(ctx);
  app.get('/api/3/vulnerabilities', {
    config: { permission: 'vulnerabilities:read' },
    schema: { tags: ['vulnerabilities'], summary: 'Vulnerability definitions', querystring: pagingQuery, response: { 200: pageOfSchema(vulnerabilitySchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, VULNERABILITY_SORT);
    const { vulnerabilities, total } = await listVulnerabilities(db, pr);
    return pageOf(vulnerabilities.map((v) => toV3Vulnerability(req, v)), total, pr, requestPath(req));
  });

  app.get('/api/3/vulnerabilities/:id', {
    config: { permission: 'vulnerabilities:read' },
    schema: { tags: ['vulnerabilities'], summary: 'A vulnerability definition', params: z.object({ id: z.string().min(1).max(200) }), response: { 200: vulnerabilitySchema } },
  }, async (req) => toV3Vulnerability(req, await getVulnerability(db, req.params.id)));

  app.get('/api/3/vulnerabilities/:id/assets', {
    config: { permission: 'assets:read' },
    schema: {
      tags: ['vulnerabilities'], summary: 'Ids of the assets the vulnerability affects (a finding neither remediated nor covered by an approved, unexpired exception; assets you may see), by id. v3 answers them all; `page`/`size` ask for one page (then with `page` info and paging links).',
      params: z.object({ id: z.string().min(1).max(200) }), querystring: assetsQuery,
      response: { 200: z.object({ resources: z.array(z.number().int()), page: pageOfSchema(z.number()).shape.page.optional(), links: linksSchema }) },
    },
  }, async (req) => {
    const paged = req.query.page !== undefined || req.query.size !== undefined;
    const pr = { page: req.query.page ?? 0, size: req.query.size ?? 10, sort: [] };
    const { ids, total } = await listVulnerabilityAssets(db, actorOf(req), req.params.id, paged ? pr : undefined, now());
    return paged ? pageOf(ids, total, pr, requestPath(req)) : { resources: ids, links: linksBody(req).links };
  });
};
