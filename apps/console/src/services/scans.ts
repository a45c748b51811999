/**
 * Scans: start a scan of a site (or of some of its hosts), read them, pause/resume/stop them,
 * read their log and per-host progress. A scan is created `queued`; the dispatcher
 * (engines/dispatcher.ts, leader only) sends it to its engine. Commands for engines are
 * queued in `scan_commands`, so any console process may accept the request and the leader
 * delivers it.
 */
import { EventEmitter } from 'node:events';
import { FarsightError, parseTargetList } from '@farsight/common';
import type { TestCheckRule } from '@farsight/engine-core/test-check';
import type { Db } from '../db/index.ts';
import { nowIso, toCount } from '../db/helpers.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { getSiteFor, getSiteScanPlan } from './sites.ts';
import { resolveTemplate } from './templates.ts';
import { resolveScanEngine } from './engines-registry.ts';
import { upsertVulnerability } from './vulnerabilities.ts';
import { ACTIVE, SCAN_ACTIONS, TERMINAL, canTransition, type ScanAction, type ScanStatus } from './scans-states.ts';
import { severityBucket, toScanView, type ScanRowJoined, type ScanSpecStored, type ScanView } from './scans-model.ts';
import { queueCommand, setScanStatus } from './scans-status.ts';
import { chunkLabel } from './scans-pool.ts';

export { SCAN_STATUSES, type ScanStatus, type ScanAction } from './scans-states.ts';
export type { ScanView, ScanSpecStored } from './scans-model.ts';

/** Emits 'changed' when a scan needs the dispatcher's attention (in this process). */
export const scanSignals = new EventEmitter();

/** API sort field → column for scan lists. */
export const SCAN_SORT: Record<string, string> = { id: 'scans.id', status: 'scans.status', startTime: 'scans.start_time', endTime: 'scans.end_time', scanName: 'scans.name' };

/** What `POST /api/3/sites/{id}/scans` may say (v3 AdhocScan, plus the test check). */
export interface StartScanInput {
  name?: string;
  /** Scan only these hosts (addresses, ranges, CIDRs or names), each inside the site's targets. */
  hosts?: string[];
  templateId?: string;
  engineId?: number;
  /** Stand-in check (until issue 5); only when FARSIGHT_TEST_CHECKS=1. */
  testCheck?: TestCheckRule;
  scanType?: 'manual' | 'scheduled' | 'automated';
}

/** True when this console accepts test checks (FARSIGHT_TEST_CHECKS=1; tests and demos only). */
export function testChecksEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.FARSIGHT_TEST_CHECKS === '1';
}

/** Throws INVALID_ARGUMENT unless every host is inside the site's included targets. */
export function assertHostsInSite(hosts: string[], siteTargets: string[]): void {
  const site = parseTargetList(siteTargets);
  const names = new Set(site.hostnames);
  const subset = parseTargetList(hosts, { maxAddresses: 65_536 });
  const outside: string[] = [];
  for (const item of subset.items()) {
    const inside = item.kind === 'address' ? site.has(item.address) : names.has(item.name);
    if (!inside) outside.push(item.kind === 'address' ? item.address : item.name);
    if (outside.length >= 5) break;
  }
  if (outside.length > 0) {
    throw new FarsightError('INVALID_ARGUMENT', `hosts ${outside.join(', ')} are not in the site's included targets; scan only hosts of the site, or add them to it first`);
  }
}

/** Creates a queued scan of a site; returns its id. */
export async function startScan(db: Db, actor: Actor, siteId: number, input: StartScanInput = {}): Promise<number> {
  await getSiteFor(db, actor, siteId);
  const plan = await getSiteScanPlan(db, siteId);
  if (input.testCheck && !testChecksEnabled()) {
    throw new FarsightError('INVALID_ARGUMENT', 'testCheck is a test-only option; start the console with FARSIGHT_TEST_CHECKS=1 to use it');
  }
  if (plan.targets.length === 0) throw new FarsightError('INVALID_ARGUMENT', `site ${siteId} has no included targets; add some before scanning it`);
  const template = input.templateId !== undefined ? await resolveTemplate(db, input.templateId) : plan.template;
  // A pool scan keeps the pool as its engine; the dispatcher splits it over the pool's engines.
  const resolved = input.engineId !== undefined ? await resolveScanEngine(db, input.engineId) : { engineId: plan.engineId, poolId: plan.poolId };
  const engineId = resolved.poolId ?? resolved.engineId;
  const hosts = input.hosts && input.hosts.length > 0 ? input.hosts : undefined;
  if (hosts) assertHostsInSite(hosts, plan.targets);
  const targets = hosts ?? plan.targets;
  const spec: ScanSpecStored = { targets, exclusions: plan.exclusions, template, hostsSubset: hosts !== undefined, ...(input.testCheck ? { testCheck: input.testCheck } : {}) };
  const hostsTotal = parseTargetList(targets).count;
  if (input.testCheck) {
    // The stand-in check gets a definition, so its findings link to one and exceptions can name it.
    const tc = input.testCheck;
    await upsertVulnerability(db, {
      id: tc.checkId.toLowerCase(), title: tc.title ?? `Test check: ${tc.protocol}/${tc.port} is open`,
      description: 'Farsight test check (a stand-in until real checks exist): reports every open port that matches a rule.',
      severity: tc.severity === 'critical' ? 'Critical' : tc.severity === 'high' ? 'Severe' : 'Moderate', categories: ['farsight-test'],
    });
  }
  const now = nowIso();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('scans').values({
      site_id: siteId, engine_id: engineId, name: input.name ?? `${plan.siteName} ${now.slice(0, 16).replace('T', ' ')}`,
      scan_type: input.scanType ?? 'manual', status: 'queued', status_reason: `queued by ${actor.login}`, started_by: actor.login,
      template_id: template.id, spec: JSON.stringify(spec), hosts_total: hostsTotal, hosts_done: 0, hosts_up: 0,
      committed_seq: 0, last_seq: null, created_at: now, start_time: null, end_time: null, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, 'scan.start', { type: 'scan', id: row.id }, { siteId, engineId, templateId: template.id, hosts: hosts?.length ?? null, testCheck: input.testCheck?.checkId ?? null });
    return row.id;
  });
  scanSignals.emit('changed', id);
  return id;
}

