/** Zod schemas and v3 shapes for scan engines and engine pools. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import { ENGINE_STATUSES, type EngineView, type PoolView } from '../../services/engines-registry.ts';

/** v3 ScanEngine (response), plus Farsight's `kind` and `statusReason`. */
export const engineSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string(),
  port: z.number().int(),
  status: z.enum(ENGINE_STATUSES),
  enginePools: z.array(z.number().int()),
  sites: z.array(z.number().int()),
  productVersion: z.string().optional(),
  contentVersion: z.string().optional(),
  lastRefreshedDate: z.string().optional(),
  lastUpdatedDate: z.string().optional(),
  kind: z.enum(['local', 'remote', 'pool']),
  statusReason: z.string().optional(),
  links: linksSchema,
});

/** v3 EnginePool (response). */
export const poolSchema = z.object({ id: z.number().int(), name: z.string(), engines: z.array(z.number().int()), links: linksSchema });

/** v3 ScanEngine body for create/update. */
export const engineEditSchema = z.object({
  name: z.string().min(1).max(200),
  address: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  id: z.number().int().optional(),
  links: linksSchema.optional(),
});

/** v3 EnginePool body for create/update. */
export const poolEditSchema = z.object({
  name: z.string().min(1).max(200),
  engines: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(1000).optional(),
  id: z.number().int().optional(),
  links: linksSchema.optional(),
});

/** The v3 body of an engine. */
export function toV3Engine(req: FastifyRequest, e: EngineView): z.infer<typeof engineSchema> {
  const p = `/api/3/scan_engines/${e.id}`;
  return {
    id: e.id, name: e.name, address: e.address, port: e.port, status: e.status, enginePools: e.pools, sites: e.sites,
    ...(e.productVersion !== null ? { productVersion: e.productVersion } : {}),
    ...(e.contentVersion !== null ? { contentVersion: e.contentVersion } : {}),
    ...(e.statusAt !== null ? { lastRefreshedDate: e.statusAt } : {}),
    lastUpdatedDate: e.updatedAt, kind: e.kind,
    ...(e.statusReason !== null ? { statusReason: e.statusReason } : {}),
    links: resourceLinks(req, p, { 'Engine Pools': `${p}/scan_engine_pools`, Sites: `${p}/sites` }),
  };
}

/** A pool in the ScanEngine shape (what GET /sites/{id}/scan_engine returns for a pooled site). */
export function poolAsEngine(req: FastifyRequest, p: PoolView, status: EngineView['status']): z.infer<typeof engineSchema> {
  return {
    id: p.id, name: p.name, address: '', port: 0, status, enginePools: [], sites: p.sites, kind: 'pool',
    links: resourceLinks(req, `/api/3/scan_engine_pools/${p.id}`),
  };
}

/** The v3 body of a pool. */
export function toV3Pool(req: FastifyRequest, p: PoolView): z.infer<typeof poolSchema> {
  const path = `/api/3/scan_engine_pools/${p.id}`;
  return { id: p.id, name: p.name, engines: p.engines, links: resourceLinks(req, path, { Engines: `${path}/engines`, Sites: `${path}/sites` }) };
}
