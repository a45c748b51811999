/**
 * Scan schedules of a site (v3 `/api/3/sites/{id}/scan_schedules`): create, read, replace and
 * delete, RBAC by site and audited. Saving checks everything the scheduler will need (template,
 * engine, hosts inside the site, a repeat that can run) and answers with warnings for runs that
 * would overlap a maintenance window of the engines that will scan. The scheduler itself is
 * services/schedules-run.ts.
 */
import { FarsightError, isTimeZone, localTimeZone, toFarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import type { Selectable } from 'kysely';
import type { ScanSchedulesTable } from '../db/tables/schedules.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { getSite, getSiteFor } from './sites.ts';
import { assertHostsInSite } from './scans.ts';
import { resolveTemplate } from './templates.ts';
import { knownMaintenance, scanEngineIds, type LiveMaintenance } from './engines-maintenance.ts';
import { blackoutConflicts, runConflicts, type ScheduleWarning } from './scans-schedule-check.ts';
import { enabledBlackouts } from './blackouts.ts';
import { scheduleClock } from './schedule-clock.ts';
import { formatDuration, parseDuration, runsAfter, validateRepeat, type Repeat, type ScheduleTiming } from './schedules-rules.ts';

/** What a client sends (v3 ScanSchedule, plus `timeZone`). */
export interface ScheduleInput {
  enabled: boolean;
  onScanRepeat: 'restart-scan' | 'resume-scan';
  start: string;
  repeat?: Repeat | undefined;
  duration?: string | undefined;
  scanName?: string | undefined;
  scanTemplateId?: string | undefined;
  scanEngineId?: number | undefined;
  hosts?: string[] | undefined;
  timeZone?: string | undefined;
}

/** A schedule as the API shows it. */
export interface ScheduleView {
  id: number; siteId: number; enabled: boolean; onScanRepeat: string; start: string; timeZone: string;
  repeat?: Repeat; duration?: string; scanName?: string; scanTemplateId?: string; scanEngineId?: number; hosts?: string[];
  nextRuntimes: string[]; lastRunTime?: string; lastScanId?: number; lastOutcome?: string;
}

/** A stored schedule. */
export type ScheduleRow = Selectable<ScanSchedulesTable>;
/** The values of a schedule as saved (without its id and history). */
type ScheduleValues = Omit<ScheduleRow, 'id' | 'created_at' | 'last_run_at' | 'last_scan_id' | 'last_outcome'>;

export { scheduleClock };

/** How many upcoming runs are checked against maintenance windows when a schedule is saved. */
const CHECKED_RUNS = 24;

/** The timing of a stored schedule. */
export function timingOf(row: Pick<ScheduleRow, 'start_at' | 'time_zone' | 'repeat'>): ScheduleTiming {
  return { start: new Date(row.start_at), timeZone: row.time_zone, repeat: row.repeat === null ? undefined : JSON.parse(row.repeat) as Repeat };
}

function toView(row: ScheduleRow, now: Date): ScheduleView {
  const t = timingOf(row);
  return {
    id: row.id, siteId: row.site_id, enabled: row.enabled === 1, onScanRepeat: row.on_scan_repeat, start: row.start_at, timeZone: row.time_zone,
    ...(t.repeat ? { repeat: t.repeat } : {}),
    ...(row.duration_minutes !== null ? { duration: formatDuration(row.duration_minutes) } : {}),
    ...(row.scan_name !== null ? { scanName: row.scan_name } : {}),
    ...(row.scan_template_id !== null ? { scanTemplateId: row.scan_template_id } : {}),
    ...(row.scan_engine_id !== null ? { scanEngineId: row.scan_engine_id } : {}),
    ...(row.hosts !== null ? { hosts: JSON.parse(row.hosts) as string[] } : {}),
    nextRuntimes: row.enabled === 1 ? runsAfter(t, new Date(now.getTime() - 1), 10).map((d) => d.toISOString()) : [],
    ...(row.last_run_at !== null ? { lastRunTime: row.last_run_at } : {}),
    ...(row.last_scan_id !== null ? { lastScanId: row.last_scan_id } : {}),
    ...(row.last_outcome !== null ? { lastOutcome: row.last_outcome } : {}),
  };
}

async function checked<T>(field: string, fn: () => Promise<T>): Promise<T> {
  try { return await fn(); } catch (e) {
    const err = toFarsightError(e);
    throw new FarsightError('INVALID_ARGUMENT', `${field}: ${err.message}`, { cause: e });
  }
}

/** Validates an input against its site; returns the row values to store. */
async function toRow(db: Db, siteId: number, input: ScheduleInput, selfId: number | null, now: Date): Promise<ScheduleValues> {
  const start = new Date(input.start);
  if (Number.isNaN(start.getTime())) throw new FarsightError('INVALID_ARGUMENT', `start '${input.start}' is not an ISO-8601 date and time, e.g. 2026-12-01T02:00:00Z`);
  const timeZone = input.timeZone ?? localTimeZone();
  if (!isTimeZone(timeZone)) throw new FarsightError('INVALID_ARGUMENT', `timeZone '${timeZone}' is not an IANA time zone this console knows, e.g. UTC or America/New_York`);
  if (input.repeat) validateRepeat(input.repeat);
  const durationMinutes = input.duration !== undefined ? parseDuration(input.duration) : null;
  if (input.scanTemplateId !== undefined) await checked('scanTemplateId', () => resolveTemplate(db, input.scanTemplateId as string));
  if (input.scanEngineId !== undefined) await checked('scanEngineId', () => scanEngineIds(db, input.scanEngineId as number));
  const site = await getSite(db, siteId);
  if (input.hosts && input.hosts.length > 0) assertHostsInSite(input.hosts, site.includedTargets);
  if (input.scanName !== undefined) {
    let q = db.selectFrom('scan_schedules').select('id').where('site_id', '=', siteId).where('scan_name', '=', input.scanName);
    if (selfId !== null) q = q.where('id', '!=', selfId);
    const clash = await q.executeTakeFirst();
    if (clash) throw new FarsightError('CONFLICT', `scanName '${input.scanName}' is already used by schedule ${clash.id} of site ${siteId}; scan names are unique within a site's schedules`);
  }
  const timing: ScheduleTiming = { start, timeZone, repeat: input.repeat };
  const next = input.enabled ? runsAfter(timing, new Date(now.getTime() - 1), 1)[0] : undefined;
  return {
    site_id: siteId, enabled: input.enabled ? 1 : 0, start_at: start.toISOString(), time_zone: timeZone, repeat: input.repeat ? JSON.stringify(input.repeat) : null,
    duration_minutes: durationMinutes, on_scan_repeat: input.onScanRepeat, scan_name: input.scanName ?? null, scan_template_id: input.scanTemplateId ?? null,
    scan_engine_id: input.scanEngineId ?? null, hosts: input.hosts && input.hosts.length > 0 ? JSON.stringify(input.hosts) : null,
    next_run_at: next?.toISOString() ?? null, updated_at: now.toISOString(),
  };
}

/**
 * Upcoming runs (up to 24) that overlap a maintenance window of the engines that will scan, or
 * a global or site blackout. A run without a maximum duration is checked at its start.
 */
export async function scheduleWarnings(db: Db, live: LiveMaintenance, row: Pick<ScheduleRow, 'site_id' | 'enabled' | 'start_at' | 'time_zone' | 'repeat' | 'duration_minutes' | 'scan_engine_id'>, now: Date): Promise<ScheduleWarning[]> {
  if (row.enabled !== 1) return [];
  const engineOrPool = row.scan_engine_id ?? (await getSite(db, row.site_id)).engineId;
  const engines = await knownMaintenance(db, live, await scanEngineIds(db, engineOrPool));
  const minutes = row.duration_minutes ?? 1;
  const runs = runsAfter(timingOf(row), new Date(now.getTime() - 1), CHECKED_RUNS).map((start) => ({ start, end: new Date(start.getTime() + minutes * 60_000) }));
  return [...runConflicts(engines, runs, 50), ...blackoutConflicts(await enabledBlackouts(db), row.site_id, runs, 50)].slice(0, 50);
}

/** Creates a schedule; returns its id and the maintenance warnings. */
export async function createSchedule(db: Db, live: LiveMaintenance, actor: Actor, siteId: number, input: ScheduleInput): Promise<{ id: number; warnings: ScheduleWarning[] }> {
  await getSiteFor(db, actor, siteId);
  const now = scheduleClock.now();
  const row = await toRow(db, siteId, input, null, now);
  const id = await db.transaction().execute(async (trx) => {
    const created = await trx.insertInto('scan_schedules').values({ ...row, created_at: now.toISOString(), last_run_at: null, last_scan_id: null, last_outcome: null }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'schedule.create', { type: 'scan-schedule', id: created.id }, { siteId, enabled: input.enabled, start: row.start_at, repeat: input.repeat ?? null, duration: input.duration ?? null });
    return created.id;
  });
  return { id, warnings: await scheduleWarnings(db, live, row, now) };
}

async function rowFor(db: Db, actor: Actor, siteId: number, id: number): Promise<ScheduleRow> {
  await getSiteFor(db, actor, siteId);
  const row = await db.selectFrom('scan_schedules').selectAll().where('id', '=', id).where('site_id', '=', siteId).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `scan schedule ${id} does not exist in site ${siteId}; GET /api/3/sites/${siteId}/scan_schedules lists them`);
  return row;
}

