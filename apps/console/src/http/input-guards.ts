/** Request guards applied to every route before its zod validation. */
import type { FastifyRequest } from 'fastify';
import { FarsightError } from '@farsight/common';

function findNul(v: unknown, path: string, depth: number): string | null {
  if (typeof v === 'string') return v.includes('\0') ? path : null;
  if (depth > 64 || typeof v !== 'object' || v === null) return null;
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\0')) return `${path}.<key>`;
    const hit = findNul(x, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/**
 * Refuses NUL characters anywhere in the body, query or path parameters: no field of this API
 * may contain one, PostgreSQL text cannot store one, and C-based consumers would truncate at it.
 */
export async function rejectNulHook(req: FastifyRequest): Promise<void> {
  const where = findNul(req.params, 'path', 0) ?? findNul(req.query, 'query', 0) ?? findNul(req.body, 'body', 0);
  if (where) throw new FarsightError('INVALID_ARGUMENT', `${where} contains a NUL character; remove it`);
}