function scanQuery(db: Db) {
  return db.selectFrom('scans')
    .leftJoin('sites', 'sites.id', 'scans.site_id')
    .leftJoin('scan_engines', 'scan_engines.id', 'scans.engine_id')
    .select(['scans.id', 'scans.site_id', 'scans.engine_id', 'scans.name', 'scans.scan_type', 'scans.status', 'scans.status_reason',
      'scans.started_by', 'scans.template_id', 'scans.hosts_total', 'scans.hosts_done', 'scans.hosts_up', 'scans.created_at',
      'scans.start_time', 'scans.end_time', 'sites.name as site_name', 'scan_engines.name as engine_name']);
}

async function withVulns(db: Db, rows: ScanRowJoined[]): Promise<ScanView[]> {
  const ids = rows.map((r) => r.id);
  const counts = ids.length === 0 ? [] : await db.selectFrom('findings').select(['last_scan_id', 'severity', (eb) => eb.fn.countAll().as('n')])
    .where('last_scan_id', 'in', ids).where('status', '!=', 'remediated').groupBy(['last_scan_id', 'severity']).execute();
  return rows.map((r) => {
    const v = { critical: 0, severe: 0, moderate: 0, total: 0 };
    for (const c of counts) {
      if (c.last_scan_id !== r.id) continue;
      const n = toCount(c.n);
      v.total += n;
      const b = severityBucket(c.severity);
      if (b) v[b] += n;
    }
    return toScanView(r, v);
  });
}

/** One scan the actor may see (by its site). */
export async function getScanFor(db: Db, actor: Actor, id: number): Promise<ScanView> {
  // A chunk of a pool scan is internal (users see the pool scan): not found, like in the list.
  const row = await scanQuery(db).where('scans.id', '=', id).where('scans.parent_scan_id', 'is', null).executeTakeFirst();
  if (!row) throw new FarsightError('NOT_FOUND', `scan ${id} does not exist; GET /api/3/scans lists them`);
  if (!canAccessSite(actor, row.site_id)) throw new FarsightError('RESOURCE_FORBIDDEN', `scan ${id} belongs to site ${row.site_id}, which is not one of your sites`);
  return (await withVulns(db, [row]))[0] as ScanView;
}

/**
 * Scans the actor may see, optionally of one site, of one engine (scans it ran, and pool scans
 * one of whose chunks it ran) and only active (or only ended) ones; one page.
 */
