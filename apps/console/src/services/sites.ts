/**
 * Sites: a name, an importance, included and excluded targets, a scan template and the engine
 * or pool that scans them. Site owners change only the sites they own (Actor.siteIds); creating
 * and deleting sites is for global admins (route permission `sites:manage`).
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { normaliseTargets } from './sites-targets.ts';
import { findTemplate, DEFAULT_TEMPLATE_ID } from './templates.ts';
import { engineOrPoolExists, LOCAL_ENGINE_ID } from './engines-registry.ts';

/** v3 site importance values. */
export const IMPORTANCES = ['very_low', 'low', 'normal', 'high', 'very_high'] as const;
/** A site importance. */
export type Importance = (typeof IMPORTANCES)[number];

/** API sort field → column for site lists. */
export const SITE_SORT: Record<string, string> = { id: 'id', name: 'name', importance: 'importance' };

/** A site as services return it. */
export interface SiteView {
  id: number;
  name: string;
  description: string;
  importance: Importance;
  scanTemplateId: string;
  /** A scan engine or an engine pool id. */
  engineId: number;
  includedTargets: string[];
  excludedTargets: string[];
  createdAt: string;
  updatedAt: string;
}

/** Fields of a create (name required) or full update. */
export interface SiteInput {
  name: string;
  description?: string;
  importance?: Importance;
  scanTemplateId?: string;
  engineId?: number;
  includedTargets?: readonly string[];
  excludedTargets?: readonly string[];
}

type SiteRow = { id: number; name: string; description: string; importance: string; scan_template_id: string; engine_id: number; created_at: string; updated_at: string };

async function targetsOf(db: Db, ids: number[]): Promise<Map<number, { include: string[]; exclude: string[] }>> {
  const out = new Map<number, { include: string[]; exclude: string[] }>(ids.map((id) => [id, { include: [], exclude: [] }]));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('site_targets').select(['site_id', 'kind', 'token']).where('site_id', 'in', ids).orderBy('site_id').orderBy('kind').orderBy('position').execute();
  for (const r of rows) out.get(r.site_id)?.[r.kind === 'exclude' ? 'exclude' : 'include'].push(r.token);
  return out;
}

async function toViews(db: Db, rows: SiteRow[]): Promise<SiteView[]> {
  const targets = await targetsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id, name: r.name, description: r.description, importance: r.importance as Importance, scanTemplateId: r.scan_template_id,
    engineId: r.engine_id, includedTargets: targets.get(r.id)?.include ?? [], excludedTargets: targets.get(r.id)?.exclude ?? [],
    createdAt: r.created_at, updatedAt: r.updated_at,
  }));
}

/** One site by id, for other services (no access check); NOT_FOUND otherwise. */
export async function getSite(db: Db, id: number): Promise<SiteView> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `site ${id} does not exist; GET /api/3/sites lists them`);
  return (await toViews(db, [row]))[0] as SiteView;
}

/** One site the actor may see: NOT_FOUND, or RESOURCE_FORBIDDEN for a site not owned or granted. */
export async function getSiteFor(db: Db, actor: Actor, id: number): Promise<SiteView> {
  const site = await getSite(db, id);
  if (!canAccessSite(actor, id)) throw new FarsightError('RESOURCE_FORBIDDEN', `site ${id} is not one of your sites; ask a global administrator for access`);
  return site;
}

