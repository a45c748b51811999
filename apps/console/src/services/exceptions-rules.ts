/**
 * Vulnerability exception rules: reasons, scopes, the review state machine, expiry and which
 * findings an exception covers. Pure functions over plain records, table-tested; the service
 * (`exceptions.ts`) stores and loads, this module judges.
 *
 * Review rule (decided for Farsight, documented in docs/api.md): the reviewer must differ from
 * the submitter, except a global administrator, who may approve or reject their own submission
 * (a one-admin deployment must still be able to use exceptions); such reviews are audited with
 * `selfReview: true`.
 */
import { FarsightError } from '@farsight/common';

/** Why an exception was submitted (Farsight names; v3 labels in REASON_LABELS). */
export const EXCEPTION_REASONS = ['false-positive', 'compensating-control', 'acceptable-risk', 'acceptable-use', 'other'] as const;
/** One exception reason. */
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

/** What an exception covers, narrowest first. */
export const EXCEPTION_SCOPES = ['instance', 'asset', 'site', 'global'] as const;
/** One exception scope type. */
export type ExceptionScopeType = (typeof EXCEPTION_SCOPES)[number];

/** Stored review states; `expired` is never stored, it is computed from `expires`. */
export type ExceptionState = 'under-review' | 'approved' | 'rejected' | 'deleted';

/** A review action (the v3 `/vulnerability_exceptions/{id}/{status}` path values). */
export type ExceptionAction = 'approve' | 'reject' | 'recall';

/** v3 `Submission.reason` labels. */
export const REASON_LABELS: Record<ExceptionReason, string> = {
  'false-positive': 'False Positive', 'compensating-control': 'Compensating Control',
  'acceptable-risk': 'Acceptable Risk', 'acceptable-use': 'Acceptable Use', other: 'Other',
};

/** v3 `ExceptionScope.type` labels. */
export const SCOPE_LABELS: Record<ExceptionScopeType, string> = { instance: 'Instance', asset: 'Asset', site: 'Site', global: 'Global' };

const STATE_LABELS: Record<ExceptionState | 'expired', string> = {
  'under-review': 'Under Review', approved: 'Approved', rejected: 'Rejected', deleted: 'Deleted', expired: 'Expired',
};

function fromLabel<T extends string>(labels: Record<T, string>, text: string, what: string): T {
  const norm = text.trim().toLowerCase().replace(/[\s_]+/g, '-');
  for (const [k, label] of Object.entries(labels) as Array<[T, string]>) {
    if (k === norm || label.toLowerCase().replace(/\s+/g, '-') === norm) return k;
  }
  throw new FarsightError('INVALID_ARGUMENT', `${what} '${text}' is not one of: ${Object.values(labels).join(', ')} (or ${Object.keys(labels).join(', ')})`);
}

/** Reads a reason from its v3 label (`False Positive`) or Farsight name (`false-positive`). */
export function parseReason(text: string): ExceptionReason {
  return fromLabel(REASON_LABELS, text, 'submit.reason');
}

/** Reads a scope type from its v3 label (`Instance`) or Farsight name; `Asset Group` is not supported. */
export function parseScopeType(text: string): ExceptionScopeType {
  return fromLabel(SCOPE_LABELS, text, 'scope.type');
}

/** The exception fields the rules need. */
export interface ExceptionRecord {
  id: number;
  state: ExceptionState;
  scopeType: ExceptionScopeType;
  /** Site id for `site`, asset id for `asset`/`instance`, null for `global`. */
  scopeId: number | null;
  vulnerabilityId: string;
  port: number | null;
  key: string | null;
  reason: ExceptionReason;
  submittedBy: number;
  /** ISO-8601 instant, or null for never. */
  expires: string | null;
}

/** A finding as the exception rules see it. */
export interface FindingRef {
  vulnerabilityId: string;
  assetId: number;
  /** The sites the asset belongs to (or the site of the scan that found it). */
  siteIds: readonly number[];
  port?: number | null;
  /** Instance discriminator (e.g. a path or the check's proof key). */
  key?: string | null;
}

/** True when the exception's expiry has passed at `now`. */
export function isExpired(e: Pick<ExceptionRecord, 'expires'>, now: Date): boolean {
  return e.expires !== null && Date.parse(e.expires) <= now.getTime();
}

/** The state shown to clients: `Expired` once an approved or pending exception passes its expiry. */
export function displayState(e: Pick<ExceptionRecord, 'state' | 'expires'>, now: Date): string {
  const live = e.state === 'approved' || e.state === 'under-review';
  return STATE_LABELS[live && isExpired(e, now) ? 'expired' : e.state];
}