/** One schedule of a site. */
export async function getSchedule(db: Db, actor: Actor, siteId: number, id: number): Promise<ScheduleView> {
  return toView(await rowFor(db, actor, siteId, id), scheduleClock.now());
}

/** Every schedule of a site, by id. */
export async function listSchedules(db: Db, actor: Actor, siteId: number): Promise<ScheduleView[]> {
  await getSiteFor(db, actor, siteId);
  const now = scheduleClock.now();
  return (await db.selectFrom('scan_schedules').selectAll().where('site_id', '=', siteId).orderBy('id').execute()).map((r) => toView(r, now));
}

/** Replaces a schedule (its run history is kept); returns the maintenance warnings. */
export async function updateSchedule(db: Db, live: LiveMaintenance, actor: Actor, siteId: number, id: number, input: ScheduleInput): Promise<ScheduleWarning[]> {
  await rowFor(db, actor, siteId, id);
  const now = scheduleClock.now();
  const row = await toRow(db, siteId, input, id, now);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('scan_schedules').set(row).where('id', '=', id).execute();
    await audit(trx, actor, 'schedule.update', { type: 'scan-schedule', id }, { siteId, enabled: input.enabled, start: row.start_at, repeat: input.repeat ?? null, duration: input.duration ?? null });
  });
  return scheduleWarnings(db, live, row, now);
}