export async function listScans(db: Db, actor: Actor, q: { siteId?: number; engineId?: number; active?: boolean; page: number; size: number; sort: Array<{ field: string; direction: 'asc' | 'desc' }> }): Promise<{ scans: ScanView[]; total: number }> {
  if (q.siteId !== undefined) await getSiteFor(db, actor, q.siteId);
  let base = db.selectFrom('scans');
  if (q.siteId !== undefined) base = base.where('scans.site_id', '=', q.siteId);
  const engineId = q.engineId;
  if (engineId !== undefined) {
    base = base.where((eb) => eb.or([
      eb('scans.engine_id', '=', engineId),
      eb('scans.id', 'in', eb.selectFrom('scans as chunk').select('chunk.parent_scan_id').where('chunk.engine_id', '=', engineId).where('chunk.parent_scan_id', 'is not', null)),
    ]));
  }
  // Chunks of a pool scan are listed through their parent (GET /api/farsight/scans/{id}/chunks).
  base = base.where('scans.parent_scan_id', 'is', null);
  if (actor.role !== 'global-admin') base = base.where('scans.site_id', 'in', [...(actor.siteIds ?? []), -1]);
  if (q.active !== undefined) base = base.where('scans.status', q.active ? 'in' : 'not in', [...ACTIVE]);
  const ids = base.select('scans.id');
  let rows = scanQuery(db).where('scans.id', 'in', ids);
  for (const s of q.sort) rows = rows.orderBy(s.field as 'scans.id', s.direction);
  const [list, count] = await Promise.all([
    rows.orderBy('scans.id', 'desc').limit(q.size).offset(q.page * q.size).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { scans: await withVulns(db, list), total: toCount(count?.n) };
}

/**
 * Pause, resume or stop a scan (v3 `POST /scans/{id}/{status}`). The state changes now; the
 * engine gets the command through the dispatcher. Resume re-dispatches the scan, which the
 * engine resumes skipping every host already reported. `why` replaces the default reason
 * ("paused by <login>"), e.g. for the scheduler.
 */
export async function actOnScan(db: Db, actor: Actor, id: number, action: ScanAction, why?: string): Promise<ScanStatus> {
  const scan = await getScanFor(db, actor, id);
  const to = SCAN_ACTIONS[action];
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('scans').select(['status', 'engine_id']).where('id', '=', id).executeTakeFirstOrThrow();
    const from = row.status as ScanStatus;
    const verb = action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'stopped';
    await setScanStatus(trx, id, to, why ?? `${verb} by ${actor.login}`);
    // A queued scan never reached its engine: nothing to tell it. Resume is a scan.start,
    // which an engine that knows the scan treats as "resume, skipping reported hosts".
    const chunks = await trx.selectFrom('scans').select(['id', 'status', 'engine_id']).where('parent_scan_id', '=', id).execute();
    if (chunks.length > 0) await actOnChunks(trx, chunks, action, `${verb} with pool scan ${id} by ${actor.login}`);
    else if (action === 'resume') await queueCommand(trx, id, row.engine_id, 'scan.start');
    else if (from !== 'queued') await queueCommand(trx, id, row.engine_id, action === 'pause' ? 'scan.pause' : 'scan.stop');
    await audit(trx, actor, `scan.${action}`, { type: 'scan', id }, { from, to, siteId: scan.siteId });
  });
  scanSignals.emit('changed', id);
  return to;
}

/** Applies a user action to every chunk of a pool scan that can take it. */
async function actOnChunks(trx: Db, chunks: Array<{ id: number; status: string; engine_id: number }>, action: ScanAction, reason: string): Promise<void> {
  for (const c of chunks) {
    const from = c.status as ScanStatus;
    const to = SCAN_ACTIONS[action];
    if (!canTransition(from, to)) continue;
    await setScanStatus(trx, c.id, to, reason);
    if (action === 'resume') await queueCommand(trx, c.id, c.engine_id, 'scan.start');
    else if (from !== 'queued') await queueCommand(trx, c.id, c.engine_id, action === 'pause' ? 'scan.pause' : 'scan.stop');
  }
}

/**
 * The scan log as text lines (`ISO-time LEVEL line`), oldest first. A pool scan's log includes
 * its chunks' lines, each prefixed with the chunk's label (`[chunk 1/2 on engine 3]`), never its id.
 */
export async function getScanLog(db: Db, actor: Actor, id: number): Promise<string> {
  await getScanFor(db, actor, id);
  const chunks = await db.selectFrom('scans').select(['id', 'name']).where('parent_scan_id', '=', id).execute();
  const labels = new Map(chunks.map((c) => [c.id, `[${chunkLabel(c.name)}] `]));
  const rows = await db.selectFrom('scan_log').select(['scan_id', 'at', 'level', 'line']).where('scan_id', 'in', [id, ...labels.keys()]).orderBy('id').execute();
  return rows.map((r) => `${r.at} ${r.level.toUpperCase().padEnd(5)} ${labels.get(r.scan_id) ?? ''}${r.line}`).join('\n') + (rows.length > 0 ? '\n' : '');
}

/** Per-host progress of a scan (hosts reported so far), one page. */
export async function listScanHosts(db: Db, actor: Actor, id: number, page: { page: number; size: number }): Promise<{ scan: ScanView; hosts: Array<{ address: string; status: string; assetId: number | null; openPorts: number; findings: number; doneAt: string }>; total: number }> {
  const scan = await getScanFor(db, actor, id);
  // A pool scan's hosts are those of its chunks.
  const chunks = await db.selectFrom('scans').select('id').where('parent_scan_id', '=', id).execute();
  const base = db.selectFrom('scan_hosts').where('scan_id', 'in', [id, ...chunks.map((c) => c.id)]);
  const [rows, count] = await Promise.all([
    base.selectAll().orderBy('done_at').orderBy('address').limit(page.size).offset(page.page * page.size).execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return {
    scan, total: toCount(count?.n),
    hosts: rows.map((r) => ({ address: r.address, status: r.status, assetId: r.asset_id, openPorts: r.open_ports, findings: r.findings, doneAt: r.done_at })),
  };
}

/** True when a scan has ended (stopped, finished, error). */
export function isTerminal(status: ScanStatus): boolean {
  return TERMINAL.has(status);
}
