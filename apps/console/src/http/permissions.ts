/**
 * Permissions and the role table. Every route declares exactly one permission in its config
 * (`config: { permission: 'sites:write' }`); the auth hook checks it before the handler runs and
 * the RBAC test walks every registered route × role against ROLE_PERMISSIONS. Finer checks
 * (which sites a site-owner owns, which a user was granted) are the services' job, using Actor.siteIds.
 * Adding a permission: append it to PERMISSIONS and to the roles that have it.
 */

import type { Role } from '../services/actor.ts';

export { ROLES, isRole, type Role } from '../services/actor.ts';

/** Every permission a route can require. `public` = no authentication; `authenticated` = any logged-in user. */
export const PERMISSIONS = [
  'public',
  'authenticated',
  'users:read', 'users:write',
  'audit:read',
  'settings:read', 'settings:write',
  'sites:read', 'sites:write', 'sites:manage',
  'scans:read', 'scans:write',
  'assets:read', 'assets:write',
  'vulnerabilities:read', 'vulnerabilities:write',
  'exceptions:read', 'exceptions:submit', 'exceptions:review',
  'templates:read', 'templates:write',
  'engines:read', 'engines:write',
  'credentials:read', 'credentials:write', 'shared-credentials:write',
] as const;
/** A permission name. */
export type Permission = (typeof PERMISSIONS)[number];

const READ: Permission[] = ['authenticated', 'sites:read', 'scans:read', 'assets:read', 'vulnerabilities:read', 'exceptions:read', 'templates:read', 'engines:read'];

/**
 * Role → permissions. `sites:write` lets a site-owner change the sites it owns (services check
 * ownership); `sites:manage` (create/delete sites, grant access) is for global admins only.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  'global-admin': new Set(PERMISSIONS.filter((p) => p !== 'public')),
  'site-owner': new Set<Permission>([...READ, 'sites:write', 'scans:write', 'assets:write', 'exceptions:submit', 'credentials:read', 'credentials:write']),
  user: new Set<Permission>(READ),
};

/** True when `role` has `permission` (everyone has `public`). */
export function roleHas(role: Role, permission: Permission): boolean {
  return permission === 'public' || ROLE_PERMISSIONS[role].has(permission);
}

/** True for a known permission name. */
export function isPermission(s: unknown): s is Permission {
  return typeof s === 'string' && (PERMISSIONS as readonly string[]).includes(s);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route requires (mandatory: a route without one is refused at start). */
    permission?: Permission;
  }
}
