/** Zod schemas and the v3 User shape for /api/3/users. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { resourceLinks, linksSchema } from '../v3/index.ts';
import type { Role } from '../permissions.ts';
import type { UserView } from '../../services/users.ts';

const ROLE_NAMES: Record<Role, string> = { 'global-admin': 'Global Administrator', 'site-owner': 'Site Owner', user: 'User' };

/** Our roles in InsightVM's privilege names (the v3 UserRole.privileges enum). */
const V3_PRIVILEGES: Record<Role, string[]> = {
  'global-admin': ['all-permissions'],
  'site-owner': ['view-site-asset-data', 'specify-site-metadata', 'specify-scan-targets', 'assign-scan-engine', 'assign-scan-template',
    'manage-site-credentials', 'schedule-automatic-scans', 'start-unscheduled-scans', 'purge-site-asset-data', 'submit-vulnerability-exceptions'],
  user: ['view-site-asset-data'],
};

/** v3 role ids accepted on input: ours plus InsightVM's `site-admin` for Site Owner. */
export const roleIdSchema = z.enum(['global-admin', 'site-owner', 'site-admin', 'user']).transform((r): Role => (r === 'site-admin' ? 'site-owner' : r));

/** v3 UserEdit (POST: password required; PUT: optional). */
export function userEditSchema(passwordRequired: boolean) {
  return z.object({
    login: z.string().min(1).max(64),
    name: z.string().min(1).max(200),
    email: z.string().max(320).optional(),
    enabled: z.boolean().optional(),
    password: passwordRequired ? z.string().max(1024) : z.string().max(1024).optional(),
    role: z.object({ id: roleIdSchema, allSites: z.boolean().optional(), allAssetGroups: z.boolean().optional(), superuser: z.boolean().optional() }),
  });
}

/** v3 User (response). */
export const userSchema = z.object({
  id: z.number().int(),
  login: z.string(),
  name: z.string(),
  email: z.string().optional(),
  enabled: z.boolean(),
  locked: z.boolean(),
  role: z.object({ id: z.string(), name: z.string(), superuser: z.boolean(), allSites: z.boolean(), allAssetGroups: z.boolean(), privileges: z.array(z.string()) }),
  authentication: z.object({ type: z.string(), name: z.string(), external: z.boolean() }),
  links: linksSchema,
});

/** Shapes a user as v3 does (Farsight's permission names are in GET /api/farsight/session). */
export function toV3User(req: FastifyRequest, u: UserView): z.infer<typeof userSchema> {
  const admin = u.role === 'global-admin';
  return {
    id: u.id, login: u.login, name: u.name, ...(u.email !== null && { email: u.email }), enabled: u.enabled, locked: u.locked,
    role: { id: u.role, name: ROLE_NAMES[u.role], superuser: admin, allSites: admin, allAssetGroups: admin, privileges: V3_PRIVILEGES[u.role] },
    authentication: { type: 'normal', name: 'Builtin Users', external: false },
    links: resourceLinks(req, `/api/3/users/${u.id}`, { Sites: `/api/3/users/${u.id}/sites` }),
  };
}

/** `{id}` path parameter. */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
