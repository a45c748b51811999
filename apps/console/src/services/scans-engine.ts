/**
 * What engine reports do to scans: accepted → running, paused/stopped as reported,
 * finished → integrating (once every batch is committed) → finished, failed → error, and the
 * scan log. Called by the engine session (engines/session.ts) with validated messages.
 */
import type { MessageOf } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { nowIso } from '../db/helpers.ts';
import { scanIdOf } from './ingest.ts';
import { integrateFindings } from './findings.ts';
import { appendScanLog, queueCommand, setScanStatus } from './scans-status.ts';
import { canTransition, type ScanStatus } from './scans-states.ts';
import type { ScanSpecStored } from './scans-model.ts';

/** Most log lines kept per scan (the rest are counted, not stored). */
export const MAX_LOG_LINES = 100_000;

async function scanRow(db: Db, scanIdText: string) {
  const id = scanIdOf(scanIdText);
  if (id === undefined) return undefined;
  return db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The engine accepted a scan.start: the scan runs (a fresh engine-side start resets the ingest cursor to what the engine will number next). */
export async function onScanAccepted(db: Db, engineId: number, m: MessageOf<'scan.accepted'>): Promise<void> {
  const scan = await scanRow(db, m.scanId);
  if (!scan) return;
  await db.transaction().execute(async (tx) => {
    if (!m.resumed) {
      // The engine starts numbering at the nextSeq we sent: everything before is either
      // committed or was lost with another engine's spool (its hosts are scanned again).
      const max = await tx.selectFrom('scan_batches').select((eb) => eb.fn.max('seq').as('m')).where('scan_id', '=', scan.id).where('engine_id', '=', engineId).executeTakeFirst();
      await tx.updateTable('scans').set({ committed_seq: Number(max?.m ?? 0), engine_id: engineId }).where('id', '=', scan.id).execute();
    }
    const status = scan.status as ScanStatus;
    if (status === 'dispatched') await setScanStatus(tx, scan.id, 'running', m.resumed ? `resumed on engine ${engineId}: ${m.hostsDone} of ${m.hostsTotal} host(s) already reported are skipped` : `running on engine ${engineId}`);
  });
}

/** The engine says a scan is paused, running or stopped. */
export async function onScanState(db: Db, m: MessageOf<'scan.state'>): Promise<void> {
  const scan = await scanRow(db, m.scanId);
  if (!scan) return;
  const status = scan.status as ScanStatus;
  await db.transaction().execute(async (tx) => {
    if (m.state === 'paused' && status === 'running') await setScanStatus(tx, scan.id, 'paused', m.reason ?? 'paused by the engine');
    else if (m.state === 'stopped' && canTransition(status, 'stopped')) await setScanStatus(tx, scan.id, 'stopped', m.reason ?? 'stopped by the engine');
    else await appendScanLog(tx, scan.id, 'info', `engine reports the scan ${m.state}`);
  });
}

/** The engine finished: remember its last seq and integrate when every batch is in. Returns the seq to ask again from, if a gap remains. */
export async function onScanFinished(db: Db, m: MessageOf<'scan.finished'>): Promise<{ resendFrom?: number }> {
  const scan = await scanRow(db, m.scanId);
  if (!scan) return {};
  // A repeated scan.finished (resent after a reconnect) changes nothing.
  if (scan.last_seq !== m.lastSeq) {
    await db.updateTable('scans').set({ last_seq: m.lastSeq, hosts_total: Math.max(scan.hosts_total, m.hostsTotal), updated_at: nowIso() }).where('id', '=', scan.id).execute();
  }
  const done = await maybeIntegrate(db, scan.id);
  return done || scan.committed_seq >= m.lastSeq ? {} : { resendFrom: scan.committed_seq + 1 };
}

/** The engine could not run the scan on. */
export async function onScanFailed(db: Db, m: MessageOf<'scan.failed'>): Promise<void> {
  const scan = await scanRow(db, m.scanId);
  if (!scan || !canTransition(scan.status as ScanStatus, 'error')) return;
  await db.transaction().execute(async (tx) => { await setScanStatus(tx, scan.id, 'error', `engine failed: ${m.code}: ${m.message}`); });
}

/** The engine refused a command: an expired start is queued again, an invalid one fails the scan. */
export async function onCommandRejected(db: Db, m: MessageOf<'command.rejected'>): Promise<void> {
  const cmd = await db.selectFrom('scan_commands').select(['scan_id', 'type']).where('command_id', '=', m.commandId).executeTakeFirst();
  if (!cmd) return;
  const scan = await db.selectFrom('scans').select(['id', 'status']).where('id', '=', cmd.scan_id).executeTakeFirst();
  if (!scan) return;
  const status = scan.status as ScanStatus;
  await db.transaction().execute(async (tx) => {
    await appendScanLog(tx, scan.id, 'warn', `engine refused ${cmd.type} (${m.code}): ${m.message}`);
    if (cmd.type !== 'scan.start') return;
    if (m.code === 'expired' && status === 'dispatched') await setScanStatus(tx, scan.id, 'queued', 'the start command expired before the engine took it; queued again');
    else if (m.code === 'busy' && status === 'dispatched') await setScanStatus(tx, scan.id, 'queued', `the engine cannot take it now (${m.message}); queued again`);
    else if ((m.code === 'invalid' || m.code === 'unknown-scan') && canTransition(status, 'error')) await setScanStatus(tx, scan.id, 'error', `engine refused the scan: ${m.message}`);
  });
}

/** Lines stored per scan, counted once per process and then kept up to date (bounded map). */
const logLines = new Map<number, number>();

/** A log line from the engine (dropped once the scan has MAX_LOG_LINES). */
export async function onScanLog(db: Db, m: MessageOf<'scan.log'>): Promise<void> {
  const id = scanIdOf(m.scanId);
  if (id === undefined) return;
  let n = logLines.get(id);
  if (n === undefined) {
    const exists = await db.selectFrom('scans').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) return;
    const c = await db.selectFrom('scan_log').select((eb) => eb.fn.countAll().as('n')).where('scan_id', '=', id).executeTakeFirst();
    n = Number(c?.n ?? 0);
    if (logLines.size > 1000) logLines.clear();
  }
  if (n >= MAX_LOG_LINES) return;
  logLines.set(id, n + 1);
  await appendScanLog(db, id, m.level, n + 1 === MAX_LOG_LINES ? `engine: further log lines of this scan are dropped (limit ${MAX_LOG_LINES})` : `engine: ${m.line}`);
}

