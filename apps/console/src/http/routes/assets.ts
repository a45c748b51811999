/**
 * Assets (v3): list (all, or of a site), one asset with its services, software and
 * vulnerability findings, delete (or remove from a site); Farsight extra: every finding of an asset with its lifecycle
 * state (new, active, remediated, reopened) and history.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksSchema, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import { ASSET_SORT, getAsset, listAssets } from '../../services/assets.ts';
import { deleteAsset, removeAllAssetsFromSite, removeAssetFromSite } from '../../services/assets-delete.ts';
import { findingHistory, listAssetFindings, type FindingView } from '../../services/findings.ts';
import { loadExceptionMatcher } from '../../services/exceptions.ts';
import { clockOf } from './scan-engines.ts';
import { assetSchema, findingSchema, idParam, serviceParams, serviceSchema, softwareSchema, toV3Asset, toV3Findings, toV3Service, toV3Software } from './assets-schemas.ts';

const tags = ['assets'];
const dbId = z.coerce.number().int().positive().max(2 ** 31 - 1);
const siteAssetParams = z.object({ id: dbId, assetId: dbId });

/** Asset routes. */
export const assetsRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;
  const now = clockOf(ctx);
  app.get('/api/3/assets', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Assets of every site you may see', querystring: pagingQuery, response: { 200: pageOfSchema(assetSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, ASSET_SORT);
    const { assets, total } = await listAssets(db, actorOf(req), { ...pr, now: now() });
    return pageOf(assets.map((a) => toV3Asset(req, a)), total, pr, requestPath(req));
  });

  app.get('/api/3/sites/:id/assets', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Assets scanned in a site', params: idParam, querystring: pagingQuery, response: { 200: pageOfSchema(assetSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, ASSET_SORT);
    const { assets, total } = await listAssets(db, actorOf(req), { siteId: req.params.id, ...pr, now: now() });
    return pageOf(assets.map((a) => toV3Asset(req, a)), total, pr, requestPath(req));
  });

  app.get('/api/3/assets/:id', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'An asset with addresses, host names (and why each was merged in), OS, services, software', params: idParam, response: { 200: assetSchema } },
  }, async (req) => toV3Asset(req, await getAsset(db, actorOf(req), req.params.id, now())));

  app.delete('/api/3/assets/:id', {
    config: { permission: 'assets:write' },
    schema: { tags, summary: 'Delete an asset with its identifiers, services, software and findings (a site owner: only an asset of their sites alone)', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await deleteAsset(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/assets') };
  });

  app.delete('/api/3/sites/:id/assets', {
    config: { permission: 'assets:write' },
    schema: { tags, summary: 'Remove every asset from a site (assets no other site has are deleted)', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await removeAllAssetsFromSite(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, `/api/3/sites/${req.params.id}/assets`) };
  });

  app.delete('/api/3/sites/:id/assets/:assetId', {
    config: { permission: 'assets:write' },
    schema: { tags, summary: 'Remove an asset from a site (the asset is deleted when no other site has it)', params: siteAssetParams, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await removeAssetFromSite(db, actorOf(req), req.params.id, req.params.assetId);
    return { links: resourceLinks(req, `/api/3/sites/${req.params.id}/assets`) };
  });

  app.get('/api/3/assets/:id/services', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Services of an asset (references)', params: idParam, response: { 200: z.object({
      resources: z.array(z.object({ port: z.number().int(), protocol: z.string(), links: linksSchema })),
      links: z.array(z.object({ href: z.string(), rel: z.string(), port: z.number().int(), protocol: z.string() })),
    }) } },
  }, async (req) => {
    const a = await getAsset(db, actorOf(req), req.params.id);
    const resources = a.services.map((s) => ({ port: s.port, protocol: s.protocol, links: toV3Service(req, a.id, s).links }));
    return { resources, links: resources.map((r) => ({ href: r.links[0]?.href ?? '', rel: 'Service', port: r.port, protocol: r.protocol })) };
  });

  app.get('/api/3/assets/:id/services/:protocol/:port', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'One service of an asset', params: serviceParams, response: { 200: serviceSchema } },
  }, async (req) => {
    const a = await getAsset(db, actorOf(req), req.params.id);
    const s = a.services.find((x) => x.port === req.params.port && x.protocol === req.params.protocol);
    if (!s) throw new FarsightError('NOT_FOUND', `asset ${a.id} has no service on ${req.params.protocol}/${req.params.port}`);
    return toV3Service(req, a.id, s);
  });

  app.get('/api/3/assets/:id/software', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Software on an asset (from identified services and the OS)', params: idParam, response: { 200: z.object({ resources: z.array(softwareSchema), links: linksSchema }) } },
  }, async (req) => {
    const a = await getAsset(db, actorOf(req), req.params.id);
    return { resources: a.software.map(toV3Software), links: resourceLinks(req, `/api/3/assets/${a.id}/software`) };
  });

  /** The asset's open findings as v3 VulnerabilityFindings (only those `keep` accepts), with the exception covering each result now. */
  const v3FindingsOf = async (req: FastifyRequest, assetId: number, keep: (f: FindingView) => boolean = () => true) => {
    const a = await getAsset(db, actorOf(req), assetId);
    const matcher = await loadExceptionMatcher(db, now());
    return toV3Findings(req, a.id, (await listAssetFindings(db, a.id)).filter(keep),
      (f) => matcher({ vulnerabilityId: f.checkId, assetId: a.id, siteIds: a.sites, port: f.port, key: f.instance })?.exceptionId);
  };

  app.get('/api/3/assets/:id/vulnerabilities', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Vulnerability findings on an asset (not remediated), one per vulnerability with its results (and the approved exception covering each)', params: idParam, querystring: pagingQuery, response: { 200: pageOfSchema(findingSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, {});
    const all = await v3FindingsOf(req, req.params.id);
    return pageOf(all.slice(pr.page * pr.size, (pr.page + 1) * pr.size), all.length, pr, requestPath(req));
  });

  app.get('/api/3/assets/:id/vulnerabilities/:vulnerabilityId', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'One vulnerability finding on an asset (its results per port and instance)', params: idParam.extend({ vulnerabilityId: z.string().min(1).max(200) }), response: { 200: findingSchema } },
  }, async (req) => {
    const found = (await v3FindingsOf(req, req.params.id)).find((f) => f.id.toLowerCase() === req.params.vulnerabilityId.toLowerCase());
    if (!found) throw new FarsightError('NOT_FOUND', `asset ${req.params.id} has no open finding of vulnerability '${req.params.vulnerabilityId}'; GET /api/3/assets/${req.params.id}/vulnerabilities lists them`);
    return found;
  });

  app.get('/api/3/assets/:id/services/:protocol/:port/vulnerabilities', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Vulnerability findings on one service of an asset', params: serviceParams, querystring: pagingQuery, response: { 200: pageOfSchema(findingSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, {});
    const all = await v3FindingsOf(req, req.params.id, (f) => f.port === req.params.port && f.protocol === req.params.protocol);
    return pageOf(all.slice(pr.page * pr.size, (pr.page + 1) * pr.size), all.length, pr, requestPath(req));
  });

  app.get('/api/farsight/assets/:id/findings', {
    config: { permission: 'assets:read' },
    schema: { tags, summary: 'Every finding of an asset, remediated ones included, with lifecycle state and history', params: idParam, response: { 200: z.object({
      resources: z.array(z.object({
        id: z.number().int(), checkId: z.string(), port: z.number().int(), protocol: z.string(), instance: z.string(), state: z.string(), severity: z.string(),
        title: z.string().nullable(), proof: z.string().nullable(), firstSeen: z.string(), lastSeen: z.string(), since: z.string(),
        history: z.array(z.object({ scanId: z.number().int().nullable(), at: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string() })),
      })),
      links: linksSchema,
    }) } },
  }, async (req) => {
    const a = await getAsset(db, actorOf(req), req.params.id);
    const findings = await listAssetFindings(db, a.id, { includeRemediated: true });
    const resources = await Promise.all(findings.map(async (f) => {
      const { status, ...rest } = f;
      return { ...rest, state: status, history: await findingHistory(db, f.id) };
    }));
    return { resources, links: resourceLinks(req, `/api/farsight/assets/${a.id}/findings`, { Asset: `/api/3/assets/${a.id}` }) };
  });
};
