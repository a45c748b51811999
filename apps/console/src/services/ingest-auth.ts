/**
 * Records the authenticated-scanning outcome of each host of a batch (`hosts[].auth`, protocol
 * 1.2) in scan_host_auth: per scan it is the credential coverage, per asset its latest login.
 * Only hosts a credential applied to carry an outcome; the rest cost nothing.
 */
import type { Kysely } from 'kysely';
import type { HostResultMessage } from '@farsight/engine-protocol';
import type { Database } from '../db/index.ts';

/** Writes (or, for a host reported again, replaces) the auth outcomes of a batch's hosts. */
export async function writeHostAuth(tx: Kysely<Database>, scanId: number, items: ReadonlyArray<{ assetId: number; host: HostResultMessage }>, now: string): Promise<void> {
  for (const { assetId, host } of items) {
    const a = host.auth;
    if (!a) continue;
    const os = a.os ? (a.os.prettyName ?? `${a.os.id}${a.os.versionId ? ` ${a.os.versionId}` : ''}`) : null;
    const row = {
      asset_id: assetId, outcome: a.outcome, credential_id: a.credentialId ?? null, credential: a.credential ?? null, user_name: a.user ?? null,
      port: a.port, method: a.method ?? null, elevation: a.elevation ?? null, detail: a.detail, host_key: a.hostKey ?? null,
      packages: a.packages ?? null, os, ecosystem: a.ecosystem ?? null, kernel: a.kernel ?? null, duration_ms: a.durationMs, at: now,
    };
    await tx.insertInto('scan_host_auth').values({ scan_id: scanId, address: host.address, ...row })
      .onConflict((oc) => oc.columns(['scan_id', 'address']).doUpdateSet(row)).execute();
  }
}
