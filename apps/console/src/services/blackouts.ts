/**
 * Blackouts: create, read, replace and delete global blackouts (global administrators) and a
 * site's blackouts (whoever may change the site), audited; and the enabled ones for the
 * dispatcher and the scheduler. Rules use the engine maintenance grammar; see docs/schedules.md.
 */
import { FarsightError } from '@farsight/common';
import { formatMaintenanceRule, parseMaintenanceRule } from '@farsight/engine-protocol';
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { BlackoutsTable } from '../db/tables/schedules.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { getSiteFor } from './sites.ts';
import { blackoutWindowAt, nextBlackoutWindow, type Blackout } from './blackouts-rules.ts';
import { scheduleClock } from './schedule-clock.ts';

/** What a client sends: a repeating `rule`, or a one-off `from`–`until`. */
export interface BlackoutInput { name: string; enabled: boolean; rule?: string | undefined; from?: string | undefined; until?: string | undefined }

/** A blackout as the API shows it. */
export interface BlackoutView {
  id: number; siteId: number | null; name: string; enabled: boolean; rule?: string; from?: string; until?: string;
  active: boolean; currentEnd?: string; nextStart?: string; nextEnd?: string;
}

type Row = Selectable<BlackoutsTable>;

/** Longest one-off blackout: a year. */
const MAX_ONE_OFF_MS = 366 * 86_400_000;

function toBlackout(r: Row): Blackout {
  return {
    id: r.id, siteId: r.site_id, name: r.name,
    ...(r.rule !== null ? { rule: parseMaintenanceRule(`blackout-${r.id}`, r.rule) } : {}),
    ...(r.from_at !== null && r.until_at !== null ? { from: new Date(r.from_at), until: new Date(r.until_at) } : {}),
  };
}

function toView(r: Row, now: Date): BlackoutView {
  const b = toBlackout(r);
  const current = r.enabled === 1 ? blackoutWindowAt(b, now) : undefined;
  const next = r.enabled === 1 ? nextBlackoutWindow(b, now) : undefined;
  return {
    id: r.id, siteId: r.site_id, name: r.name, enabled: r.enabled === 1,
    ...(r.rule !== null ? { rule: r.rule } : {}), ...(r.from_at !== null ? { from: r.from_at } : {}), ...(r.until_at !== null ? { until: r.until_at } : {}),
    active: current !== undefined, ...(current ? { currentEnd: current.end.toISOString() } : {}),
    ...(next ? { nextStart: next.start.toISOString(), nextEnd: next.end.toISOString() } : {}),
  };
}

/** Checks an input; returns the stored columns. */
function toColumns(input: BlackoutInput): Pick<Row, 'name' | 'enabled' | 'rule' | 'from_at' | 'until_at'> {
  const hasRule = input.rule !== undefined;
  const hasPeriod = input.from !== undefined || input.until !== undefined;
  if (hasRule === hasPeriod) throw new FarsightError('INVALID_ARGUMENT', 'a blackout needs either a repeating rule (e.g. "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;START=08:00;DURATION=PT10H;TZID=Europe/Berlin") or a one-off from and until, not both');
  if (hasRule) {
    let text: string;
    try { text = formatMaintenanceRule(parseMaintenanceRule('blackout', input.rule as string)); } catch (e) {
      throw new FarsightError('INVALID_ARGUMENT', `rule: ${(e as Error).message}`, { cause: e });
    }
    return { name: input.name, enabled: input.enabled ? 1 : 0, rule: text, from_at: null, until_at: null };
  }
  const from = new Date(input.from ?? '');
  const until = new Date(input.until ?? '');
  if (Number.isNaN(from.getTime()) || Number.isNaN(until.getTime())) throw new FarsightError('INVALID_ARGUMENT', `from '${input.from ?? ''}' and until '${input.until ?? ''}' must both be ISO-8601 times with an offset, e.g. 2026-12-20T00:00:00Z`);
  if (until.getTime() <= from.getTime()) throw new FarsightError('INVALID_ARGUMENT', `until (${until.toISOString()}) must be after from (${from.toISOString()})`);
  if (until.getTime() - from.getTime() > MAX_ONE_OFF_MS) throw new FarsightError('INVALID_ARGUMENT', 'a one-off blackout lasts at most 366 days; use a repeating rule for longer');
  return { name: input.name, enabled: input.enabled ? 1 : 0, rule: null, from_at: from.toISOString(), until_at: until.toISOString() };
}

