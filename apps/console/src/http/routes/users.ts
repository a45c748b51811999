/** /api/3/users (v3): list, get, create, update, delete, unlock, password, site grants. */
import { z } from 'zod';
import type { RoutePlugin } from '../app-types.ts';
import { actorOf } from '../app-types.ts';
import { pagingQuery, pageRequest, pageOf, pageOfSchema, requestPath, createdReference, linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import { createUser, deleteUser, getUser, listUsers, unlockUser, updateUser, USER_SORT } from '../../services/users.ts';
import { idParam, toV3User, userEditSchema, userSchema } from './users-schemas.ts';

const links = z.object({ links: linksSchema });
const created = z.object({ id: z.number().int(), links: linksSchema });
const siteIds = z.array(z.number().int().positive().max(2 ** 31 - 1)).max(10_000);

/** Users routes (global admins). */
export const usersRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/3/users', {
    config: { permission: 'users:read' },
    schema: { tags: ['users'], summary: 'Users', querystring: pagingQuery, response: { 200: pageOfSchema(userSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, USER_SORT);
    const { users, total } = await listUsers(db, pr);
    return pageOf(users.map((u) => toV3User(req, u)), total, pr, requestPath(req));
  });

  app.post('/api/3/users', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Create a user', body: userEditSchema(true), response: { 201: created } },
  }, async (req, reply) => {
    const b = req.body;
    const id = await createUser(db, actorOf(req), { login: b.login, name: b.name, email: b.email ?? null, role: b.role.id, password: b.password ?? '', enabled: b.enabled });
    return reply.code(201).send(createdReference(req, id, `/api/3/users/${id}`));
  });

  app.get('/api/3/users/:id', {
    config: { permission: 'users:read' },
    schema: { tags: ['users'], summary: 'A user', params: idParam, response: { 200: userSchema } },
  }, async (req) => toV3User(req, await getUser(db, req.params.id)));

  app.put('/api/3/users/:id', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Update a user (password optional)', params: idParam, body: userEditSchema(false), response: { 200: links } },
  }, async (req) => {
    const b = req.body;
    await updateUser(db, actorOf(req), req.params.id, { login: b.login, name: b.name, email: b.email ?? null, role: b.role.id, enabled: b.enabled, password: b.password });
    return linksBody(req);
  });

  app.delete('/api/3/users/:id', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Delete a user', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteUser(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/users') };
  });

  app.delete('/api/3/users/:id/lock', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Unlock an account locked after failed logins', params: idParam, response: { 200: links } },
  }, async (req) => {
    await unlockUser(db, actorOf(req), req.params.id);
    return linksBody(req);
  });

  app.put('/api/3/users/:id/password', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Set a user\'s password', params: idParam, body: z.object({ password: z.string().max(1024) }), response: { 200: links } },
  }, async (req) => {
    await updateUser(db, actorOf(req), req.params.id, { password: req.body.password });
    return linksBody(req);
  });

  app.get('/api/3/users/:id/sites', {
    config: { permission: 'users:read' },
    schema: { tags: ['users'], summary: 'Sites the user owns (site-owner) or may read (user)', params: idParam, response: { 200: z.object({ resources: z.array(z.number().int()), links: linksSchema }) } },
  }, async (req) => ({ resources: (await getUser(db, req.params.id)).siteIds, links: linksBody(req).links }));

  app.put('/api/3/users/:id/sites', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Replace the user\'s site grants', params: idParam, body: siteIds, response: { 200: links } },
  }, async (req) => {
    await updateUser(db, actorOf(req), req.params.id, { siteIds: req.body });
    return linksBody(req);
  });

  app.delete('/api/3/users/:id/sites', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Remove all of the user\'s site grants', params: idParam, response: { 200: links } },
  }, async (req) => {
    await updateUser(db, actorOf(req), req.params.id, { siteIds: [] });
    return linksBody(req);
  });

  const siteParams = idParam.extend({ siteId: z.coerce.number().int().positive().max(2 ** 31 - 1) });
  app.put('/api/3/users/:id/sites/:siteId', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Grant the user a site', params: siteParams, response: { 200: links } },
  }, async (req) => {
    const u = await getUser(db, req.params.id);
    await updateUser(db, actorOf(req), u.id, { siteIds: [...new Set([...u.siteIds, req.params.siteId])] });
    return linksBody(req);
  });

  app.delete('/api/3/users/:id/sites/:siteId', {
    config: { permission: 'users:write' },
    schema: { tags: ['users'], summary: 'Revoke the user\'s grant on a site', params: siteParams, response: { 200: links } },
  }, async (req) => {
    const u = await getUser(db, req.params.id);
    await updateUser(db, actorOf(req), u.id, { siteIds: u.siteIds.filter((s) => s !== req.params.siteId) });
    return linksBody(req);
  });
};
