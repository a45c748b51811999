/**
 * Authenticated scanning through the console (Farsight extras): a scan's credential coverage
 * (`GET /api/farsight/scans/{id}/credentials`) and an asset's latest login outcome
 * (`GET /api/farsight/assets/{id}/authentication`). Outcomes and names only, never a secret.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksSchema, pagingQuery, resourceLinks } from '../v3/index.ts';
import { assetAuthentication, scanCredentialCoverage } from '../../services/scans-auth.ts';
import { idParam } from './scans-schemas.ts';

const tags = ['scans'];
const text = z.string().nullable();
const hostAuthSchema = z.object({
  scanId: z.number().int(), address: z.string(), assetId: z.number().int().nullable(), outcome: z.string(),
  credentialId: z.number().int().nullable(), credential: text, user: text, port: z.number().int(), method: text, elevation: text,
  detail: z.string(), hostKey: text, packages: z.number().int().nullable(), os: text, ecosystem: text, kernel: text,
  durationMs: z.number().int(), at: z.string(),
});
const coverageSchema = z.object({
  scanId: z.number().int(), hostsUp: z.number().int(), attempted: z.number().int(), success: z.number().int(),
  outcomes: z.record(z.string(), z.number().int()), hosts: z.array(hostAuthSchema),
  page: z.object({ number: z.number().int(), size: z.number().int(), totalResources: z.number().int(), totalPages: z.number().int() }),
  links: linksSchema,
});

/** Credential coverage and per-asset authentication routes. */
export const scansAuthRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/farsight/scans/:id/credentials', {
    config: { permission: 'scans:read' },
    schema: { tags, summary: 'Credential coverage of a scan: hosts a credential applied to, logged in, per outcome; one page of per-host outcomes', params: idParam, querystring: pagingQuery.omit({ sort: true }), response: { 200: coverageSchema } },
  }, async (req) => {
    const { page, size } = req.query;
    const c = await scanCredentialCoverage(db, actorOf(req), req.params.id, { page, size });
    const { total, ...rest } = c;
    return {
      ...rest, page: { number: page, size, totalResources: total, totalPages: Math.ceil(total / size) },
      links: resourceLinks(req, `/api/farsight/scans/${c.scanId}/credentials`, { Scan: `/api/3/scans/${c.scanId}` }),
    };
  });

  app.get('/api/farsight/assets/:id/authentication', {
    config: { permission: 'assets:read' },
    schema: { tags: ['assets'], summary: 'The latest authenticated-scanning outcome of an asset (null when no credential applied to it yet)', params: idParam, response: { 200: z.object({ authentication: hostAuthSchema.nullable(), links: linksSchema }) } },
  }, async (req) => ({
    authentication: await assetAuthentication(db, actorOf(req), req.params.id),
    links: resourceLinks(req, `/api/farsight/assets/${req.params.id}/authentication`, { Asset: `/api/3/assets/${req.params.id}` }),
  }));
};
