/**
 * Vulnerability exceptions: submit → approve/reject (or recall), expiry, and the question the
 * findings code asks — is this finding excepted right now? The rules live in exceptions-rules.ts;
 * this module stores, loads and audits. Every function takes `now` so tests can move the clock.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { toCount } from '../db/helpers.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { applies, isExpired, parseExpiry, transition, validateScope } from './exceptions-rules.ts';
import type { ExceptionAction, ExceptionReason, ExceptionRecord, ExceptionScopeType, ExceptionState, FindingRef } from './exceptions-rules.ts';

export type { FindingRef, ExceptionAction };

/** API sort field → column for exception lists. */
export const EXCEPTION_SORT: Record<string, string> = { id: 'id', expires: 'expires', state: 'state', submitted: 'submitted_at', vulnerability: 'vulnerability_id' };

/** An exception with its submission and review. */
export interface ExceptionView extends ExceptionRecord {
  comment: string;
  submittedLogin: string;
  submittedAt: string;
  reviewedBy: number | null;
  reviewedLogin: string | null;
  reviewComment: string | null;
  reviewedAt: string | null;
}

/** What a submitter sends. */
export interface ExceptionInput {
  scopeType: ExceptionScopeType;
  scopeId: number | null;
  vulnerabilityId: string;
  port?: number | null;
  key?: string | null;
  reason: ExceptionReason;
  comment?: string;
  expires?: string | null;
}

/** Which exception excepts a finding. */
export interface ExceptionMatch {
  exceptionId: number;
  reason: ExceptionReason;
  scopeType: ExceptionScopeType;
  expires: string | null;
}

type Row = {
  id: number; state: string; scope_type: string; scope_id: number | null; vulnerability_id: string; port: number | null; instance_key: string | null;
  reason: string; comment: string; submitted_by: number; submitted_login: string; submitted_at: string; reviewed_by: number | null;
  reviewed_login: string | null; review_comment: string | null; reviewed_at: string | null; expires: string | null;
};

function toView(r: Row): ExceptionView {
  return {
    id: r.id, state: r.state as ExceptionState, scopeType: r.scope_type as ExceptionScopeType, scopeId: r.scope_id, vulnerabilityId: r.vulnerability_id,
    port: r.port, key: r.instance_key, reason: r.reason as ExceptionReason, submittedBy: r.submitted_by, expires: r.expires, comment: r.comment,
    submittedLogin: r.submitted_login, submittedAt: r.submitted_at, reviewedBy: r.reviewed_by, reviewedLogin: r.reviewed_login,
    reviewComment: r.review_comment, reviewedAt: r.reviewed_at,
  };
}

function isAdmin(actor: Actor): boolean {
  return actor.role === 'global-admin';
}

function visibleTo(actor: Actor, e: ExceptionView): boolean {
  return isAdmin(actor) || e.scopeType === 'global' || e.submittedBy === actor.userId || (e.scopeType === 'site' && e.scopeId !== null && canAccessSite(actor, e.scopeId));
}

function userIdOf(actor: Actor): number {
  if (actor.userId === null) throw new FarsightError('INVALID_ARGUMENT', 'exceptions are submitted and reviewed by users, not by the console itself');
  return actor.userId;
}

