/**
 * Using credentials: the "test credentials" action and decryption for engines. Testing means
 * logging in from the engine that scans the site: from the Local scan engine (the console's
 * own host) an `ssh`/`ssh-key` credential is presented to the given host over SSH and the
 * outcome returned (credentials-login.ts); other services, and sites scanned by a remote
 * engine, answer CREDENTIAL_TEST_UNAVAILABLE (HTTP 501) naming why. Every test is audited.
 */
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import { audit } from './audit.ts';
import { canAccessSite, type Actor } from './actor.ts';
import { open, type Keyring } from './credentials-crypto.ts';
import type { PublicAccount, SecretAccount } from './credentials-model.ts';
import { LOCAL_ENGINE_ID, resolveScanEngine } from './engines-registry.ts';
import { trySshLogin, TESTABLE_SERVICES, type LoginResult } from './credentials-login.ts';

/** Where a credential test would run. */
export interface CredentialTestPlan {
  credentialId: number;
  siteId: number | null;
  engineId: number;
  host: string | null;
}

/** A credential test request: the site (for a shared credential), the target and its SSH port, the deadline. */
export interface CredentialTestInput { siteId?: number; host?: string; port?: number; timeoutMs?: number }

/** The outcome of a credential test. */
export interface CredentialTestResult extends CredentialTestPlan, LoginResult { port: number; service: string }

/**
 * Tests a credential: works out the engine (the credential's site's, or `siteId`'s for a shared
 * credential, else the Local scan engine; site access rules apply), then logs in to `host`
 * (default: the credential's host restriction) from the Local scan engine. Audited with the
 * outcome (never the secret). Remote engines and services other than ssh/ssh-key: 501.
 */
export async function testCredential(db: Db, ring: Keyring, dataDir: string, actor: Actor, id: number, opts: CredentialTestInput = {}): Promise<CredentialTestResult> {
  const c = await db.selectFrom('credentials').select(['id', 'scope', 'site_id', 'host_restriction', 'port_restriction', 'account']).where('id', '=', id).executeTakeFirst();
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
  const service = (JSON.parse(c.account) as PublicAccount).service;
  const plan: CredentialTestPlan = { credentialId: id, siteId, engineId, host: opts.host ?? c.host_restriction };
  const port = opts.port ?? c.port_restriction ?? 22;
  const where = `scan engine ${engineId}${siteId === null ? '' : ` (site ${siteId})`}`;
  const unavailable = async (why: string): Promise<never> => {
    await audit(db, actor, 'credential.test', { type: 'credential', id }, { ...plan, port, outcome: 'not-available' });
    throw new FarsightError('CREDENTIAL_TEST_UNAVAILABLE', `testing credential ${id} from ${where} is not available: ${why} (see docs/api.md, Credentials)`);
  };
  if (!(TESTABLE_SERVICES as readonly string[]).includes(service)) return unavailable(`only ${TESTABLE_SERVICES.join(' and ')} credentials can be tested, this one is ${service}`);
  if (engineId !== LOCAL_ENGINE_ID) return unavailable('remote engines do not run credential tests yet; only the Local scan engine does');
  if (!plan.host) throw new FarsightError('INVALID_ARGUMENT', `say which host to log in to: { "host": "<address>" } (credential ${id} has no host restriction)`);
  const { account, secret } = await openCredential(db, ring, id);
  const login = await trySshLogin({ dataDir, host: plan.host, port, account, secret, name: `credential ${id}`, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
  await audit(db, actor, 'credential.test', { type: 'credential', id }, { ...plan, port, outcome: login.outcome, detail: login.detail });
  return { ...plan, ...login, port, service };
}

/** Decrypts a credential for an engine about to use it. Never call this to answer an API request. */
export async function openCredential(db: Db, ring: Keyring, id: number): Promise<{ account: PublicAccount; secret: SecretAccount }> {
  const r = await db.selectFrom('credentials').select(['account', 'secret', 'secret_ref']).where('id', '=', id).executeTakeFirst();
  if (!r) throw new FarsightError('NOT_FOUND', `credential ${id} does not exist`);
  return { account: JSON.parse(r.account) as PublicAccount, secret: JSON.parse(open(ring, r.secret, `credential:${r.secret_ref}`)) as SecretAccount };
}
