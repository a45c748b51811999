/**
 * Credential coverage of a scan and the latest login outcome of an asset (Farsight API,
 * `/api/farsight/scans/{id}/credentials`, `/api/farsight/assets/{id}/authentication`): what
 * the engines reported in `hosts[].auth`. Never a secret — only names, users and outcomes.
 */
import type { Db } from '../db/index.ts';
import type { ScanHostAuthTable } from '../db/tables/scan-auth.ts';
import type { Actor } from './actor.ts';
import { getAsset } from './assets.ts';
import { getScanFor } from './scans.ts';

/** Every login outcome, in the order coverage lists them. */
export const AUTH_OUTCOME_ORDER = ['success', 'elevation-failed', 'badcredential', 'unavailable', 'timedout', 'error'] as const;

/** One host's login outcome as the API shows it. */
export interface HostAuthView {
  scanId: number; address: string; assetId: number | null; outcome: string;
  credentialId: number | null; credential: string | null; user: string | null; port: number;
  method: string | null; elevation: string | null; detail: string; hostKey: string | null;
  packages: number | null; os: string | null; ecosystem: string | null; kernel: string | null; durationMs: number; at: string;
}

/** A scan's credential coverage: hosts attempted, logged in, per outcome; one page of hosts. */
export interface CredentialCoverage {
  scanId: number;
  hostsUp: number;
  attempted: number;
  success: number;
  outcomes: Record<string, number>;
  hosts: HostAuthView[];
  total: number;
}

function toView(r: ScanHostAuthTable): HostAuthView {
  return {
    scanId: r.scan_id, address: r.address, assetId: r.asset_id, outcome: r.outcome, credentialId: r.credential_id, credential: r.credential,
    user: r.user_name, port: r.port, method: r.method, elevation: r.elevation, detail: r.detail, hostKey: r.host_key,
    packages: r.packages, os: r.os, ecosystem: r.ecosystem, kernel: r.kernel, durationMs: r.duration_ms, at: r.at,
  };
}

/** Coverage of a scan (a pool scan: of all its chunks). Site access rules apply. */
export async function scanCredentialCoverage(db: Db, actor: Actor, id: number, page: { page: number; size: number }): Promise<CredentialCoverage> {
  const scan = await getScanFor(db, actor, id);
  const chunks = await db.selectFrom('scans').select('id').where('parent_scan_id', '=', id).execute();
  const ids = [id, ...chunks.map((c) => c.id)];
  const counts = await db.selectFrom('scan_host_auth').select(['outcome', (eb) => eb.fn.countAll<number>().as('n')]).where('scan_id', 'in', ids).groupBy('outcome').execute();
  const outcomes: Record<string, number> = Object.fromEntries(AUTH_OUTCOME_ORDER.map((o) => [o, 0]));
  for (const c of counts) outcomes[c.outcome] = Number(c.n);
  const attempted = Object.values(outcomes).reduce((a, b) => a + b, 0);
  const rows = await db.selectFrom('scan_host_auth').selectAll().where('scan_id', 'in', ids).orderBy('address').limit(page.size).offset(page.page * page.size).execute();
  return { scanId: scan.id, hostsUp: scan.hostsUp, attempted, success: outcomes.success ?? 0, outcomes, hosts: rows.map(toView), total: attempted };
}

/** The latest login outcome of an asset, or null when no scan applied a credential to it. */
export async function assetAuthentication(db: Db, actor: Actor, assetId: number): Promise<HostAuthView | null> {
  await getAsset(db, actor, assetId);
  const r = await db.selectFrom('scan_host_auth').selectAll().where('asset_id', '=', assetId).orderBy('scan_id', 'desc').limit(1).executeTakeFirst();
  return r ? toView(r) : null;
}
