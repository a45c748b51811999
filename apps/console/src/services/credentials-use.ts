/**
 * Using credentials: the "test credentials" action and decryption for engines. Testing means
 * logging in from the engine that scans the site; the login itself arrives with authenticated
 * scanning (issue 6), so today the action records which engine it would run from and answers
 * CREDENTIAL_TEST_UNAVAILABLE (HTTP 501).
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { open, type Keyring } from './credentials-crypto.ts';
import type { PublicAccount, SecretAccount } from './credentials-model.ts';
import { LOCAL_ENGINE_ID, resolveScanEngine } from './engines-registry.ts';

/** Where a credential test would run. */
export interface CredentialTestPlan {
  credentialId: number;
  siteId: number | null;
  engineId: number;
  host: string | null;
}

/**
 * Plans a credential test (the engine of the credential's site, or of `siteId` for a shared
 * credential, else the Local scan engine), audits it, then throws CREDENTIAL_TEST_UNAVAILABLE
 * naming that engine. Site access rules apply to site credentials and to `siteId`.
 */
export async function testCredential(db: Db, actor: Actor, id: number, opts: { siteId?: number; host?: string } = {}): Promise<never> {
  const c = await db.selectFrom('credentials').select(['id', 'scope', 'site_id', 'host_restriction']).where('id', '=', id).executeTakeFirst();
  if (!c) throw new FarsightError('NOT_FOUND', `credential ${id} does not exist`);
  const siteId = c.site_id ?? opts.siteId ?? null;
  if (c.site_id !== null && opts.siteId !== undefined && opts.siteId !== c.site_id) {
    throw new FarsightError('INVALID_ARGUMENT', `credential ${id} belongs to site ${c.site_id}, not site ${opts.siteId}`);
  }
  if (siteId !== null && !canAccessSite(actor, siteId)) throw new FarsightError('RESOURCE_FORBIDDEN', `site ${siteId} is not one of your sites`);
  let engineId = LOCAL_ENGINE_ID;
  if (siteId !== null) {
    const site = await db.selectFrom('sites').select('engine_id').where('id', '=', siteId).executeTakeFirst();
    if (!site) throw new FarsightError('NOT_FOUND', `site ${siteId} does not exist`);
    engineId = (await resolveScanEngine(db, site.engine_id)).engineId;
  }
  const plan: CredentialTestPlan = { credentialId: id, siteId, engineId, host: opts.host ?? c.host_restriction };
  await audit(db, actor, 'credential.test', { type: 'credential', id }, { ...plan, outcome: 'not-available' });
  throw new FarsightError('CREDENTIAL_TEST_UNAVAILABLE', `testing credential ${id} is not available yet: it would log in from scan engine ${engineId}${siteId === null ? '' : ` (site ${siteId})`}${plan.host ? ` to ${plan.host}` : ''}; authenticated scanning arrives in a later release (see docs/api.md, Credentials)`);
}

/** Decrypts a credential for an engine about to use it. Never call this to answer an API request. */
export async function openCredential(db: Db, ring: Keyring, id: number): Promise<{ account: PublicAccount; secret: SecretAccount }> {
  const r = await db.selectFrom('credentials').select(['account', 'secret', 'secret_ref']).where('id', '=', id).executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `credential ${id} does not exist`);
  return { account: JSON.parse(r.account) as PublicAccount, secret: JSON.parse(open(ring, r.secret, `credential:${r.secret_ref}`)) as SecretAccount };
}
