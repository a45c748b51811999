/**
 * Scan templates: the read-only built-ins from `@farsight/scanner/templates` plus custom
 * templates stored as copies with overrides. Custom template ids never shadow a built-in.
 */
import { FarsightError } from '@farsight/common';
import { BUILTIN_TEMPLATES } from '@farsight/scanner/templates';
import type { ScanTemplate } from '@farsight/scanner/templates';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { applyOverrides, DEFAULT_TEMPLATE_ID, isBuiltinTemplate, templateIdFor, validateTemplate } from './templates-model.ts';
import type { TemplateOverrides } from './templates-model.ts';

export { DEFAULT_TEMPLATE_ID };

/** A template with where it came from. */
export interface TemplateView {
  template: ScanTemplate;
  builtIn: boolean;
  /** The template a custom one was copied from. */
  copyOf: string | null;
}

function fromRow(r: { body: string; copy_of: string | null }): TemplateView {
  const template = JSON.parse(r.body) as ScanTemplate;
  return { template, builtIn: false, copyOf: r.copy_of };
}

/** Built-ins first (in their fixed order), then custom templates by id. */
export async function listTemplates(db: Db): Promise<TemplateView[]> {
  const custom = await db.selectFrom('scan_templates').select(['body', 'copy_of']).orderBy('id').execute();
  return [...Object.values(BUILTIN_TEMPLATES).map((t) => ({ template: t, builtIn: true, copyOf: null })), ...custom.map(fromRow)];
}

/** One template or undefined. */
export async function findTemplate(db: Db, id: string): Promise<TemplateView | undefined> {
  if (isBuiltinTemplate(id)) return { template: BUILTIN_TEMPLATES[id] as ScanTemplate, builtIn: true, copyOf: null };
  const r = await db.selectFrom('scan_templates').select(['body', 'copy_of']).where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/** One template; NOT_FOUND naming the id otherwise. */
export async function getTemplateView(db: Db, id: string): Promise<TemplateView> {
  const t = await findTemplate(db, id);
  if (!t) throw new FarsightError('NOT_FOUND', `scan template '${id}' does not exist; GET /api/3/scan_templates lists them`);
  return t;
}

/** The scanner template for an id (what a scan runs with); TEMPLATE_UNKNOWN otherwise. */
export async function resolveTemplate(db: Db, id: string): Promise<ScanTemplate> {
  const t = await findTemplate(db, id);
  if (!t) {
    const ids = (await listTemplates(db)).map((v) => v.template.id).join(', ');
    throw new FarsightError('TEMPLATE_UNKNOWN', `scan template '${id}' does not exist; use one of: ${ids}`);
  }
  return t.template;
}

/**
 * Creates a custom template as a copy of `copyOf` (default `full-audit`) with overrides applied
 * in order; its id is a slug of its name. Returns the id.
 */
export async function createTemplate(db: Db, actor: Actor, input: { copyOf?: string; overrides: TemplateOverrides[] }): Promise<string> {
  const baseId = input.copyOf ?? DEFAULT_TEMPLATE_ID;
  const base = await resolveTemplate(db, baseId);
  const name = [...input.overrides].reverse().find((o) => o.name !== undefined)?.name ?? `Copy of ${base.name}`;
  return db.transaction().execute(async (trx) => {
    const taken = new Set((await trx.selectFrom('scan_templates').select('id').execute()).map((r) => r.id));
    const id = templateIdFor(name, (x) => isBuiltinTemplate(x) || taken.has(x));
    const t = applyOverrides(base, id, { name }, ...input.overrides);
    const now = nowIso();
    await trx.insertInto('scan_templates').values({ id, name: t.name, copy_of: baseId, body: JSON.stringify(t), created_at: now, updated_at: now }).execute();
    await audit(trx, actor, 'scan-template.create', { type: 'scan-template', id }, { copyOf: baseId, name: t.name });
    return id;
  });
}

function assertCustom(id: string, verb: string): void {
  if (isBuiltinTemplate(id)) {
    throw new FarsightError('BUILTIN_READONLY', `scan template '${id}' is built in and cannot be ${verb}; create a copy (POST /api/3/scan_templates with "copyOf": "${id}") and change that`);
  }
}

/** Applies overrides to a custom template; built-ins are refused with BUILTIN_READONLY. */
export async function updateTemplate(db: Db, actor: Actor, id: string, overrides: TemplateOverrides[]): Promise<void> {
  assertCustom(id, 'changed');
  const current = await getTemplateView(db, id);
  const t = applyOverrides(current.template, id, ...overrides);
  validateTemplate(t);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('scan_templates').set({ name: t.name, body: JSON.stringify(t), updated_at: nowIso() }).where('id', '=', id).execute();
    await audit(trx, actor, 'scan-template.update', { type: 'scan-template', id }, { name: t.name });
  });
}

/** Deletes a custom template; BUILTIN_READONLY for built-ins, CONFLICT while sites use it. */
export async function deleteTemplate(db: Db, actor: Actor, id: string): Promise<void> {
  assertCustom(id, 'deleted');
  await getTemplateView(db, id);
  await db.transaction().execute(async (trx) => {
    const sites = await trx.selectFrom('sites').select('id').where('scan_template_id', '=', id).orderBy('id').execute();
    if (sites.length > 0) {
      throw new FarsightError('CONFLICT', `scan template '${id}' is used by site(s) ${sites.map((s) => s.id).join(', ')}; give them another template (PUT /api/3/sites/{id}/scan_template) first`);
    }
    await trx.deleteFrom('scan_templates').where('id', '=', id).execute();
    await audit(trx, actor, 'scan-template.delete', { type: 'scan-template', id });
  });
}