/** Progress counters from the engine (hosts total may only be known once targets are expanded). */
export async function onScanProgress(db: Db, m: MessageOf<'scan.progress'>): Promise<void> {
  const id = scanIdOf(m.scanId);
  if (id === undefined || m.hostsTotal <= 0) return;
  await db.updateTable('scans').set({ hosts_total: m.hostsTotal }).where('id', '=', id).where('status', 'in', ['dispatched', 'running', 'paused']).execute();
}

/**
 * Integrates a scan whose engine finished and whose batches are all committed: running or
 * paused → integrating → finished, findings lifecycle applied. Also finishes an integration a
 * crash interrupted. Returns true when the scan is (now) finished.
 */
export async function maybeIntegrate(db: Db, scanId: number): Promise<boolean> {
  const ready = await db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('scans').select(['status', 'committed_seq', 'last_seq']).where('id', '=', scanId).executeTakeFirst();
    if (!s) return false;
    if (s.status === 'integrating') return true;
    if (s.last_seq === null || s.committed_seq < s.last_seq || !canTransition(s.status as ScanStatus, 'integrating')) return false;
    await setScanStatus(tx, scanId, 'integrating', `engine finished; all ${s.last_seq} result batch(es) committed`);
    return true;
  });
  if (!ready) return false;
  await db.transaction().execute(async (tx) => {
    const s = await tx.selectFrom('scans').select('status').where('id', '=', scanId).executeTakeFirst();
    if (s?.status !== 'integrating') return;
    const c = await integrateFindings(tx, scanId);
    await setScanStatus(tx, scanId, 'finished', `integrated: ${c.new} new, ${c.active} active, ${c.reopened} reopened, ${c.remediated} remediated finding(s)`);
  });
  return true;
}

/** Builds the scan.start body for a scan (the dispatcher adds the envelope and command id). */
export async function startCommandBody(db: Db, scanId: number, engineId: number): Promise<{ spec: ScanSpecStored; nextSeq: number } | undefined> {
  const scan = await db.selectFrom('scans').select(['spec']).where('id', '=', scanId).executeTakeFirst();
  if (!scan) return undefined;
  const max = await db.selectFrom('scan_batches').select((eb) => eb.fn.max('seq').as('m')).where('scan_id', '=', scanId).where('engine_id', '=', engineId).executeTakeFirst();
  return { spec: JSON.parse(scan.spec) as ScanSpecStored, nextSeq: Number(max?.m ?? 0) + 1 };
}

/** Queues a start (or resume-by-start) command for every scan of an engine that should be running on it. */
export async function requeueEngineScans(db: Db, engineId: number): Promise<number[]> {
  const rows = await db.selectFrom('scans').select(['id', 'status']).where('engine_id', '=', engineId).where('status', 'in', ['dispatched', 'running']).execute();
  for (const r of rows) {
    await db.transaction().execute(async (tx) => {
      await tx.deleteFrom('scan_commands').where('scan_id', '=', r.id).where('type', '=', 'scan.start').where('sent_at', 'is', null).execute();
      await queueCommand(tx, r.id, engineId, 'scan.start');
    });
  }
  return rows.map((r) => r.id);
}
