/** GET /api/farsight/audit — the audit log, newest first (global admins). */
import { z } from 'zod';
import type { RoutePlugin } from '../app-types.ts';
import { pagingQuery, pageOf, pageOfSchema, requestPath } from '../v3/index.ts';
import { listAudit } from '../../services/audit.ts';

const entry = z.object({
  id: z.number().int(), at: z.string(), userId: z.number().int().nullable(), login: z.string().nullable(), action: z.string(),
  targetType: z.string().nullable(), targetId: z.string().nullable(), details: z.record(z.string(), z.unknown()).nullable(), ip: z.string().nullable(),
});

/** Audit route. */
export const auditRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/farsight/audit', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['farsight'], summary: 'Audit log of every change and login',
      querystring: pagingQuery.extend({ action: z.string().max(100).optional(), login: z.string().max(64).optional(), since: z.iso.datetime().optional() }),
      response: { 200: pageOfSchema(entry) },
    },
  }, async (req) => {
    const q = req.query;
    const { entries, total } = await listAudit(db, { page: q.page, size: q.size, action: q.action, login: q.login, since: q.since });
    return pageOf(entries, total, { page: q.page, size: q.size, sort: [] }, requestPath(req), { action: q.action, login: q.login, since: q.since });
  });
};
