/** Who is doing something: passed to every service call for RBAC and audit. */

/** The three roles (InsightVM: Global Administrator, Site Owner, User). */
export const ROLES = ['global-admin', 'site-owner', 'user'] as const;
/** A user's role. */
export type Role = (typeof ROLES)[number];

/** True for a known role name. */
export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/** The caller of a service. `siteIds` = sites a site-owner owns / a user may read (undefined for global admins: all). */
export interface Actor {
  userId: number | null;
  login: string;
  role: Role;
  siteIds?: readonly number[];
  /** Client address, recorded in the audit log. */
  ip?: string;
}

/** The console itself (first start, migrations, scheduler), for audit rows not caused by a user. */
export const SYSTEM_ACTOR: Actor = { userId: null, login: 'system', role: 'global-admin' };

/** True when the actor may see/act on `siteId` (global admins: every site). */
export function canAccessSite(actor: Actor, siteId: number): boolean {
  return actor.role === 'global-admin' || (actor.siteIds?.includes(siteId) ?? false);
}