/** Submits an exception (state Under Review); returns its id. */
export async function createException(db: Db, actor: Actor, input: ExceptionInput, now: Date = new Date()): Promise<number> {
  const userId = userIdOf(actor);
  const scope = { scopeType: input.scopeType, scopeId: input.scopeId, port: input.port ?? null, key: input.key ?? null };
  validateScope(scope);
  const expires = parseExpiry(input.expires, now);
  const vulnerabilityId = input.vulnerabilityId.trim().toLowerCase();
  if (!(await db.selectFrom('vulnerabilities').select('id').where('id', '=', vulnerabilityId).executeTakeFirst())) {
    throw new FarsightError('INVALID_ARGUMENT', `scope.vulnerability '${input.vulnerabilityId}' is not a known vulnerability; GET /api/3/vulnerabilities lists them`);
  }
  if (scope.scopeType === 'global' && !isAdmin(actor)) throw new FarsightError('RESOURCE_FORBIDDEN', 'only a global administrator may submit a Global exception; use a Site, Asset or Instance scope');
  if (scope.scopeType === 'site') {
    if (!(await db.selectFrom('sites').select('id').where('id', '=', scope.scopeId as number).executeTakeFirst())) throw new FarsightError('INVALID_ARGUMENT', `scope.id: site ${scope.scopeId} does not exist`);
    if (!canAccessSite(actor, scope.scopeId as number)) throw new FarsightError('RESOURCE_FORBIDDEN', `site ${scope.scopeId} is not one of your sites`);
  }
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('vulnerability_exceptions').values({
      state: 'under-review', scope_type: scope.scopeType, scope_id: scope.scopeId, vulnerability_id: vulnerabilityId, port: scope.port, instance_key: scope.key,
      reason: input.reason, comment: input.comment ?? '', submitted_by: userId, submitted_login: actor.login, submitted_at: at,
      reviewed_by: null, reviewed_login: null, review_comment: null, reviewed_at: null, expires, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'exception.submit', { type: 'vulnerability-exception', id: row.id }, { ...scope, vulnerabilityId, reason: input.reason, expires });
    return row.id;
  });
}

async function load(db: Db, id: number): Promise<ExceptionView> {
  const r = await db.selectFrom('vulnerability_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `vulnerability exception ${id} does not exist`);
  return toView(r);
}

/** One exception the actor may see. */
export async function getException(db: Db, actor: Actor, id: number): Promise<ExceptionView> {
  const e = await load(db, id);
  if (!visibleTo(actor, e)) throw new FarsightError('NOT_FOUND', `vulnerability exception ${id} does not exist`);
  return e;
}

/** One page of the exceptions the actor may see. */
export async function listExceptions(db: Db, actor: Actor, pr: { page: number; size: number; sort: Array<{ field: string; direction: 'asc' | 'desc' }> }): Promise<{ exceptions: ExceptionView[]; total: number }> {
  let base = db.selectFrom('vulnerability_exceptions');
  if (!isAdmin(actor)) {
    const sites = [...(actor.siteIds ?? []), -1];
    base = base.where((eb) => eb.or([eb('scope_type', '=', 'global'), eb('submitted_by', '=', actor.userId ?? -1), eb.and([eb('scope_type', '=', 'site'), eb('scope_id', 'in', sites)])]));
  }
  let q = base.selectAll();
  for (const s of pr.sort) q = q.orderBy(s.field as 'id', s.direction);
  const [rows, count] = await Promise.all([
    q.orderBy('id').limit(pr.size).offset(pr.page * pr.size).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { exceptions: rows.map(toView), total: toCount(count?.n) };
}

/** Approves, rejects or recalls an exception (v3 POST /vulnerability_exceptions/{id}/{status}). */
export async function reviewException(db: Db, actor: Actor, id: number, action: ExceptionAction, comment: string | null, now: Date = new Date()): Promise<ExceptionState> {
  const e = await getException(db, actor, id);
  const next = transition(e, action, { userId: userIdOf(actor), isGlobalAdmin: isAdmin(actor) }, now);
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const review = action === 'recall' ? {} : { reviewed_by: actor.userId, reviewed_login: actor.login, review_comment: comment, reviewed_at: at };
    const res = await trx.updateTable('vulnerability_exceptions').set({ state: next.state, ...review, updated_at: at })
      .where('id', '=', id).where('state', '=', e.state).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new FarsightError('EXCEPTION_STATE_INVALID', `vulnerability exception ${id} changed while it was being reviewed; reload it and try again`);
    await audit(trx, actor, `exception.${action}`, { type: 'vulnerability-exception', id }, { from: e.state, to: next.state, selfReview: next.selfReview, comment });
  });
  return next.state;
}

/**
 * Sets or clears an exception's expiry. The submitter may change it while the exception is under
 * review; once approved, only a global administrator (a reviewer) may, so an approval cannot be
 * stretched without review.
 */
export async function setExceptionExpiry(db: Db, actor: Actor, id: number, expiresText: string | null, now: Date = new Date()): Promise<void> {
  const e = await getException(db, actor, id);
  const expires = parseExpiry(expiresText, now);
  const mayChange = isAdmin(actor) || (e.submittedBy === actor.userId && e.state === 'under-review');
  if (!mayChange) throw new FarsightError('EXCEPTION_REVIEW_FORBIDDEN', `the expiry of exception ${id} can be changed by its submitter while Under Review, otherwise by a global administrator`);
  if (e.state === 'rejected' || e.state === 'deleted') throw new FarsightError('EXCEPTION_STATE_INVALID', `exception ${id} is ${e.state}; its expiry no longer matters`);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('vulnerability_exceptions').set({ expires, updated_at: now.toISOString() }).where('id', '=', id).execute();
    await audit(trx, actor, 'exception.expiry', { type: 'vulnerability-exception', id }, { from: e.expires, to: expires });
  });
}

