/**
 * The one place FarsightError codes become HTTP statuses, and the v3 error body
 * `{ status: "404", message, links }` (v3's `status` is a string). Append a line to
 * HTTP_STATUS for a new code that is not a 400; unknown codes are 400 (bad input),
 * INTERNAL is 500.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '@farsight/common';
import { resourceLinks, type Link } from './links.ts';

/** Status for codes that are not 400. */
export const HTTP_STATUS: Partial<Record<ErrorCode, number>> = {
  INTERNAL: 500,
  DB_UNAVAILABLE: 503,
  DB_MIGRATION_FAILED: 500,
  TLS_SETUP_FAILED: 500,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  RESOURCE_FORBIDDEN: 403,
  CSRF_TOKEN_INVALID: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  // Console config (sites, templates, engines, credentials, exceptions).
  MASTER_KEY_INVALID: 500,
  CREDENTIAL_DECRYPT_FAILED: 500,
  CREDENTIAL_TEST_UNAVAILABLE: 501,
  BUILTIN_READONLY: 409,
  EXCEPTION_STATE_INVALID: 409,
  EXCEPTION_REVIEW_FORBIDDEN: 403,
};

/** HTTP status for an error code. */
export function statusOf(code: ErrorCode): number {
  return HTTP_STATUS[code] ?? 400;
}

/** The v3 error body, plus Farsight's stable `code`. */
export interface V3Error { status: string; message: string; links: Link[]; code: string }

/** Builds the v3 error body for a request. */
export function errorBody(req: FastifyRequest, status: number, code: string, message: string): V3Error {
  return { status: String(status), message, links: resourceLinks(req, req.url.split('?')[0] ?? '/'), code };
}

/** Sends a v3 error; the code also goes in the `X-Farsight-Error` header (readable on HEAD). */
export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).header('x-farsight-error', code).type('application/json; charset=utf-8').send(errorBody(req, status, code, message));
}
