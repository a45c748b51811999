/**
 * The only writer of `scans.status`: every change is checked against the transition table
 * and logged in the scan log with its reason. Also queues engine commands.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { FarsightError } from '@farsight/common';
import { assertTransition, type ScanStatus } from './scans-states.ts';

type Tx = Kysely<Database>;

/** How long an engine command stays valid. */
export const COMMAND_TTL_MS = 10 * 60_000;

/** Moves a scan to `to` (checked), recording `reason`; sets start/end times. Returns the previous status. */
export async function setScanStatus(tx: Tx, id: number, to: ScanStatus, reason: string, extra: { hostsTotal?: number } = {}): Promise<ScanStatus> {
  const row = await tx.selectFrom('scans').select(['status', 'start_time']).where('id', '=', id).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `scan ${id} does not exist`);
  const from = row.status as ScanStatus;
  assertTransition(id, from, to);
  const now = nowIso();
  await tx.updateTable('scans').set({
    status: to, status_reason: reason, updated_at: now,
    ...(to === 'running' && !row.start_time ? { start_time: now } : {}),
    ...(to === 'stopped' || to === 'finished' || to === 'error' ? { end_time: now } : {}),
    ...(extra.hostsTotal !== undefined ? { hosts_total: extra.hostsTotal } : {}),
  }).where('id', '=', id).execute();
  await appendScanLog(tx, id, to === 'error' ? 'error' : 'info', `status ${from} → ${to}: ${reason}`);
  return from;
}

/** Appends a line to the scan log. */
export async function appendScanLog(tx: Tx, scanId: number, level: 'info' | 'warn' | 'error', line: string): Promise<void> {
  await tx.insertInto('scan_log').values({ scan_id: scanId, at: nowIso(), level, line: line.slice(0, 4096) }).execute();
}

/** Queues a command for an engine; the dispatcher sends it. Returns its command id. */
export async function queueCommand(tx: Tx, scanId: number, engineId: number, type: 'scan.start' | 'scan.pause' | 'scan.resume' | 'scan.stop'): Promise<string> {
  const commandId = `${type.slice(5)}-${scanId}-${randomUUID()}`;
  const now = new Date();
  await tx.insertInto('scan_commands').values({
    scan_id: scanId, engine_id: engineId, command_id: commandId, type,
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + COMMAND_TTL_MS).toISOString(), sent_at: null,
  }).execute();
  return commandId;
}
