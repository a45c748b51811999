/** Zod schemas and v3 shapes for /api/3/sites and its sub-resources. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import { IMPORTANCES, type SiteView } from '../../services/sites.ts';

/** Path `:id` (a v3 int32 id). */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** A bounded list of target tokens (v3 sends an array of strings). */
export const targetList = z.array(z.string().max(300)).max(20_000);

const targets = z.object({ addresses: targetList.optional(), links: linksSchema.optional() });

/** v3 SiteCreateResource (plus nothing Farsight-only). */
export const siteCreateSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  importance: z.enum(IMPORTANCES).optional(),
  engineId: z.number().int().positive().max(2 ** 31 - 1).optional(),
  scanTemplateId: z.string().min(1).max(100).optional(),
  scan: z.object({ assets: z.object({ includedTargets: targets.optional(), excludedTargets: targets.optional() }).optional() }).optional(),
  links: linksSchema.optional(),
});

/** v3 SiteUpdateResource; Farsight accepts a partial body (omitted fields keep their value). */
export const siteUpdateSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  importance: z.enum(IMPORTANCES).optional(),
  engineId: z.number().int().positive().max(2 ** 31 - 1).optional(),
  scanTemplateId: z.string().min(1).max(100).optional(),
  links: linksSchema.optional(),
});

/** v3 Site (response). */
export const siteSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  importance: z.string(),
  scanEngine: z.number().int(),
  scanTemplate: z.string(),
  type: z.literal('static'),
  links: linksSchema,
});

/** v3 ScanTargetsResource (response). */
export const scanTargetsSchema = z.object({ addresses: z.array(z.string()), links: linksSchema });

/** The v3 Site body of a site. */
export function toV3Site(req: FastifyRequest, s: SiteView): z.infer<typeof siteSchema> {
  const p = `/api/3/sites/${s.id}`;
  return {
    id: s.id, name: s.name, description: s.description, importance: s.importance, scanEngine: s.engineId, scanTemplate: s.scanTemplateId, type: 'static',
    links: resourceLinks(req, p, {
      'Included Targets': `${p}/included_targets`, 'Excluded Targets': `${p}/excluded_targets`, 'Scan Engine': `${p}/scan_engine`,
      'Scan Template': `${p}/scan_template`, 'Site Credentials': `${p}/site_credentials`,
    }),
  };
}
