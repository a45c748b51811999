/** v3 helpers for routes: paging, list bodies, links, errors. */
export * from './paging.ts';
export * from './links.ts';
export * from './errors.ts';
