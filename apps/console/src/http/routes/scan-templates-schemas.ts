/** Zod schemas and v3 shapes for /api/3/scan_templates. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import { toV3Template } from '../../services/templates-model.ts';
import type { TemplateOverrides } from '../../services/templates-model.ts';
import type { TemplateView } from '../../services/templates.ts';

/** v3 ScanTemplate (response): the v3 fields Farsight fills plus the `farsight` settings object. */
export const templateSchema = z.looseObject({ id: z.string(), name: z.string(), description: z.string(), links: linksSchema });

const perf = z.object({
  maxParallelHosts: z.number().int(), rate: z.number().int(), initialTimeoutMs: z.number().int(), minTimeoutMs: z.number().int(),
  maxTimeoutMs: z.number().int(), retries: z.number().int(), serviceConcurrency: z.number().int(), serviceTimeoutMs: z.number().int(),
}).partial();

/** The Farsight settings a client may send (`farsight` object), all optional. */
const overridesSchema = z.object({
  name: z.string().max(200),
  description: z.string().max(2000),
  tcpPorts: z.string().max(2000),
  udpPorts: z.string().max(2000),
  serviceDetection: z.boolean(),
  checkCategories: z.array(z.enum(['safe', 'intrusive', 'auth-required'])).max(3),
  discovery: z.object({ enabled: z.boolean(), tcpPorts: z.array(z.number().int().min(1).max(65535)).max(1000), treatRstAsAlive: z.boolean() }).partial(),
  performance: perf,
}).partial();

const duration = z.string().max(40);

/**
 * v3 ScanTemplate body for create/update (the fields with a Farsight meaning; others are ignored)
 * plus `copyOf` (Farsight: the template to copy; default full-audit) and `farsight` overrides.
 */
export const templateEditSchema = z.looseObject({
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  copyOf: z.string().min(1).max(100).optional(),
  discoveryOnly: z.boolean().optional(),
  maxParallelAssets: z.number().int().optional(),
  maxScanProcesses: z.number().int().optional(),
  discovery: z.looseObject({
    asset: z.looseObject({ tcpPorts: z.array(z.number().int()).max(1000).optional(), treatTcpResetAsAsset: z.boolean().optional() }).optional(),
    performance: z.looseObject({
      retryLimit: z.number().int().min(1).max(15).optional(),
      timeout: z.looseObject({ initial: duration.optional(), minimum: duration.optional(), maximum: duration.optional() }).optional(),
      packetRate: z.looseObject({ maximum: z.number().int().min(0).max(1_000_000).optional() }).optional(),
    }).optional(),
  }).optional(),
  checks: z.looseObject({ categories: z.looseObject({ enabled: z.array(z.string().max(100)).max(100).optional() }).optional() }).optional(),
  farsight: overridesSchema.optional(),
});

/** The Farsight overrides carried by an edit body's `farsight` object. */
export function farsightOverrides(body: z.infer<typeof templateEditSchema>): TemplateOverrides {
  return (body.farsight ?? {}) as TemplateOverrides;
}

/** The v3 body of a template. */
export function toV3TemplateBody(req: FastifyRequest, v: TemplateView): z.infer<typeof templateSchema> {
  return { ...toV3Template(v.template, { builtIn: v.builtIn, copyOf: v.copyOf }), id: v.template.id, name: v.template.name, description: v.template.description, links: resourceLinks(req, `/api/3/scan_templates/${encodeURIComponent(v.template.id)}`) };
}
