/**
 * The audit log: one row per change and per login attempt. Every mutating service call ends
 * with `audit(db, actor, action, target, details)` inside the same transaction when it has one,
 * so a change and its audit row commit together.
 */
import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import type { Actor } from './actor.ts';

/** What was acted on: `{ type: 'site', id: 4 }`. */
export interface AuditTarget { type: string; id?: string | number | null }

/** Records one event. `action` is `area.verb` (e.g. `site.create`, `login.failure`). Never record secrets in details. */
export async function audit(db: Db | Kysely<Database>, actor: Actor, action: string, target?: AuditTarget | null, details?: Record<string, unknown>): Promise<void> {
  await db.insertInto('audit_log').values({
    at: nowIso(),
    user_id: actor.userId,
    login: actor.login,
    action,
    target_type: target?.type ?? null,
    target_id: target?.id === undefined || target.id === null ? null : String(target.id),
    details: details === undefined ? null : JSON.stringify(details),
    ip: actor.ip ?? null,
  }).execute();
}

/** One audit event as the API returns it. */
export interface AuditEntry {
  id: number; at: string; userId: number | null; login: string | null; action: string;
  targetType: string | null; targetId: string | null; details: Record<string, unknown> | null; ip: string | null;
}

/** Filters for listing the audit log. */
export interface AuditQuery { page: number; size: number; action?: string; login?: string; since?: string }

/** Lists audit events newest first. */
export async function listAudit(db: Db, q: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
  let base = db.selectFrom('audit_log');
  if (q.action) base = base.where('action', 'like', `${q.action.replace(/[%_]/g, '')}%`);
  if (q.login) base = base.where('login', '=', q.login);
  if (q.since) base = base.where('at', '>=', q.since);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('id', 'desc').limit(q.size).offset(q.page * q.size).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return {
    total: toCount(count?.n),
    entries: rows.map((r) => ({
      id: r.id, at: r.at, userId: r.user_id, login: r.login, action: r.action,
      targetType: r.target_type, targetId: r.target_id, ip: r.ip,
      details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown>),
    })),
  };
}
