/**
 * /api/3/scan_engines (v3): engines (the built-in Local scan engine is id 1 and cannot be
 * changed or deleted), engine pools, and the pairing shared secret's lifecycle.
 */
import { z } from 'zod';
import { actorOf, type RouteContext, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import {
  addPoolEngine, createEngine, createPool, deleteEngine, deletePool, getEngine, getPool, listEngines, listPools, removePoolEngine, updateEngine, updatePool,
} from '../../services/engines-registry.ts';
import { currentSharedSecret, obtainSharedSecret, revokeSharedSecret, sharedSecretTimeToLive } from '../../services/engines-registry-secret.ts';
import { consoleKeyring } from '../../services/credentials-keyring.ts';
import { listScans, SCAN_SORT } from '../../services/scans.ts';
import { scanSchema, toV3Scan } from './scans-schemas.ts';
import { getSite, SITE_SORT } from '../../services/sites.ts';
import { canAccessSite } from '../../services/actor.ts';
import { engineEditSchema, engineSchema, poolEditSchema, poolSchema, toV3Engine, toV3Pool } from './scan-engines-schemas.ts';
import { idParam, siteSchema, toV3Site } from './sites-schemas.ts';

const links = z.object({ links: linksSchema });
const created = z.object({ id: z.number().int(), links: linksSchema });
const refs = z.object({ resources: z.array(z.number().int()), links: linksSchema });
const engineParams = idParam.extend({ engineId: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const tags = ['scan engines'];

/** The clock of a request: `RouteContext.clock` when the app was built with one (tests), else the wall clock. */
export function clockOf(ctx: RouteContext): () => Date {
  return ctx.clock ?? (() => new Date());
}

/** Scan engine, pool and shared-secret routes. */
export const scanEnginesRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;
  const now = clockOf(ctx);
  const ring = consoleKeyring(ctx.config.dataDir);

  // Static paths first in the source for readers; find-my-way prefers them over /:id anyway.
  app.post('/api/3/scan_engines/shared_secret', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'The live pairing shared secret, or a new one (valid 60 minutes) when none can still pair (expired, revoked, used up, unreadable). New: audited engine-secret.create; reused: engine-secret.read. DELETE first to force a new one.', response: { 201: z.string() } },
  }, async (req, reply) => {
    const { secret } = await obtainSharedSecret(db, ring, actorOf(req), now());
    return reply.code(201).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(secret);
  });

  app.get('/api/3/scan_engines/shared_secret', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'The live pairing shared secret (404 when none); its seconds left in the X-Farsight-Time-To-Live header. Audited.', response: { 200: z.string() } },
  }, async (req, reply) => {
    const { secret, timeToLive } = await currentSharedSecret(db, ring, actorOf(req), now());
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-store').header('x-farsight-time-to-live', String(timeToLive)).send(secret);
  });

  app.get('/api/3/scan_engines/shared_secret/time_to_live', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Seconds the current shared secret has left (404 when none)', response: { 200: z.number().int() } },
  }, async () => sharedSecretTimeToLive(db, now()));

  app.delete('/api/3/scan_engines/shared_secret', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Revoke the current shared secret', response: { 200: links } },
  }, async (req) => {
    await revokeSharedSecret(db, actorOf(req), now());
    return linksBody(req);
  });

  app.get('/api/3/scan_engines', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Scan engines', response: { 200: z.object({ resources: z.array(engineSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: (await listEngines(db)).map((e) => toV3Engine(req, e)), links: linksBody(req).links }));

  app.post('/api/3/scan_engines', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Register a remote engine (pending authorization until paired)', body: engineEditSchema, response: { 201: created } },
  }, async (req, reply) => {
    const id = await createEngine(db, actorOf(req), req.body);
    return reply.code(201).send(createdReference(req, id, `/api/3/scan_engines/${id}`));
  });

  app.get('/api/3/scan_engines/:id', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'A scan engine', params: idParam, response: { 200: engineSchema } },
  }, async (req) => toV3Engine(req, await getEngine(db, req.params.id)));

  app.put('/api/3/scan_engines/:id', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Change a remote engine (the Local scan engine is read-only)', params: idParam, body: engineEditSchema, response: { 200: links } },
  }, async (req) => {
    await updateEngine(db, actorOf(req), req.params.id, req.body);
    return linksBody(req);
  });

  app.delete('/api/3/scan_engines/:id', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Delete a remote engine (the Local scan engine cannot be deleted)', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteEngine(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/scan_engines') };
  });

  app.get('/api/3/scan_engines/:id/scan_engine_pools', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Pools the engine belongs to', params: idParam, response: { 200: z.object({ resources: z.array(poolSchema), links: linksSchema }) } },
  }, async (req) => {
    const e = await getEngine(db, req.params.id);
    const pools = (await listPools(db)).filter((p) => e.pools.includes(p.id));
    return { resources: pools.map((p) => toV3Pool(req, p)), links: linksBody(req).links };
  });

  app.get('/api/3/scan_engines/:id/sites', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Sites scanned by the engine (those you may see)', params: idParam, querystring: pagingQuery, response: { 200: pageOfSchema(siteSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, SITE_SORT);
    const actor = actorOf(req);
    const ids = (await getEngine(db, req.params.id)).sites.filter((s) => canAccessSite(actor, s));
    const page = await Promise.all(ids.slice(pr.page * pr.size, (pr.page + 1) * pr.size).map((s) => getSite(db, s)));
    return pageOf(page.map((s) => toV3Site(req, s)), ids.length, pr, requestPath(req));
  });

  app.get('/api/3/scan_engines/:id/scans', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Scans run by the engine (of sites you may see; a pool scan counts when one of its chunks ran here)', params: idParam, querystring: pagingQuery, response: { 200: pageOfSchema(scanSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, SCAN_SORT);
    await getEngine(db, req.params.id);
    const { scans, total } = await listScans(db, actorOf(req), { engineId: req.params.id, ...pr });
    return pageOf(scans.map((s) => toV3Scan(req, s)), total, pr, requestPath(req));
  });

  app.get('/api/3/scan_engine_pools', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Engine pools', response: { 200: z.object({ resources: z.array(poolSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: (await listPools(db)).map((p) => toV3Pool(req, p)), links: linksBody(req).links }));

  app.post('/api/3/scan_engine_pools', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Create an engine pool', body: poolEditSchema, response: { 201: created } },
  }, async (req, reply) => {
    const id = await createPool(db, actorOf(req), { name: req.body.name, engines: req.body.engines ?? [] });
    return reply.code(201).send(createdReference(req, id, `/api/3/scan_engine_pools/${id}`));
  });

  app.get('/api/3/scan_engine_pools/:id', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'An engine pool', params: idParam, response: { 200: poolSchema } },
  }, async (req) => toV3Pool(req, await getPool(db, req.params.id)));

  app.put('/api/3/scan_engine_pools/:id', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Rename a pool and/or replace its engines', params: idParam, body: poolEditSchema, response: { 200: links } },
  }, async (req) => {
    await updatePool(db, actorOf(req), req.params.id, { name: req.body.name, engines: req.body.engines });
    return linksBody(req);
  });

  app.delete('/api/3/scan_engine_pools/:id', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Delete a pool no site uses', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deletePool(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/scan_engine_pools') };
  });

  app.get('/api/3/scan_engine_pools/:id/engines', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Engines in the pool', params: idParam, response: { 200: refs } },
  }, async (req) => ({ resources: (await getPool(db, req.params.id)).engines, links: linksBody(req).links }));

  app.put('/api/3/scan_engine_pools/:id/engines', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Replace the pool\'s engines', params: idParam, body: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(1000), response: { 200: links } },
  }, async (req) => {
    await updatePool(db, actorOf(req), req.params.id, { engines: req.body });
    return linksBody(req);
  });

  app.put('/api/3/scan_engine_pools/:id/engines/:engineId', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Add an engine to the pool', params: engineParams, response: { 200: links } },
  }, async (req) => {
    await addPoolEngine(db, actorOf(req), req.params.id, req.params.engineId);
    return linksBody(req);
  });

  app.delete('/api/3/scan_engine_pools/:id/engines/:engineId', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Remove an engine from the pool', params: engineParams, response: { 200: links } },
  }, async (req) => {
    await removePoolEngine(db, actorOf(req), req.params.id, req.params.engineId);
    return linksBody(req);
  });

  app.get('/api/3/scan_engine_pools/:id/sites', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Sites scanned from the pool (those you may see)', params: idParam, response: { 200: refs } },
  }, async (req) => {
    const actor = actorOf(req);
    return { resources: (await getPool(db, req.params.id)).sites.filter((s) => canAccessSite(actor, s)), links: linksBody(req).links };
  });
};
