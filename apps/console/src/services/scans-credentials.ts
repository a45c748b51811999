/**
 * Credentials a scan uses (issue 3 + 6): at dispatch, the enabled `ssh`/`ssh-key` credentials
 * that apply to the scan's site — its site credentials and the shared credentials assigned to
 * all sites or to this site (v3 `siteAssignment`, `sites`) — are decrypted (only here) and
 * mapped to scan.start credentials restricted by their `hostRestriction`/`portRestriction`.
 * The engine intersects each with the scan's targets, so none is presented elsewhere.
 * Credentials of other services are not used by scans yet and are named in the scan log.
 */
import { parseAddressSet, toFarsightError } from '@farsight/common';
import type { ScanCredentialInput } from '@farsight/engine-protocol';
import { LIMITS, parseProtocolVersion } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import type { Keyring } from './credentials-crypto.ts';
import type { PublicAccount, SecretAccount } from './credentials-model.ts';
import { openCredential } from './credentials-use.ts';
import { appendScanLog } from './scans-status.ts';

/** The credentials of a scan and lines for its log (never a secret). */
export interface ScanCredentials { credentials: ScanCredentialInput[]; notes: string[] }

/** Maps a v3 account to a scan credential; a string saying why when it cannot be used by scans. */
export function toScanCredential(id: number, label: string, account: PublicAccount, secret: SecretAccount, restriction: { host: string | null; port: number | null }): ScanCredentialInput | string {
  if (account.service !== 'ssh' && account.service !== 'ssh-key') return `service ${account.service} is not used by scans yet (only ssh and ssh-key)`;
  const user = account.username ?? '';
  if (!/^[^\s:@/]{1,256}$/.test(user)) return 'its username is empty or has spaces, ":", "@" or "/"';
  const how = account.permissionElevation ?? 'none';
  let elevation: ScanCredentialInput['elevation'];
  if (how === 'sudo' || how === 'su') elevation = { method: how, ...(secret.permissionElevationPassword ? { password: secret.permissionElevationPassword } : {}) };
  else if (how !== 'none') return `permission elevation '${how}' is not supported by scans (use none, sudo or su)`;
  if (restriction.host !== null) {
    try {
      if (!parseAddressSet([restriction.host]).hasAddresses) return `its host restriction '${restriction.host}' is a host name; scans apply address, range or CIDR restrictions only`;
    } catch (e) { return `its host restriction is invalid: ${toFarsightError(e).message}`; }
  }
  const base = {
    id, name: label.slice(0, 256), service: account.service, user, port: restriction.port ?? 22,
    ...(restriction.host !== null ? { hostRestriction: restriction.host } : {}), ...(elevation ? { elevation } : {}),
  };
  if (account.service === 'ssh') return secret.password ? { ...base, password: secret.password } : 'it has no password';
  if (!secret.pemKey) return 'it has no pemKey';
  return { ...base, privateKey: secret.pemKey, ...(secret.privateKeyPassword ? { passphrase: secret.privateKeyPassword } : {}) };
}

/** Resolves and decrypts the credentials of a site's scan. Call only to build a scan.start. */
export async function resolveScanCredentials(db: Db, ring: Keyring, siteId: number): Promise<ScanCredentials> {
  const specific = db.selectFrom('credential_sites').select('credential_id').where('site_id', '=', siteId);
  const rows = await db.selectFrom('credentials').select(['id', 'scope', 'name', 'host_restriction', 'port_restriction'])
    .where('enabled', '=', 1)
    // A shared credential disabled for this site only (PUT /sites/{id}/shared_credentials/{cid}/enabled).
    .where('id', 'not in', db.selectFrom('site_shared_credentials_disabled').select('credential_id').where('site_id', '=', siteId))
    .where((eb) => eb.or([
      eb.and([eb('scope', '=', 'site'), eb('site_id', '=', siteId)]),
      eb.and([eb('scope', '=', 'shared'), eb('site_assignment', '=', 'all-sites')]),
      eb.and([eb('scope', '=', 'shared'), eb('site_assignment', '=', 'specific-sites'), eb('id', 'in', specific)]),
    ]))
    // Site credentials first (most specific), then shared ones, each by id: the login order.
    .orderBy('scope', 'desc').orderBy('id').execute();
  const out: ScanCredentials = { credentials: [], notes: [] };
  for (const r of rows) {
    const label = `${r.scope === 'site' ? 'site' : 'shared'} credential ${r.id} (${r.name})`;
    if (out.credentials.length >= LIMITS.scanCredentials) { out.notes.push(`${label}: not used, a scan takes at most ${LIMITS.scanCredentials} credentials`); continue; }
    let opened: { account: PublicAccount; secret: SecretAccount };
    try { opened = await openCredential(db, ring, r.id); } catch (e) {
      out.notes.push(`${label}: not used, it cannot be decrypted (${toFarsightError(e).code}); check the console master key`);
      continue;
    }
    const c = toScanCredential(r.id, label, opened.account, opened.secret, { host: r.host_restriction, port: r.port_restriction });
    if (typeof c === 'string') out.notes.push(`${label}: not used, ${c}`);
    else out.credentials.push(c);
  }
  return out;
}

/**
 * The scan.start credentials of a scan (resolved from its site), with the use written to the
 * scan log. An engine that negotiated a protocol older than 1.2 (`engineVersion`) would drop
 * them: nothing is decrypted or sent, and the scan log says the scan runs unauthenticated.
 */
export async function credentialsForScan(db: Db, ring: Keyring, scanId: number, engineVersion?: string): Promise<ScanCredentialInput[]> {
  const scan = await db.selectFrom('scans').select('site_id').where('id', '=', scanId).executeTakeFirst();
  if (!scan) return [];
  const v = engineVersion === undefined ? undefined : parseProtocolVersion(engineVersion);
  if (v && v.major === 1 && v.minor < 2) {
    const n = await db.selectFrom('credentials').select((eb) => eb.fn.countAll<number>().as('n')).where('enabled', '=', 1).executeTakeFirst();
    if (Number(n?.n ?? 0) > 0) await appendScanLog(db, scanId, 'warn', `credentials: not sent, the engine speaks protocol ${engineVersion} and credentials need 1.2; upgrade the engine (this scan runs unauthenticated)`);
    return [];
  }
  const r = await resolveScanCredentials(db, ring, scan.site_id);
  for (const n of r.notes) await appendScanLog(db, scanId, 'warn', `credentials: ${n}`);
  if (r.credentials.length > 0) {
    await appendScanLog(db, scanId, 'info', `credentials: ${r.credentials.length} sent to the engine for authenticated scanning: ${r.credentials.map((c) => `${c.name}${c.hostRestriction ? ` restricted to ${c.hostRestriction}` : ''}`).join(', ')}`);
  }
  return r.credentials;
}
