/**
 * Credentials: /api/3/shared_credentials and /api/3/sites/{id}/site_credentials (v3), and the
 * Farsight "test credentials" action. No response ever carries a secret account field.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import {
  createSharedCredential, createSiteCredential, deleteSharedCredential, deleteSiteCredential, getSharedCredential, getSiteCredential,
  listSharedCredentials, listSiteCredentials, testCredential, updateSharedCredential, updateSiteCredential,
} from '../../services/credentials.ts';
import { consoleKeyring } from '../../services/credentials-keyring.ts';
import { idParam } from './sites-schemas.ts';
import { sharedInSchema, sharedOutSchema, siteCredInSchema, siteCredOutSchema, toInput, toV3Shared, toV3SiteCred } from './credentials-schemas.ts';

const links = z.object({ links: linksSchema });
const created = z.object({ id: z.number().int(), links: linksSchema });
const credParams = idParam.extend({ credentialId: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** Credential routes. The keyring is loaded at registration, so the key file exists from the first start. */
export const credentialsRoutes: RoutePlugin = (app, { db, config }) => {
  const ring = consoleKeyring(config.dataDir);

  app.get('/api/3/shared_credentials', {
    config: { permission: 'credentials:read' },
    schema: { tags: ['credentials'], summary: 'Shared credentials (secrets are never returned)', response: { 200: z.object({ resources: z.array(sharedOutSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: (await listSharedCredentials(db)).map((c) => toV3Shared(req, c)), links: linksBody(req).links }));

  app.post('/api/3/shared_credentials', {
    config: { permission: 'shared-credentials:write' },
    schema: { tags: ['credentials'], summary: 'Create a shared credential (secrets are sealed with the master key)', body: sharedInSchema, response: { 201: created } },
  }, async (req, reply) => {
    const id = await createSharedCredential(db, ring, actorOf(req), toInput(req.body));
    return reply.code(201).send(createdReference(req, id, `/api/3/shared_credentials/${id}`));
  });

  app.get('/api/3/shared_credentials/:id', {
    config: { permission: 'credentials:read' },
    schema: { tags: ['credentials'], summary: 'A shared credential (without secrets)', params: idParam, response: { 200: sharedOutSchema } },
  }, async (req) => toV3Shared(req, await getSharedCredential(db, req.params.id)));

  app.put('/api/3/shared_credentials/:id', {
    config: { permission: 'shared-credentials:write' },
    schema: { tags: ['credentials'], summary: 'Replace a shared credential; omitted secret fields keep their stored value', params: idParam, body: sharedInSchema, response: { 200: links } },
  }, async (req) => {
    await updateSharedCredential(db, ring, actorOf(req), req.params.id, toInput(req.body));
    return linksBody(req);
  });

  app.delete('/api/3/shared_credentials/:id', {
    config: { permission: 'shared-credentials:write' },
    schema: { tags: ['credentials'], summary: 'Delete a shared credential', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteSharedCredential(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/shared_credentials') };
  });

  app.get('/api/3/sites/:id/site_credentials', {
    config: { permission: 'credentials:read' },
    schema: { tags: ['credentials'], summary: 'The site\'s own credentials (without secrets)', params: idParam, response: { 200: z.object({ resources: z.array(siteCredOutSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: (await listSiteCredentials(db, actorOf(req), req.params.id)).map((c) => toV3SiteCred(req, c)), links: linksBody(req).links }));

  app.post('/api/3/sites/:id/site_credentials', {
    config: { permission: 'credentials:write' },
    schema: { tags: ['credentials'], summary: 'Create a site credential', params: idParam, body: siteCredInSchema, response: { 201: created } },
  }, async (req, reply) => {
    const id = await createSiteCredential(db, ring, actorOf(req), req.params.id, toInput(req.body));
    return reply.code(201).send(createdReference(req, id, `/api/3/sites/${req.params.id}/site_credentials/${id}`));
  });

  app.get('/api/3/sites/:id/site_credentials/:credentialId', {
    config: { permission: 'credentials:read' },
    schema: { tags: ['credentials'], summary: 'A site credential (without secrets)', params: credParams, response: { 200: siteCredOutSchema } },
  }, async (req) => toV3SiteCred(req, await getSiteCredential(db, actorOf(req), req.params.id, req.params.credentialId)));

  app.put('/api/3/sites/:id/site_credentials/:credentialId', {
    config: { permission: 'credentials:write' },
    schema: { tags: ['credentials'], summary: 'Replace a site credential; omitted secret fields keep their stored value', params: credParams, body: siteCredInSchema, response: { 200: links } },
  }, async (req) => {
    await updateSiteCredential(db, ring, actorOf(req), req.params.id, req.params.credentialId, toInput(req.body));
    return linksBody(req);
  });

  app.delete('/api/3/sites/:id/site_credentials/:credentialId', {
    config: { permission: 'credentials:write' },
    schema: { tags: ['credentials'], summary: 'Delete a site credential', params: credParams, response: { 200: links } },
  }, async (req) => {
    await deleteSiteCredential(db, actorOf(req), req.params.id, req.params.credentialId);
    return { links: resourceLinks(req, `/api/3/sites/${req.params.id}/site_credentials`) };
  });

  app.post('/api/farsight/credentials/:id/test', {
    config: { permission: 'credentials:write' },
    schema: {
      tags: ['credentials'],
      summary: 'Test a credential: log in to a host from the site\'s engine (ssh and ssh-key from the Local scan engine) and report the outcome; other services and remote engines answer 501 CREDENTIAL_TEST_UNAVAILABLE',
      params: idParam,
      body: z.object({
        siteId: z.number().int().positive().max(2 ** 31 - 1).optional(), host: z.string().max(300).optional(),
        port: z.number().int().min(1).max(65535).optional(), timeoutMs: z.number().int().min(500).max(60_000).optional(),
      }).nullish(),
      response: { 200: z.object({
        credentialId: z.number().int(), siteId: z.number().int().nullable(), engineId: z.number().int(), host: z.string().nullable(), port: z.number().int(),
        service: z.string(), outcome: z.string(), detail: z.string(), method: z.string().optional(), hostKey: z.string().optional(),
      }) },
    },
  }, async (req) => testCredential(db, ring, config.dataDir, actorOf(req), req.params.id, req.body ?? {}));
};