/** Deletes an exception record (global administrators, or the submitter while it is under review). */
export async function deleteException(db: Db, actor: Actor, id: number): Promise<void> {
  const e = await getException(db, actor, id);
  if (!isAdmin(actor) && !(e.submittedBy === actor.userId && e.state === 'under-review')) {
    throw new FarsightError('EXCEPTION_REVIEW_FORBIDDEN', `exception ${id} can be deleted by a global administrator, or by its submitter while Under Review (recall it otherwise)`);
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('vulnerability_exceptions').where('id', '=', id).execute();
    await audit(trx, actor, 'exception.delete', { type: 'vulnerability-exception', id }, { state: e.state, vulnerabilityId: e.vulnerabilityId });
  });
}

function match(e: ExceptionRecord): ExceptionMatch {
  return { exceptionId: e.id, reason: e.reason, scopeType: e.scopeType, expires: e.expires };
}

/** The narrowest approved, unexpired exception covering a finding, or undefined. */
export async function isExcepted(db: Db, finding: FindingRef, now: Date = new Date()): Promise<ExceptionMatch | undefined> {
  const rows = await db.selectFrom('vulnerability_exceptions').selectAll()
    .where('vulnerability_id', '=', finding.vulnerabilityId.toLowerCase()).where('state', '=', 'approved').orderBy('id').execute();
  return firstApplying(rows.map(toView), finding, now);
}

const NARROWEST_FIRST: Record<ExceptionScopeType, number> = { instance: 0, asset: 1, site: 2, global: 3 };

function firstApplying(list: readonly ExceptionRecord[], f: FindingRef, now: Date): ExceptionMatch | undefined {
  let best: ExceptionRecord | undefined;
  for (const e of list) if (applies(e, f, now) && (!best || NARROWEST_FIRST[e.scopeType] < NARROWEST_FIRST[best.scopeType])) best = e;
  return best && match(best);
}

/**
 * The exceptions in force at `now` (approved, unexpired), optionally only those of some
 * vulnerability ids (any case): what findings lists, counts and affected-asset lists honour.
 */
export async function exceptionsInForce(db: Db, now: Date = new Date(), vulnerabilityIds?: readonly string[]): Promise<ExceptionRecord[]> {
  let q = db.selectFrom('vulnerability_exceptions').selectAll().where('state', '=', 'approved');
  if (vulnerabilityIds) {
    if (vulnerabilityIds.length === 0) return [];
    q = q.where('vulnerability_id', 'in', [...new Set(vulnerabilityIds.map((v) => v.toLowerCase()))]);
  }
  return (await q.orderBy('id').execute()).map(toView).filter((e) => !isExpired(e, now));
}

/**
 * Loads every approved exception once and returns a synchronous matcher, for ingestion paths
 * that judge many findings (call again to see newly approved exceptions).
 */
export async function loadExceptionMatcher(db: Db, now: Date = new Date()): Promise<(finding: FindingRef) => ExceptionMatch | undefined> {
  return exceptionMatcher(await exceptionsInForce(db, now), now);
}

/** The synchronous matcher over exceptions already loaded (e.g. by `exceptionsInForce`): the narrowest one applying to a finding. */
export function exceptionMatcher(list: readonly ExceptionRecord[], now: Date): (finding: FindingRef) => ExceptionMatch | undefined {
  const byVuln = new Map<string, ExceptionRecord[]>();
  for (const e of list) byVuln.set(e.vulnerabilityId, [...(byVuln.get(e.vulnerabilityId) ?? []), e]);
  return (f) => firstApplying(byVuln.get(f.vulnerabilityId.toLowerCase()) ?? [], f, now);
}