/** Deletes one schedule (scans it started stay). */
export async function deleteSchedule(db: Db, actor: Actor, siteId: number, id: number): Promise<void> {
  await rowFor(db, actor, siteId, id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('scan_schedules').where('id', '=', id).execute();
    await audit(trx, actor, 'schedule.delete', { type: 'scan-schedule', id }, { siteId });
  });
}

/** Deletes every schedule of a site; returns how many. */
export async function deleteSiteSchedules(db: Db, actor: Actor, siteId: number): Promise<number> {
  await getSiteFor(db, actor, siteId);
  return db.transaction().execute(async (trx) => {
    const r = await trx.deleteFrom('scan_schedules').where('site_id', '=', siteId).executeTakeFirst();
    const n = Number(r.numDeletedRows);
    await audit(trx, actor, 'schedule.delete-all', { type: 'site', id: siteId }, { deleted: n });
    return n;
  });
}

/** Replaces every schedule of a site with `inputs` (v3 PUT on the collection), all or nothing; returns the warnings of each new schedule. */
export async function replaceSiteSchedules(db: Db, live: LiveMaintenance, actor: Actor, siteId: number, inputs: ScheduleInput[]): Promise<ScheduleWarning[]> {
  await getSiteFor(db, actor, siteId);
  const names = inputs.map((i) => i.scanName).filter((n): n is string => n !== undefined);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new FarsightError('CONFLICT', `scanName '${dup}' appears twice; scan names are unique within a site's schedules`);
  const now = scheduleClock.now();
  const rows: ScheduleValues[] = [];
  for (const input of inputs) rows.push(await toRow(db, siteId, { ...input, scanName: undefined }, null, now));
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('scan_schedules').where('site_id', '=', siteId).execute();
    for (const [i, row] of rows.entries()) {
      await trx.insertInto('scan_schedules').values({ ...row, scan_name: inputs[i]?.scanName ?? null, created_at: now.toISOString(), last_run_at: null, last_scan_id: null, last_outcome: null }).execute();
    }
    await audit(trx, actor, 'schedule.replace-all', { type: 'site', id: siteId }, { schedules: rows.length });
  });
  const warnings: ScheduleWarning[] = [];
  for (const row of rows) warnings.push(...await scheduleWarnings(db, live, row, now));
  return warnings.slice(0, 50);
}