/** Sites the actor may see, one page. */
export async function listSites(db: Db, actor: Actor, pr: { page: number; size: number; sort: Array<{ field: string; direction: 'asc' | 'desc' }> }): Promise<{ sites: SiteView[]; total: number }> {
  let q = db.selectFrom('sites');
  if (actor.role !== 'global-admin') q = q.where('id', 'in', [...(actor.siteIds ?? []), -1]);
  let rows = q.selectAll();
  for (const s of pr.sort) rows = rows.orderBy(s.field as 'id', s.direction);
  const [list, count] = await Promise.all([
    rows.orderBy('id').limit(pr.size).offset(pr.page * pr.size).execute(),
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { sites: await toViews(db, list), total: toCount(count?.n) };
}

async function checkRefs(db: Db, input: { scanTemplateId?: string; engineId?: number }): Promise<void> {
  if (input.scanTemplateId !== undefined && !(await findTemplate(db, input.scanTemplateId))) {
    throw new FarsightError('TEMPLATE_UNKNOWN', `scan template '${input.scanTemplateId}' does not exist; GET /api/3/scan_templates lists them`);
  }
  if (input.engineId !== undefined && !(await engineOrPoolExists(db, input.engineId))) {
    throw new FarsightError('INVALID_ARGUMENT', `scan engine or pool ${input.engineId} does not exist; GET /api/3/scan_engines and /api/3/scan_engine_pools list them`);
  }
}

async function assertNameFree(db: Db, name: string, exceptId?: number): Promise<void> {
  if (name.trim() === '' || name.length > 200) throw new FarsightError('INVALID_ARGUMENT', 'site name must be 1-200 characters');
  let q = db.selectFrom('sites').select('id').where('name', '=', name);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  const other = await q.executeTakeFirst();
  if (other) throw new FarsightError('CONFLICT', `a site named '${name}' already exists (id ${other.id}); choose another name`);
}

async function writeTargets(db: Db, siteId: number, kind: 'include' | 'exclude', tokens: readonly string[]): Promise<void> {
  await db.deleteFrom('site_targets').where('site_id', '=', siteId).where('kind', '=', kind).execute();
  for (let i = 0; i < tokens.length; i += 500) {
    await db.insertInto('site_targets').values(tokens.slice(i, i + 500).map((token, j) => ({ site_id: siteId, kind, position: i + j, token }))).execute();
  }
}

/** Creates a site (engine defaults to the Local scan engine, template to full-audit); returns its id. */
export async function createSite(db: Db, actor: Actor, input: SiteInput): Promise<number> {
  const included = normaliseTargets('included', input.includedTargets ?? []);
  const excluded = normaliseTargets('excluded', input.excludedTargets ?? []);
  const scanTemplateId = input.scanTemplateId ?? DEFAULT_TEMPLATE_ID;
  const engineId = input.engineId ?? LOCAL_ENGINE_ID;
  await checkRefs(db, { scanTemplateId, engineId });
  return db.transaction().execute(async (trx) => {
    await assertNameFree(trx, input.name);
    const now = nowIso();
    const row = await trx.insertInto('sites').values({
      name: input.name, description: input.description ?? '', importance: input.importance ?? 'normal',
      scan_template_id: scanTemplateId, engine_id: engineId, created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await writeTargets(trx, row.id, 'include', included);
    await writeTargets(trx, row.id, 'exclude', excluded);
    await audit(trx, actor, 'site.create', { type: 'site', id: row.id }, { name: input.name, scanTemplateId, engineId, included: included.length, excluded: excluded.length });
    return row.id;
  });
}

/** Changes a site's settings; fields left undefined keep their value. */
export async function updateSite(db: Db, actor: Actor, id: number, input: Partial<SiteInput>): Promise<void> {
  await getSiteFor(db, actor, id);
  const included = input.includedTargets && normaliseTargets('included', input.includedTargets);
  const excluded = input.excludedTargets && normaliseTargets('excluded', input.excludedTargets);
  await checkRefs(db, input);
  await db.transaction().execute(async (trx) => {
    if (input.name !== undefined) await assertNameFree(trx, input.name, id);
    await trx.updateTable('sites').set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.importance !== undefined ? { importance: input.importance } : {}),
      ...(input.scanTemplateId !== undefined ? { scan_template_id: input.scanTemplateId } : {}),
      ...(input.engineId !== undefined ? { engine_id: input.engineId } : {}),
      updated_at: nowIso(),
    }).where('id', '=', id).execute();
    if (included) await writeTargets(trx, id, 'include', included);
    if (excluded) await writeTargets(trx, id, 'exclude', excluded);
    const { includedTargets: _i, excludedTargets: _e, ...fields } = input;
    await audit(trx, actor, 'site.update', { type: 'site', id }, { ...fields, ...(included ? { included: included.length } : {}), ...(excluded ? { excluded: excluded.length } : {}) });
  });
}

/** True for a foreign-key violation on either dialect (SQLite message, PostgreSQL SQLSTATE 23503). */
function isForeignKeyViolation(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown };
  return err.code === '23503' || (typeof err.message === 'string' && /FOREIGN KEY constraint failed/i.test(err.message));
}

/** Deletes a site with its targets, site credentials and access grants; CONFLICT while other records (scans) need it. */
export async function deleteSite(db: Db, actor: Actor, id: number): Promise<void> {
  const site = await getSiteFor(db, actor, id);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_sites').where('site_id', '=', id).execute();
      await trx.deleteFrom('sites').where('id', '=', id).execute();
      await audit(trx, actor, 'site.delete', { type: 'site', id }, { name: site.name });
    });
  } catch (e) {
    if (isForeignKeyViolation(e)) throw new FarsightError('CONFLICT', `site ${id} still has scans or other records that refer to it; delete those first`, { cause: e });
    throw e;
  }
}

export { getSiteScanPlan, getGlobalExclusions, setGlobalExclusions } from './sites-plan.ts';
export type { SiteScanPlan } from './sites-plan.ts';
