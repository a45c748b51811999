/**
 * InsightVM v3 paging: `page` (0-based), `size` (1–500, default 10) and repeatable
 * `sort=field[,ASC|DESC]`, and the `{ resources, page, links }` list body with
 * self/first/prev/next/last links carrying the same query.
 */
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { link, type Link } from './links.ts';

/** Largest page v3 allows. */
export const MAX_PAGE_SIZE = 500;

/** One sort criterion. */
export interface SortKey { field: string; direction: 'asc' | 'desc' }
/** Parsed paging request. */
export interface PageRequest { page: number; size: number; sort: SortKey[] }

const intParam = (dflt: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

/** Zod querystring schema for list routes; extend it with `.extend({...})` for filters. */
export const pagingQuery = z.object({
  page: intParam(0, 0, 1_000_000_000),
  size: intParam(10, 1, MAX_PAGE_SIZE),
  sort: z.union([z.string().max(200), z.array(z.string().max(200)).max(10)]).optional(),
});

/** The parsed querystring of `pagingQuery`. */
export type PagingQuery = z.infer<typeof pagingQuery>;

/**
 * Parses `sort` values against the fields a route allows (`allowed` maps API field → column).
 * Unknown fields are refused with INVALID_ARGUMENT naming the allowed ones.
 */
export function parseSort(sort: string | string[] | undefined, allowed: Record<string, string>): SortKey[] {
  const raw = sort === undefined ? [] : Array.isArray(sort) ? sort : [sort];
  const keys: SortKey[] = [];
  for (const s of raw) {
    const [field = '', dir = 'ASC', ...rest] = s.split(',').map((x) => x.trim());
    const column = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
    if (!column || rest.length > 0 || !/^(asc|desc)$/i.test(dir)) {
      throw new FarsightError('INVALID_ARGUMENT', `sort '${s}' is invalid; use field[,ASC|DESC] with field one of: ${Object.keys(allowed).join(', ')}`);
    }
    keys.push({ field: column, direction: dir.toLowerCase() as 'asc' | 'desc' });
  }
  return keys;
}

/** Paging request from the parsed query: page, size and validated sort keys. */
export function pageRequest(q: PagingQuery, sortable: Record<string, string> = {}): PageRequest {
  return { page: q.page, size: q.size, sort: parseSort(q.sort, sortable) };
}

/** v3 PageInfo. */
export interface PageInfo { number: number; size: number; totalResources: number; totalPages: number }

/** The v3 list body. */
export interface PageOf<T> { resources: T[]; page: PageInfo; links: Link[] }

/**
 * Builds `{ resources, page, links }`. `baseUrl` is the request's origin + path
 * (see `requestPath`), `query` the other query parameters to keep in the links.
 */
export function pageOf<T>(resources: T[], total: number, req: PageRequest, base: string, query: Record<string, string | string[] | undefined> = {}): PageOf<T> {
  const totalPages = Math.ceil(total / req.size);
  const href = (n: number): string => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === 'page' || k === 'size' || k === 'sort' || v === undefined) continue;
      for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
    }
    u.set('page', String(n));
    u.set('size', String(req.size));
    for (const s of req.sort) u.append('sort', `${s.field},${s.direction.toUpperCase()}`);
    return `${base}?${u.toString()}`;
  };
  const links: Link[] = [];
  if (totalPages > 0) links.push(link(href(0), 'first'));
  if (req.page > 0 && totalPages > 0) links.push(link(href(Math.min(req.page - 1, totalPages - 1)), 'prev'));
  links.push(link(href(req.page), 'self'));
  if (req.page + 1 < totalPages) links.push(link(href(req.page + 1), 'next'));
  if (totalPages > 0) links.push(link(href(totalPages - 1), 'last'));
  return { resources, page: { number: req.page, size: req.size, totalResources: total, totalPages }, links };
}

/** Zod schema of a v3 list body around `item`, for route `response` schemas. */
export function pageOfSchema<T extends z.ZodType>(item: T) {
  return z.object({
    resources: z.array(item),
    page: z.object({ number: z.number().int(), size: z.number().int(), totalResources: z.number().int(), totalPages: z.number().int() }),
    links: z.array(z.object({ href: z.string(), rel: z.string() })),
  });
}
