/**
 * Credential collections (v3): PUT/DELETE /api/3/sites/{id}/site_credentials (replace / delete
 * all), PUT …/site_credentials/{credentialId}/enabled, DELETE /api/3/shared_credentials (all),
 * GET/PUT /api/3/sites/{id}/shared_credentials and PUT …/shared_credentials/{credentialId}/enabled.
 * No response carries a secret.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import {
  deleteAllSharedCredentials, deleteSiteCredentials, listSiteSharedCredentials, replaceSiteCredentials, setSiteCredentialEnabled, setSiteSharedCredentials,
} from '../../services/credentials-sites.ts';
import { consoleKeyring } from '../../services/credentials-keyring.ts';
import { idParam } from './sites-schemas.ts';
import { siteCredInSchema, toInput } from './credentials-schemas.ts';

const tags = ['credentials'];
const links = z.object({ links: linksSchema });
const credParams = idParam.extend({ credentialId: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const credId = z.number().int().positive().max(2 ** 31 - 1);

/** v3 SiteSharedCredential (response). */
const siteSharedOutSchema = z.object({ id: z.number().int(), name: z.string(), service: z.string(), enabled: z.boolean(), links: linksSchema });
/** The body of PUT /sites/{id}/shared_credentials: the SiteSharedCredential list (read-only fields ignored). */
const siteSharedInSchema = z.array(z.object({
  id: credId, enabled: z.boolean(), name: z.string().max(200).optional(), service: z.string().max(64).optional(), links: linksSchema.max(50).optional(),
})).max(10_000);

/** Credential collection routes. */
export const credentialsSitesRoutes: RoutePlugin = (app, { db, config }) => {
  const ring = consoleKeyring(config.dataDir);

  app.put('/api/3/sites/:id/site_credentials', {
    config: { permission: 'credentials:write' },
    schema: {
      tags, summary: 'Replace all of the site\'s credentials: entries with an id replace that credential (omitted secrets are kept), entries without one are created, unlisted ones are deleted. All or nothing.',
      params: idParam, body: z.array(siteCredInSchema).max(1000), response: { 200: links },
    },
  }, async (req) => {
    await replaceSiteCredentials(db, ring, actorOf(req), req.params.id, req.body.map((b) => ({ ...toInput(b), ...(b.id !== undefined ? { id: b.id } : {}) })));
    return linksBody(req);
  });

  app.delete('/api/3/sites/:id/site_credentials', {
    config: { permission: 'credentials:write' },
    schema: { tags, summary: 'Delete all of the site\'s credentials', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteSiteCredentials(db, actorOf(req), req.params.id);
    return linksBody(req);
  });

  app.put('/api/3/sites/:id/site_credentials/:credentialId/enabled', {
    config: { permission: 'credentials:write' },
    schema: { tags, summary: 'Enable (true) or disable (false) a site credential for the site\'s scans', params: credParams, body: z.boolean(), response: { 200: links } },
  }, async (req) => {
    await setSiteCredentialEnabled(db, actorOf(req), req.params.id, req.params.credentialId, req.body);
    return { links: resourceLinks(req, `/api/3/sites/${req.params.id}/site_credentials/${req.params.credentialId}`) };
  });

  app.delete('/api/3/shared_credentials', {
    config: { permission: 'shared-credentials:write' },
    schema: { tags, summary: 'Delete every shared credential', response: { 200: links } },
  }, async (req) => {
    await deleteAllSharedCredentials(db, actorOf(req));
    return linksBody(req);
  });

  app.get('/api/3/sites/:id/shared_credentials', {
    config: { permission: 'credentials:read' },
    schema: { tags, summary: 'Shared credentials assigned to the site, each enabled or disabled for its scans', params: idParam, response: { 200: z.object({ resources: z.array(siteSharedOutSchema), links: linksSchema }) } },
  }, async (req) => ({
    resources: (await listSiteSharedCredentials(db, actorOf(req), req.params.id)).map((c) => ({ ...c, links: resourceLinks(req, `/api/3/shared_credentials/${c.id}`) })),
    links: linksBody(req).links,
  }));

  app.put('/api/3/sites/:id/shared_credentials', {
    config: { permission: 'credentials:write' },
    schema: {
      tags, summary: 'Set which assigned shared credentials the site\'s scans use: the list of { id, enabled }; assigned ones not listed go back to enabled (Farsight extension)',
      params: idParam, body: siteSharedInSchema, response: { 200: links },
    },
  }, async (req) => {
    const states = new Map<number, boolean>();
    for (const c of req.body) states.set(c.id, c.enabled);
    await setSiteSharedCredentials(db, actorOf(req), req.params.id, states, true);
    return linksBody(req);
  });

  app.put('/api/3/sites/:id/shared_credentials/:credentialId/enabled', {
    config: { permission: 'credentials:write' },
    schema: { tags, summary: 'Enable (true) or disable (false) an assigned shared credential for this site\'s scans only', params: credParams, body: z.boolean(), response: { 200: links } },
  }, async (req) => {
    await setSiteSharedCredentials(db, actorOf(req), req.params.id, new Map([[req.params.credentialId, req.body]]), false);
    return linksBody(req);
  });
};