async function assertMayChange(db: Db, actor: Actor, siteId: number | null): Promise<void> {
  if (siteId === null) {
    if (actor.role !== 'global-admin') throw new FarsightError('PERMISSION_DENIED', 'global blackouts are managed by global administrators; ask one, or add a blackout to your site');
    return;
  }
  await getSiteFor(db, actor, siteId);
}

/** Creates a blackout (global when `siteId` is null); returns its id. */
export async function createBlackout(db: Db, actor: Actor, siteId: number | null, input: BlackoutInput): Promise<number> {
  await assertMayChange(db, actor, siteId);
  const cols = toColumns(input);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('blackouts').values({ ...cols, site_id: siteId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'blackout.create', { type: 'blackout', id: row.id }, { siteId, name: cols.name, rule: cols.rule, from: cols.from_at, until: cols.until_at, enabled: input.enabled });
    return row.id;
  });
}

/** Global blackouts (siteId null) or a site's. */
export async function listBlackouts(db: Db, actor: Actor, siteId: number | null): Promise<BlackoutView[]> {
  if (siteId !== null) await getSiteFor(db, actor, siteId);
  const q = db.selectFrom('blackouts').selectAll();
  const rows = await (siteId === null ? q.where('site_id', 'is', null) : q.where('site_id', '=', siteId)).orderBy('id').execute();
  const now = scheduleClock.now();
  return rows.map((r) => toView(r, now));
}

async function rowFor(db: Db, actor: Actor, id: number): Promise<Row> {
  const row = await db.selectFrom('blackouts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (row.site_id !== null && !canAccessSite(actor, row.site_id))) throw new FarsightError('NOT_FOUND', `blackout ${id} does not exist; GET /api/farsight/blackouts or /api/farsight/sites/{id}/blackouts lists them`);
  return row;
}

/** One blackout. */
export async function getBlackout(db: Db, actor: Actor, id: number): Promise<BlackoutView> {
  return toView(await rowFor(db, actor, id), scheduleClock.now());
}

/** Replaces a blackout's name, rule or period and enabled flag. */
export async function updateBlackout(db: Db, actor: Actor, id: number, input: BlackoutInput): Promise<void> {
  const row = await rowFor(db, actor, id);
  await assertMayChange(db, actor, row.site_id);
  const cols = toColumns(input);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('blackouts').set({ ...cols, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    await audit(trx, actor, 'blackout.update', { type: 'blackout', id }, { siteId: row.site_id, name: cols.name, rule: cols.rule, from: cols.from_at, until: cols.until_at, enabled: input.enabled });
  });
}

/** Deletes a blackout; scans it paused resume at the dispatcher's next pass. */
export async function deleteBlackout(db: Db, actor: Actor, id: number): Promise<void> {
  const row = await rowFor(db, actor, id);
  await assertMayChange(db, actor, row.site_id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('blackouts').where('id', '=', id).execute();
    await audit(trx, actor, 'blackout.delete', { type: 'blackout', id }, { siteId: row.site_id, name: row.name });
  });
}

/** Every enabled blackout (the dispatcher and the scheduler read them each pass). */
export async function enabledBlackouts(db: Db): Promise<Blackout[]> {
  const rows = await db.selectFrom('blackouts').selectAll().where('enabled', '=', 1).execute();
  return rows.map(toBlackout);
}
