/**
 * The login attempt behind "test credentials": an `ssh`/`ssh-key` credential is presented to
 * one host over SSH (the scanner's ssh2 client, `@farsight/scanner/auth/ssh-session`) with a
 * short deadline, and the outcome comes back (success, badcredential, unavailable, timedout,
 * error). The host key is pinned trust-on-first-use in `<dataDir>/ssh_known_hosts`, as scans
 * pin theirs; a changed key is an error and nothing is sent. No command runs after login.
 */
import { join } from 'node:path';
import { FarsightError, parseAddress, parseAddressSet } from '@farsight/common';
import { connectSsh } from '@farsight/scanner/auth/ssh-session';
import { KnownHosts } from '@farsight/scanner/auth/known-hosts';
import { Secret } from '@farsight/scanner/auth/secret';
import type { PublicAccount, SecretAccount } from './credentials-model.ts';

/** Services a console can test today. */
export const TESTABLE_SERVICES = ['ssh', 'ssh-key'] as const;

/** Deadline of one test login (connect + key exchange + authentication), ms. */
export const DEFAULT_TEST_TIMEOUT_MS = 10_000;

/** What one test login found. */
export interface LoginResult {
  outcome: 'success' | 'badcredential' | 'unavailable' | 'timedout' | 'error' | 'elevation-failed';
  detail: string;
  method?: 'password' | 'publickey';
  hostKey?: string;
}

/** Presents the credential to `host:port` over SSH; never throws for a failed login (only for bad input). */
export async function trySshLogin(opts: { dataDir: string; host: string; port: number; account: PublicAccount; secret: SecretAccount; timeoutMs?: number; name: string }): Promise<LoginResult> {
  try {
    parseAddress(opts.host);
  } catch (e) {
    throw new FarsightError('INVALID_ARGUMENT', `host '${opts.host}' is not an IP address; give the address the engine would log in to`, { cause: e });
  }
  const user = opts.account.username;
  if (!user) throw new FarsightError('INVALID_ARGUMENT', `credential '${opts.name}' has no username; set account.username`);
  const knownHosts = await KnownHosts.open(join(opts.dataDir, 'ssh_known_hosts'));
  const credential = {
    name: opts.name, user, port: opts.port, targets: [opts.host], scope: parseAddressSet([opts.host]),
    ...(opts.secret.password && opts.account.service === 'ssh' ? { password: new Secret(opts.secret.password) } : {}),
    ...(opts.secret.pemKey ? { privateKey: new Secret(opts.secret.pemKey) } : {}),
    ...(opts.secret.privateKeyPassword ? { passphrase: new Secret(opts.secret.privateKeyPassword) } : {}),
  };
  const r = await connectSsh({ address: opts.host, credential, knownHosts, timeoutMs: opts.timeoutMs ?? DEFAULT_TEST_TIMEOUT_MS });
  await knownHosts.flush().catch(() => undefined);
  if ('ok' in r) return { outcome: r.outcome, detail: r.detail, ...(r.hostKey ? { hostKey: r.hostKey } : {}) };
  const out: LoginResult = { outcome: 'success', detail: `logged in to ${opts.host}:${opts.port} as ${user} (${r.method})`, method: r.method, hostKey: r.hostKey };
  r.close();
  return out;
}
