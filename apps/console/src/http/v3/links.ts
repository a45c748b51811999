/** v3 hypermedia links: `{ href, rel }`, absolute URLs on the console's own origin. */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

/** A v3 Link. */
export interface Link { href: string; rel: string }

/** Zod schema of a v3 Link array, for response schemas. */
export const linksSchema = z.array(z.object({ href: z.string(), rel: z.string() }));

/** A link. */
export function link(href: string, rel: string): Link {
  return { href, rel };
}

/** The origin clients used (`https://host:port`), from the Host header the server accepted. */
export function origin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** Origin + path without the query string, e.g. `https://h:3780/api/3/sites`. */
export function requestPath(req: FastifyRequest): string {
  return origin(req) + req.url.split('?')[0];
}

/**
 * Links of a single resource: `self` at `path` (e.g. `/api/3/sites/4`) plus related ones
 * given as rel → path (e.g. `{ 'Site Assets': '/api/3/sites/4/assets' }`).
 */
export function resourceLinks(req: FastifyRequest, path: string, related: Record<string, string> = {}): Link[] {
  const o = origin(req);
  return [link(o + path, 'self'), ...Object.entries(related).map(([rel, p]) => link(o + p, rel))];
}

/** `{ id, links }` — the v3 CreatedReference body returned by POST. */
export function createdReference(req: FastifyRequest, id: number, path: string): { id: number; links: Link[] } {
  return { id, links: resourceLinks(req, path) };
}

/** `{ links }` — the v3 Links body returned by PUT/DELETE. */
export function linksBody(req: FastifyRequest, path: string = req.url.split('?')[0] ?? '/'): { links: Link[] } {
  return { links: resourceLinks(req, path) };
}
