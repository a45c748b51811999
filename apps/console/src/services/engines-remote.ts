/**
 * Remote engine link records (issue 4): direction, pinned key, revocation and the last
 * heartbeat facts. The leader's engine transport (apps/console/src/engines/remote-*.ts)
 * reads and writes them; the API reads them for status.
 */
import { EventEmitter } from 'node:events';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { audit } from './audit.ts';
import type { Actor } from './actor.ts';
import { getEngine, setEngineStatus } from './engines-registry.ts';

/** Who dials: 'standard' = the console dials the engine (40814); 'reverse' = the engine dials the console (40815). */
export type EngineDirection = 'standard' | 'reverse';

/** Emits 'changed' (engine id) when an engine's link settings change, 'revoked' (engine id) when it is revoked. */
export const remoteEngineSignals = new EventEmitter();

/** The link record of an engine (default: standard, nothing pinned). */
export interface LinkRecord {
  engineId: number;
  direction: EngineDirection;
  keyPin: string | null;
  lastHeartbeatAt: string | null;
  clockSkewMs: number | null;
  runningScans: number;
  queueDepth: number;
  revokedAt: string | null;
}

/** Link records of the given engines (or all remote ones). */
export async function linkRecords(db: Db, ids?: number[]): Promise<Map<number, LinkRecord>> {
  let q = db.selectFrom('scan_engines').leftJoin('engine_links', 'engine_links.engine_id', 'scan_engines.id')
    .select(['scan_engines.id as id', 'engine_links.direction as direction', 'engine_links.key_pin as keyPin', 'engine_links.last_heartbeat_at as lastHeartbeatAt',
      'engine_links.clock_skew_ms as clockSkewMs', 'engine_links.running_scans as runningScans', 'engine_links.queue_depth as queueDepth', 'engine_links.revoked_at as revokedAt'])
    .where('scan_engines.kind', '=', 'remote');
  if (ids) q = q.where('scan_engines.id', 'in', ids.length > 0 ? ids : [-1]);
  const out = new Map<number, LinkRecord>();
  for (const r of await q.execute()) {
    out.set(r.id, {
      engineId: r.id, direction: r.direction === 'reverse' ? 'reverse' : 'standard', keyPin: r.keyPin ?? null, lastHeartbeatAt: r.lastHeartbeatAt ?? null,
      clockSkewMs: r.clockSkewMs ?? null, runningScans: r.runningScans ?? 0, queueDepth: r.queueDepth ?? 0, revokedAt: r.revokedAt ?? null,
    });
  }
  return out;
}

async function upsert(db: Db, engineId: number, set: { direction?: EngineDirection; key_pin?: string; revoked_at?: string | null; last_heartbeat_at?: string; clock_skew_ms?: number; running_scans?: number; queue_depth?: number }): Promise<void> {
  const now = nowIso();
  const r = await db.updateTable('engine_links').set({ ...set, updated_at: now }).where('engine_id', '=', engineId).executeTakeFirst();
  if (Number(r.numUpdatedRows) > 0) return;
  await db.insertInto('engine_links').values({ engine_id: engineId, direction: set.direction ?? 'standard', key_pin: set.key_pin ?? null, last_heartbeat_at: set.last_heartbeat_at ?? null,
    clock_skew_ms: set.clock_skew_ms ?? null, revoked_at: set.revoked_at ?? null, updated_at: now }).execute();
}

/** Pins an engine's key at first contact (standard direction); false when another key is already pinned. */
export async function pinEngineKey(db: Db, engineId: number, pin: string): Promise<boolean> {
  const rec = (await linkRecords(db, [engineId])).get(engineId);
  if (rec?.keyPin && rec.keyPin !== pin) return false;
  if (!rec?.keyPin) await upsert(db, engineId, { key_pin: pin });
  return true;
}

/** Stores the facts of the last heartbeat (the monitor calls this at most every few seconds per engine). */
export async function recordHeartbeat(db: Db, engineId: number, facts: { at: string; clockSkewMs: number; runningScans: number; queueDepth: number }): Promise<void> {
  await upsert(db, engineId, { last_heartbeat_at: facts.at, clock_skew_ms: facts.clockSkewMs, running_scans: facts.runningScans, queue_depth: facts.queueDepth });
}

/** Switches who dials (takes effect within seconds, no restart). */
export async function setEngineDirection(db: Db, actor: Actor, engineId: number, direction: EngineDirection): Promise<void> {
  const e = await getEngine(db, engineId);
  if (e.kind !== 'remote') throw new FarsightError('BUILTIN_READONLY', 'the Local scan engine has no network direction');
  await upsert(db, engineId, { direction });
  await audit(db, actor, 'engine.direction', { type: 'engine', id: engineId }, { direction });
  remoteEngineSignals.emit('changed', engineId);
}

/** Revokes an engine: its certificates and link are refused from now on, and its live connection is dropped. */
export async function revokeEngine(db: Db, actor: Actor, engineId: number): Promise<void> {
  const e = await getEngine(db, engineId);
  if (e.kind !== 'remote') throw new FarsightError('BUILTIN_READONLY', 'the Local scan engine cannot be revoked');
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('engine_certificates').set({ revoked_at: now }).where('engine_id', '=', engineId).where('revoked_at', 'is', null).execute();
    await audit(trx, actor, 'engine.revoke', { type: 'engine', id: engineId }, { name: e.name });
  });
  await upsert(db, engineId, { revoked_at: now });
  await setEngineStatus(db, engineId, 'not-responding', 'certificate revoked by an administrator; the engine must pair again');
  remoteEngineSignals.emit('revoked', engineId);
}