/** Checks a scope is well formed: which fields each type needs and allows. */
export function validateScope(s: { scopeType: ExceptionScopeType; scopeId: number | null; port: number | null; key: string | null }): void {
  if (s.scopeType === 'global' && s.scopeId !== null) throw new FarsightError('INVALID_ARGUMENT', 'scope.id must be omitted for a Global exception');
  if (s.scopeType !== 'global' && (s.scopeId === null || !Number.isInteger(s.scopeId) || s.scopeId < 1)) {
    throw new FarsightError('INVALID_ARGUMENT', `scope.id must be the ${s.scopeType === 'site' ? 'site' : 'asset'} id for a ${SCOPE_LABELS[s.scopeType]} exception`);
  }
  if (s.scopeType !== 'instance' && (s.port !== null || s.key !== null)) {
    throw new FarsightError('INVALID_ARGUMENT', 'scope.port and scope.key apply only to Instance exceptions');
  }
  if (s.port !== null && (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)) {
    throw new FarsightError('INVALID_ARGUMENT', `scope.port ${s.port} is not a port number (1-65535)`);
  }
}

/** True when an exception (whatever its state) covers the finding by scope and vulnerability. */
export function scopeCovers(e: ExceptionRecord, f: FindingRef): boolean {
  if (e.vulnerabilityId.toLowerCase() !== f.vulnerabilityId.toLowerCase()) return false;
  switch (e.scopeType) {
    case 'global': return true;
    case 'site': return e.scopeId !== null && f.siteIds.includes(e.scopeId);
    case 'asset': return e.scopeId === f.assetId;
    case 'instance':
      return e.scopeId === f.assetId && (e.port === null || e.port === (f.port ?? null)) && (e.key === null || e.key === (f.key ?? null));
  }
}

/** True when the exception currently excludes the finding: approved, not expired, and covering it. */
export function applies(e: ExceptionRecord, f: FindingRef, now: Date): boolean {
  return e.state === 'approved' && !isExpired(e, now) && scopeCovers(e, f);
}

/** Who is acting on an exception. */
export interface Reviewer {
  userId: number;
  isGlobalAdmin: boolean;
}

/**
 * The state an action leads to, or a coded error saying why it is not allowed. Approve and
 * reject need a pending, unexpired exception and (see the module comment) a reviewer other
 * than the submitter unless global admin; recall is for the submitter or a global admin.
 */
export function transition(e: ExceptionRecord, action: ExceptionAction, who: Reviewer, now: Date): { state: ExceptionState; selfReview: boolean } {
  if (action === 'recall') {
    if (e.state === 'deleted' || e.state === 'rejected') {
      throw new FarsightError('EXCEPTION_STATE_INVALID', `exception ${e.id} is ${STATE_LABELS[e.state]}; only a pending or approved exception can be recalled`);
    }
    if (e.submittedBy !== who.userId && !who.isGlobalAdmin) {
      throw new FarsightError('EXCEPTION_REVIEW_FORBIDDEN', `exception ${e.id} can be recalled only by its submitter or a global administrator`);
    }
    return { state: 'deleted', selfReview: false };
  }
  if (e.state !== 'under-review') {
    throw new FarsightError('EXCEPTION_STATE_INVALID', `exception ${e.id} is ${STATE_LABELS[e.state]}, not Under Review; submit a new exception instead`);
  }
  if (isExpired(e, now)) {
    throw new FarsightError('EXCEPTION_STATE_INVALID', `exception ${e.id} expired at ${e.expires}; set a later expiry (PUT .../expires) before reviewing it`);
  }
  const selfReview = e.submittedBy === who.userId;
  if (selfReview && !who.isGlobalAdmin) {
    throw new FarsightError('EXCEPTION_REVIEW_FORBIDDEN', `exception ${e.id} was submitted by you; another reviewer (or a global administrator) must ${action} it`);
  }
  return { state: action === 'approve' ? 'approved' : 'rejected', selfReview };
}

/** Validates an expiry: an ISO-8601 instant in the future (or null for never). Returns it normalised. */
export function parseExpiry(text: string | null | undefined, now: Date): string | null {
  if (text === null || text === undefined || text === '') return null;
  const t = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(t)) {
    throw new FarsightError('INVALID_ARGUMENT', `expires '${text}' is not an ISO-8601 date-time (e.g. 2030-01-31T00:00:00Z)`);
  }
  if (t <= now.getTime()) throw new FarsightError('INVALID_ARGUMENT', `expires '${text}' is in the past; give a future date-time or omit it`);
  return new Date(t).toISOString();
}
