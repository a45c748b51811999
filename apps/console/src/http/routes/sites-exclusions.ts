/** /api/farsight/exclusions: console-wide exclusions every scan honours (a Farsight extra; v3 has none). */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksSchema, linksBody } from '../v3/index.ts';
import { getGlobalExclusions, setGlobalExclusions } from '../../services/sites.ts';
import { targetList } from './sites-schemas.ts';

const body = z.object({ addresses: z.array(z.string()), links: linksSchema });

/** Global exclusions routes. */
export const globalExclusionsRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/farsight/exclusions', {
    config: { permission: 'sites:read' },
    schema: { tags: ['sites'], summary: 'Global exclusions (addresses, CIDRs, ranges, hostnames never scanned)', response: { 200: body } },
  }, async (req) => ({ addresses: await getGlobalExclusions(db), links: linksBody(req).links }));

  app.put('/api/farsight/exclusions', {
    config: { permission: 'settings:write' },
    schema: { tags: ['sites'], summary: 'Replace the global exclusions', body: z.union([targetList, z.object({ addresses: targetList })]), response: { 200: body } },
  }, async (req) => ({ addresses: await setGlobalExclusions(db, actorOf(req), Array.isArray(req.body) ? req.body : req.body.addresses), links: linksBody(req).links }));
};
