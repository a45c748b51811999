/**
 * Zod schemas and v3 shapes for shared and site credentials. Response schemas list the public
 * account fields only, so even a service bug could not serialise a secret: the serializer strips
 * every key a schema does not name.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import { CREDENTIAL_SERVICES, PERMISSION_ELEVATIONS, SECRET_FIELDS } from '../../services/credentials-model.ts';
import type { CredentialInput, CredentialView } from '../../services/credentials.ts';

const s = (max: number) => z.string().max(max).optional();

/** v3 account on input: public fields plus the secrets (sealed, never echoed). */
export const accountInSchema = z.object({
  service: z.enum(CREDENTIAL_SERVICES),
  username: s(256), domain: s(256), realm: s(256), database: s(256), sid: s(256), authenticationType: s(64), privacyType: s(64),
  permissionElevation: z.enum(PERMISSION_ELEVATIONS).optional(), permissionElevationUsername: s(256),
  useWindowsAuthentication: z.boolean().optional(), enumerateSids: z.boolean().optional(),
  ...Object.fromEntries(SECRET_FIELDS.map((f) => [f, f === 'pemKey' ? s(16_384) : s(1024)])),
});

/** v3 account on output: public fields only. */
const accountOutSchema = z.object({
  service: z.string(), username: z.string().optional(), domain: z.string().optional(), realm: z.string().optional(), database: z.string().optional(),
  sid: z.string().optional(), authenticationType: z.string().optional(), privacyType: z.string().optional(), permissionElevation: z.string().optional(),
  permissionElevationUsername: z.string().optional(), useWindowsAuthentication: z.boolean().optional(), enumerateSids: z.boolean().optional(),
});

const common = {
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  account: accountInSchema,
  hostRestriction: z.string().max(300).optional(),
  portRestriction: z.number().int().min(1).max(65535).optional(),
  id: z.number().int().optional(),
  links: linksSchema.optional(),
};

/** v3 SharedCredential (input). */
export const sharedInSchema = z.object({
  ...common,
  siteAssignment: z.enum(['all-sites', 'specific-sites']),
  sites: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(10_000).nullable().optional(),
});

/** v3 SiteCredential (input). */
export const siteCredInSchema = z.object({ ...common, enabled: z.boolean().optional() });

/** v3 SharedCredential (response, no secrets). */
export const sharedOutSchema = z.object({
  id: z.number().int(), name: z.string(), description: z.string(), account: accountOutSchema, hostRestriction: z.string().optional(),
  portRestriction: z.number().int().optional(), siteAssignment: z.string(), sites: z.array(z.number().int()).optional(), links: linksSchema,
});

/** v3 SiteCredential (response, no secrets). */
export const siteCredOutSchema = z.object({
  id: z.number().int(), name: z.string(), description: z.string(), account: accountOutSchema, hostRestriction: z.string().optional(),
  portRestriction: z.number().int().optional(), enabled: z.boolean(), links: linksSchema,
});

/** A parsed body as the service takes it. */
export function toInput(b: z.infer<typeof sharedInSchema> | z.infer<typeof siteCredInSchema>): CredentialInput {
  return {
    name: b.name, description: b.description, account: b.account as Record<string, unknown>, hostRestriction: b.hostRestriction ?? null,
    portRestriction: b.portRestriction ?? null,
    ...('siteAssignment' in b ? { siteAssignment: b.siteAssignment, sites: b.sites ?? [] } : {}),
    ...('enabled' in b ? { enabled: b.enabled } : {}),
  };
}

function restrictions(c: CredentialView): { hostRestriction?: string; portRestriction?: number } {
  return { ...(c.hostRestriction !== null ? { hostRestriction: c.hostRestriction } : {}), ...(c.portRestriction !== null ? { portRestriction: c.portRestriction } : {}) };
}

/** The v3 SharedCredential body. */
export function toV3Shared(req: FastifyRequest, c: CredentialView): z.infer<typeof sharedOutSchema> {
  return {
    id: c.id, name: c.name, description: c.description, account: c.account, ...restrictions(c), siteAssignment: c.siteAssignment ?? 'all-sites',
    ...(c.siteAssignment === 'specific-sites' ? { sites: c.sites } : {}), links: resourceLinks(req, `/api/3/shared_credentials/${c.id}`),
  };
}

/** The v3 SiteCredential body. */
export function toV3SiteCred(req: FastifyRequest, c: CredentialView): z.infer<typeof siteCredOutSchema> {
  return { id: c.id, name: c.name, description: c.description, account: c.account, ...restrictions(c), enabled: c.enabled, links: resourceLinks(req, `/api/3/sites/${c.siteId ?? 0}/site_credentials/${c.id}`) };
}
