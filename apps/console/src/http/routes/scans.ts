/**
 * Scans (v3): start a scan of a site (`POST /api/3/sites/{id}/scans`, optionally some of its
 * hosts), list and read scans, pause/resume/stop; Farsight extras: the downloadable scan log
 * and per-host progress.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import { actOnScan, getScanFor, getScanLog, listScanHosts, listScans, SCAN_SORT, startScan } from '../../services/scans.ts';
import { actionParams, activeQuery, adhocScanSchema, idParam, scanHostsSchema, scanSchema, toV3Scan } from './scans-schemas.ts';

const tags = ['scans'];
const created = z.object({ id: z.number().int(), links: linksSchema });
const listQuery = pagingQuery.extend(activeQuery.shape);

/** Scan routes. */
export const scansRoutes: RoutePlugin = (app, { db }) => {
  app.post('/api/3/sites/:id/scans', {
    config: { permission: 'scans:write' },
    schema: { tags, summary: 'Start a scan of the site (or of `hosts` inside it); it is queued, then dispatched to the site\'s engine', params: idParam, body: adhocScanSchema, response: { 201: created } },
  }, async (req, reply) => {
    const b = req.body ?? {};
    const id = await startScan(db, actorOf(req), req.params.id, {
      ...(b.name !== undefined ? { name: b.name } : {}), ...(b.hosts ? { hosts: b.hosts } : {}),
      ...(b.templateId !== undefined ? { templateId: b.templateId } : {}), ...(b.engineId !== undefined ? { engineId: b.engineId } : {}),
      ...(b.testCheck ? { testCheck: b.testCheck } : {}),
    });
    return reply.code(201).send(createdReference(req, id, `/api/3/scans/${id}`));
  });

  app.get('/api/3/sites/:id/scans', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'Scans of a site', params: idParam, querystring: listQuery, response: { 200: pageOfSchema(scanSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, SCAN_SORT);
    const active = req.query.active === undefined ? undefined : req.query.active === 'true';
    const { scans, total } = await listScans(db, actorOf(req), { siteId: req.params.id, ...(active !== undefined ? { active } : {}), ...pr });
    return pageOf(scans.map((s) => toV3Scan(req, s)), total, pr, requestPath(req), { active: req.query.active });
  });

  app.get('/api/3/scans', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'Scans of every site you may see (`active=true`: still under way)', querystring: listQuery, response: { 200: pageOfSchema(scanSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, SCAN_SORT);
    const active = req.query.active === undefined ? undefined : req.query.active === 'true';
    const { scans, total } = await listScans(db, actorOf(req), { ...(active !== undefined ? { active } : {}), ...pr });
    return pageOf(scans.map((s) => toV3Scan(req, s)), total, pr, requestPath(req), { active: req.query.active });
  });

  app.get('/api/3/scans/:id', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'A scan with its status, the reason for it and progress', params: idParam, response: { 200: scanSchema } },
  }, async (req) => toV3Scan(req, await getScanFor(db, actorOf(req), req.params.id)));

  app.post('/api/3/scans/:id/:status', {
    config: { permission: 'scans:write' },
    schema: { tags, summary: 'Pause, resume or stop a scan', params: actionParams, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await actOnScan(db, actorOf(req), req.params.id, req.params.status);
    return linksBody(req, `/api/3/scans/${req.params.id}`);
  });

  app.get('/api/farsight/scans/:id/log', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'The scan log as text (download)', params: idParam, response: { 200: z.string() } },
  }, async (req, reply) => {
    const text = await getScanLog(db, actorOf(req), req.params.id);
    return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="scan-${req.params.id}.log"`).send(text);
  });

  app.get('/api/farsight/scans/:id/hosts', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'Per-host progress of a scan (hosts reported so far)', params: idParam, querystring: pagingQuery.omit({ sort: true }), response: { 200: scanHostsSchema } },
  }, async (req) => {
    const { page, size } = req.query;
    const { scan, hosts, total } = await listScanHosts(db, actorOf(req), req.params.id, { page, size });
    return {
      scanId: scan.id, state: scan.status, hostsTotal: scan.hostsTotal, hostsDone: scan.hostsDone, hostsUp: scan.hostsUp, hosts,
      page: { number: page, size, totalResources: total, totalPages: Math.ceil(total / size) },
      links: resourceLinks(req, `/api/farsight/scans/${scan.id}/hosts`, { Scan: `/api/3/scans/${scan.id}` }),
    };
  });
};
