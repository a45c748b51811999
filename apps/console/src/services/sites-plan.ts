/**
 * What a scan of a site needs, in one call for the scan service: the site's targets, the union
 * of its exclusions and the console-wide (global) exclusions, the resolved template and the engine.
 */
import type { ScanTemplate } from '@farsight/scanner/templates';
import type { Db } from '../db/index.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { normaliseTargets } from './sites-targets.ts';
import { resolveTemplate } from './templates.ts';
import { resolveScanEngine } from './engines-registry.ts';
import { getSite } from './sites.ts';

/** Everything a scan of a site is configured with. */
export interface SiteScanPlan {
  siteId: number;
  siteName: string;
  /** Included target tokens, in the site's order (parse with parseTargetList). */
  targets: string[];
  /** Site exclusions followed by global exclusions (parse with parseAddressSet). */
  exclusions: string[];
  templateId: string;
  template: ScanTemplate;
  /** The engine to dispatch to (a pool resolved to one of its engines). */
  engineId: number;
  /** The pool the engine was chosen from, or null when the site names an engine. */
  poolId: number | null;
}

/** The console-wide exclusions, in order. */
export async function getGlobalExclusions(db: Db): Promise<string[]> {
  return (await db.selectFrom('global_exclusions').select('token').orderBy('position').execute()).map((r) => r.token);
}

/** Replaces the console-wide exclusions (validated like site exclusions). */
export async function setGlobalExclusions(db: Db, actor: Actor, tokens: readonly string[]): Promise<string[]> {
  const list = normaliseTargets('excluded', tokens);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('global_exclusions').execute();
    for (let i = 0; i < list.length; i += 500) {
      await trx.insertInto('global_exclusions').values(list.slice(i, i + 500).map((token, j) => ({ position: i + j, token }))).execute();
    }
    await audit(trx, actor, 'exclusions.update', { type: 'global-exclusions' }, { count: list.length });
  });
  return list;
}

/** The scan plan of a site; NOT_FOUND for a missing site, TEMPLATE_UNKNOWN / ENGINE_UNAVAILABLE when its template or pool cannot serve. */
export async function getSiteScanPlan(db: Db, id: number): Promise<SiteScanPlan> {
  const site = await getSite(db, id);
  const [template, engine, global] = await Promise.all([resolveTemplate(db, site.scanTemplateId), resolveScanEngine(db, site.engineId), getGlobalExclusions(db)]);
  return {
    siteId: site.id, siteName: site.name, targets: site.includedTargets, exclusions: [...site.excludedTargets, ...global],
    templateId: site.scanTemplateId, template, engineId: engine.engineId, poolId: engine.poolId,
  };
}
