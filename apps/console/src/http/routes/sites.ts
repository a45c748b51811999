/**
 * /api/3/sites (v3): list, create, read, update, delete; included/excluded targets; the site's
 * scan engine and scan template. Site credentials are in sites-credentials.ts, global
 * exclusions (a Farsight extra) in sites-exclusions.ts.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import { createSite, deleteSite, getSiteFor, listSites, SITE_SORT, updateSite } from '../../services/sites.ts';
import { getEngineOrPool } from '../../services/engines-registry.ts';
import { getTemplateView } from '../../services/templates.ts';
import { idParam, scanTargetsSchema, siteCreateSchema, siteSchema, siteUpdateSchema, targetList, toV3Site } from './sites-schemas.ts';
import { engineSchema, poolAsEngine, toV3Engine } from './scan-engines-schemas.ts';
import { templateSchema, toV3TemplateBody } from './scan-templates-schemas.ts';

const links = z.object({ links: linksSchema });
const created = z.object({ id: z.number().int(), links: linksSchema });
const tags = ['sites'];

/** Sites routes. */
export const sitesRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/3/sites', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'Sites (those you own or were granted, unless global admin)', querystring: pagingQuery, response: { 200: pageOfSchema(siteSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, SITE_SORT);
    const { sites, total } = await listSites(db, actorOf(req), pr);
    return pageOf(sites.map((s) => toV3Site(req, s)), total, pr, requestPath(req));
  });

  app.post('/api/3/sites', {
    config: { permission: 'sites:manage' },
    schema: { tags, summary: 'Create a site (engine defaults to the Local scan engine, template to full-audit)', body: siteCreateSchema, response: { 201: created } },
  }, async (req, reply) => {
    const b = req.body;
    const id = await createSite(db, actorOf(req), {
      name: b.name, description: b.description, importance: b.importance, scanTemplateId: b.scanTemplateId, engineId: b.engineId,
      includedTargets: b.scan?.assets?.includedTargets?.addresses, excludedTargets: b.scan?.assets?.excludedTargets?.addresses,
    });
    return reply.code(201).send(createdReference(req, id, `/api/3/sites/${id}`));
  });

  app.get('/api/3/sites/:id', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'A site', params: idParam, response: { 200: siteSchema } },
  }, async (req) => toV3Site(req, await getSiteFor(db, actorOf(req), req.params.id)));

  app.put('/api/3/sites/:id', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Update a site (omitted fields keep their value)', params: idParam, body: siteUpdateSchema, response: { 200: links } },
  }, async (req) => {
    const { links: _l, ...fields } = req.body;
    await updateSite(db, actorOf(req), req.params.id, fields);
    return linksBody(req);
  });

  app.delete('/api/3/sites/:id', {
    config: { permission: 'sites:manage' },
    schema: { tags, summary: 'Delete a site with its targets and site credentials', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteSite(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/sites') };
  });

  for (const kind of ['included', 'excluded'] as const) {
    const field = kind === 'included' ? 'includedTargets' : 'excludedTargets';
    const path = `/api/3/sites/:id/${kind}_targets`;
    app.get(path, {
      config: { permission: 'sites:read' },
      schema: { tags, summary: `The site's ${kind} targets`, params: idParam, response: { 200: scanTargetsSchema } },
    }, async (req) => ({ addresses: (await getSiteFor(db, actorOf(req), req.params.id))[field], links: linksBody(req).links }));

    app.put(path, {
      config: { permission: 'sites:write' },
      schema: { tags, summary: `Replace the site's ${kind} targets (addresses, CIDRs, ranges, hostnames)`, params: idParam, body: targetList, response: { 200: links } },
    }, async (req) => {
      await updateSite(db, actorOf(req), req.params.id, { [field]: req.body });
      return linksBody(req);
    });

    app.post(path, {
      config: { permission: 'sites:write' },
      schema: { tags, summary: `Add to the site's ${kind} targets`, params: idParam, body: targetList, response: { 201: created } },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const site = await getSiteFor(db, actor, req.params.id);
      await updateSite(db, actor, site.id, { [field]: [...site[field], ...req.body] });
      return reply.code(201).send(createdReference(req, site.id, `/api/3/sites/${site.id}`));
    });

    app.delete(path, {
      config: { permission: 'sites:write' },
      schema: { tags, summary: `Remove from the site's ${kind} targets (exact tokens)`, params: idParam, body: targetList.nullish(), response: { 200: links } },
    }, async (req) => {
      const actor = actorOf(req);
      const site = await getSiteFor(db, actor, req.params.id);
      const drop = new Set((req.body ?? []).map((t) => t.trim().toLowerCase()));
      await updateSite(db, actor, site.id, { [field]: req.body === undefined || req.body === null ? [] : site[field].filter((t) => !drop.has(t.toLowerCase())) });
      return linksBody(req);
    });
  }

  app.get('/api/3/sites/:id/scan_engine', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'The engine (or pool) that scans the site', params: idParam, response: { 200: engineSchema } },
  }, async (req) => {
    const site = await getSiteFor(db, actorOf(req), req.params.id);
    const e = await getEngineOrPool(db, site.engineId);
    return e.kind === 'engine' ? toV3Engine(req, e.engine) : poolAsEngine(req, e.pool, e.status);
  });

  app.put('/api/3/sites/:id/scan_engine', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Scan the site from another engine or pool', params: idParam, body: z.number().int().positive().max(2 ** 31 - 1), response: { 200: links } },
  }, async (req) => {
    await updateSite(db, actorOf(req), req.params.id, { engineId: req.body });
    return linksBody(req);
  });

  app.get('/api/3/sites/:id/scan_template', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'The scan template the site uses', params: idParam, response: { 200: templateSchema } },
  }, async (req) => {
    const site = await getSiteFor(db, actorOf(req), req.params.id);
    return toV3TemplateBody(req, await getTemplateView(db, site.scanTemplateId));
  });

  app.put('/api/3/sites/:id/scan_template', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Use another scan template for the site', params: idParam, body: z.string().min(1).max(100), response: { 200: links } },
  }, async (req) => {
    await updateSite(db, actorOf(req), req.params.id, { scanTemplateId: req.body });
    return linksBody(req);
  });
};
