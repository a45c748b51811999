/** API and transport failures of the admin CLI, and the exit status each one earns. */
import { ERROR_CODES, FarsightError, toFarsightError, type ErrorCode } from '@farsight/common';
import { reportError } from '../errors.ts';

/** A FarsightError that knows its exit status (2: the command's input was wrong; 1: anything else). */
export class AdminError extends FarsightError {
  readonly exitStatus: 1 | 2;
  readonly httpStatus: number | undefined;
  constructor(code: ErrorCode, message: string, exitStatus: 1 | 2, httpStatus?: number, options?: { cause?: unknown }) {
    super(code, message, options);
    this.exitStatus = exitStatus;
    this.httpStatus = httpStatus;
  }
}

/** HTTP statuses that mean the command named something wrong (bad field, unknown id, conflict). */
const INPUT_STATUSES = new Set([400, 404, 405, 409, 410, 413, 415, 422]);

/** Exit status for an HTTP error status: 2 for input errors, 1 for auth, rate limits and server failures. */
export function exitStatusOf(httpStatus: number): 1 | 2 {
  return INPUT_STATUSES.has(httpStatus) ? 2 : 1;
}

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/** Converts a console error response (v3 body `{ status, message, code }`) into an AdminError. Pure. */
export function apiError(httpStatus: number, body: unknown, what: string): AdminError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; code?: unknown };
  const code: ErrorCode = isErrorCode(b.code) ? b.code
    : httpStatus === 401 ? 'UNAUTHENTICATED' : httpStatus === 403 ? 'PERMISSION_DENIED' : httpStatus === 404 ? 'NOT_FOUND'
      : httpStatus === 409 ? 'CONFLICT' : httpStatus === 429 ? 'RATE_LIMITED' : httpStatus >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT';
  let message = typeof b.message === 'string' && b.message.length > 0 ? b.message : `${what}: HTTP ${httpStatus}`;
  if (code === 'UNAUTHENTICATED') message += ' — check FARSIGHT_API_KEY, or FARSIGHT_USER/--user and FARSIGHT_PASSWORD';
  return new AdminError(code, message, exitStatusOf(httpStatus), httpStatus);
}

/** Prints `farsight: error CODE: message` and returns the exit status (AdminError's own, else the CLI's rule). */
export function reportAdminError(e: unknown): number {
  if (e instanceof AdminError) {
    process.stderr.write(`farsight: error ${e.code}: ${e.message}\n`);
    return e.exitStatus;
  }
  return reportError(toFarsightError(e));
}
