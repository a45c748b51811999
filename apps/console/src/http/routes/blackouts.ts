/**
 * Blackouts (Farsight; v3 has none): global ones at /api/farsight/blackouts, a site's at
 * /api/farsight/sites/{id}/blackouts, each at /api/farsight/blackouts/{id}. See docs/schedules.md.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import { createBlackout, deleteBlackout, getBlackout, listBlackouts, updateBlackout, type BlackoutView } from '../../services/blackouts.ts';
import { idParam } from './sites-schemas.ts';

const tags = ['blackouts'];
const inSchema = z.object({
  name: z.string().min(1).max(200),
  enabled: z.boolean().default(true),
  /** Repeating: the engine maintenance grammar, e.g. FREQ=WEEKLY;BYDAY=SA,SU;START=00:00;DURATION=PT24H;TZID=UTC. */
  rule: z.string().min(1).max(300).optional(),
  /** One-off period. */
  from: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
}).strict();
const outSchema = z.object({
  id: z.number().int(), siteId: z.number().int().nullable(), name: z.string(), enabled: z.boolean(), rule: z.string().optional(), from: z.string().optional(), until: z.string().optional(),
  active: z.boolean(), currentEnd: z.string().optional(), nextStart: z.string().optional(), nextEnd: z.string().optional(), links: linksSchema,
});
const listSchema = z.object({ resources: z.array(outSchema), links: linksSchema });

/** Blackout routes. */
export const blackoutsRoutes: RoutePlugin = (app, { db }) => {
  const withLinks = (req: Parameters<typeof resourceLinks>[0], b: BlackoutView) => ({ ...b, links: resourceLinks(req, `/api/farsight/blackouts/${b.id}`) });

  app.get('/api/farsight/blackouts', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'Global blackouts (every site): whether each is in force now and its next period', response: { 200: listSchema } },
  }, async (req) => ({ resources: (await listBlackouts(db, actorOf(req), null)).map((b) => withLinks(req, b)), links: linksBody(req).links }));

  app.post('/api/farsight/blackouts', {
    config: { permission: 'settings:write' },
    schema: { tags, summary: 'Create a global blackout: a repeating `rule` or a one-off `from`–`until`', body: inSchema, response: { 201: z.object({ id: z.number().int(), links: linksSchema }) } },
  }, async (req, reply) => {
    const id = await createBlackout(db, actorOf(req), null, req.body);
    return reply.code(201).send(createdReference(req, id, `/api/farsight/blackouts/${id}`));
  });

  app.get('/api/farsight/sites/:id/blackouts', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'The site\'s own blackouts (global ones also apply)', params: idParam, response: { 200: listSchema } },
  }, async (req) => ({ resources: (await listBlackouts(db, actorOf(req), req.params.id)).map((b) => withLinks(req, b)), links: linksBody(req).links }));

  app.post('/api/farsight/sites/:id/blackouts', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Create a blackout of the site', params: idParam, body: inSchema, response: { 201: z.object({ id: z.number().int(), links: linksSchema }) } },
  }, async (req, reply) => {
    const id = await createBlackout(db, actorOf(req), req.params.id, req.body);
    return reply.code(201).send(createdReference(req, id, `/api/farsight/blackouts/${id}`));
  });

  app.get('/api/farsight/blackouts/:id', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'One blackout', params: idParam, response: { 200: outSchema } },
  }, async (req) => withLinks(req, await getBlackout(db, actorOf(req), req.params.id)));

  app.put('/api/farsight/blackouts/:id', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Replace a blackout (global ones: global administrators only)', params: idParam, body: inSchema, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await updateBlackout(db, actorOf(req), req.params.id, req.body);
    return linksBody(req);
  });

  app.delete('/api/farsight/blackouts/:id', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Delete a blackout; scans it paused resume', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await deleteBlackout(db, actorOf(req), req.params.id);
    return linksBody(req);
  });
};
