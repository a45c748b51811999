/** API keys: create (the key is shown once), list, revoke — /api/farsight/api_keys. */
import { z } from 'zod';
import type { RoutePlugin } from '../app-types.ts';
import { actorOf } from '../app-types.ts';
import { pagingQuery, pageOf, pageOfSchema, requestPath, resourceLinks, linksSchema } from '../v3/index.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../services/users-api-keys.ts';

const keyView = z.object({
  id: z.number().int(), userId: z.number().int(), login: z.string(), name: z.string(), prefix: z.string(),
  createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable(),
});
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** API key routes (any authenticated user manages its own keys; global admins everyone's). */
export const apiKeyRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/farsight/api_keys', {
    config: { permission: 'authenticated' },
    schema: { tags: ['farsight'], summary: 'List API keys (yours; all=true lists everyone\'s for global admins)', querystring: pagingQuery.extend({ all: z.enum(['true', 'false']).optional() }), response: { 200: pageOfSchema(keyView) } },
  }, async (req) => {
    const q = req.query;
    const { keys, total } = await listApiKeys(db, actorOf(req), { all: q.all === 'true', page: q.page, size: q.size });
    return pageOf(keys, total, { page: q.page, size: q.size, sort: [] }, requestPath(req), { all: q.all });
  });

  app.post('/api/farsight/api_keys', {
    config: { permission: 'authenticated' },
    schema: {
      tags: ['farsight'], summary: 'Create an API key; the key is returned only in this response',
      body: z.object({ name: z.string().trim().min(1).max(100), userId: z.number().int().positive().max(2 ** 31 - 1).optional() }),
      response: { 201: z.object({ id: z.number().int(), key: z.string(), prefix: z.string(), links: linksSchema }) },
    },
  }, async (req, reply) => {
    const k = await createApiKey(db, actorOf(req), req.body.name, req.body.userId);
    return reply.code(201).send({ ...k, links: resourceLinks(req, `/api/farsight/api_keys/${k.id}`) });
  });

  app.delete('/api/farsight/api_keys/:id', {
    config: { permission: 'authenticated' },
    schema: { tags: ['farsight'], summary: 'Revoke an API key', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await revokeApiKey(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/farsight/api_keys') };
  });
};
