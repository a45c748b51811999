/**
 * Authenticated scanning of one host: pick the credentials whose scope holds the address,
 * log in (host key pinned on first use), elevate when asked, collect the inventory and match
 * advisories. Produces `hosts[].auth` and the local findings. Also the login-only path of
 * `farsight credentials test`.
 */
import { hostEcosystem } from '@farsight/content/osv/index';
import type { OsvAdvisory } from '@farsight/content/osv/index';
import type { Finding } from '../checks/types.ts';
import { checkElevation, collectInventory, commandRunner } from './collect.ts';
import type { CollectLimits } from './collect.ts';
import { credentialsFor } from './credentials.ts';
import type { SshCredential } from './credentials.ts';
import type { KnownHosts } from './known-hosts.ts';
import { matchInventory } from './match.ts';
import { connectSsh } from './ssh-session.ts';
import type { HostAuthResult } from './types.ts';

/** Everything authenticated scanning needs, shared by all hosts of a scan. */
export interface AuthScanConfig {
  credentials: SshCredential[];
  knownHosts: KnownHosts;
  advisories: readonly OsvAdvisory[];
  /** Deadline for connect + handshake + login (default 15 s). */
  connectTimeoutMs?: number;
  limits?: CollectLimits;
}

/** The auth result of one host and its local findings. */
export interface AuthScanResult {
  auth: HostAuthResult;
  findings: Finding[];
}

/** Replaces every secret of the credential that occurs in `text` (defence in depth for details). */
export function redact(text: string, c: SshCredential): string {
  let out = text;
  for (const s of [c.password, c.passphrase, c.elevation?.password]) {
    const v = s?.reveal();
    if (v && v.length >= 1) out = out.split(v).join('[secret]');
  }
  return out;
}

function hostKeyFinding(address: string, port: number, detail: string): Finding {
  return {
    id: 'farsight-ssh-host-key-changed', title: 'SSH host key changed since it was pinned; credentials were not sent',
    severity: 'high', cves: [], port, protocol: 'tcp', proof: detail.slice(0, 400), confidence: 'high', verdict: 'potential',
    rule: 'auth:host-key-pinning', instance: '',
  };
}

/**
 * Logs in to `address` with each in-scope credential in turn (the next one only after a
 * rejected login) and, unless `loginOnly`, collects and matches. `hostnames` are the target
 * names the scan resolved to this address (see `credentialsFor`). Undefined when no credential
 * may be presented to the address — then nothing was sent.
 */
export async function authScanHost(address: string, config: AuthScanConfig, loginOnly = false, hostnames: readonly string[] = []): Promise<AuthScanResult | undefined> {
  const inScope = credentialsFor(config.credentials, address, hostnames);
  if (inScope.length === 0) return undefined;
  const started = Date.now();
  let last: AuthScanResult | undefined;
  for (const credential of inScope) {
    const r = await withCredential(address, credential, config, loginOnly);
    r.auth.durationMs = Date.now() - started;
    r.auth.detail = redact(r.auth.detail, credential);
    if (r.auth.outcome !== 'badcredential') return r;
    last = r;
  }
  return last;
}

async function withCredential(address: string, credential: SshCredential, config: AuthScanConfig, loginOnly: boolean): Promise<AuthScanResult> {
  const base = { credential: credential.name, user: credential.user, port: credential.port, durationMs: 0 };
  const s = await connectSsh({ address, credential, knownHosts: config.knownHosts, timeoutMs: config.connectTimeoutMs ?? 15_000 });
  if ('ok' in s) {
    const auth: HostAuthResult = { ...base, outcome: s.outcome, detail: s.detail, ...(s.hostKey ? { hostKey: s.hostKey } : {}) };
    return { auth, findings: s.hostKeyChanged ? [hostKeyFinding(address, credential.port, s.detail)] : [] };
  }
  try {
    const auth: HostAuthResult = { ...base, outcome: 'success', method: s.method, hostKey: s.hostKey, detail: `logged in as ${credential.user} (${s.method})` };
    const limits = config.limits ?? {};
    let run = commandRunner(s, limits);
    if (credential.elevation) {
      auth.elevation = credential.elevation.method;
      const elevated = commandRunner(s, limits, credential.elevation);
      const why = await checkElevation(elevated);
      if (why) {
        auth.outcome = 'elevation-failed';
        auth.detail = `logged in as ${credential.user} (${s.method}) but ${credential.elevation.method} did not give root: ${why}; collected without elevation`;
      } else {
        run = elevated;
        auth.detail += `, elevated with ${credential.elevation.method}`;
      }
    }
    if (loginOnly) return { auth, findings: [] };
    const inventory = await collectInventory(run);
    auth.inventory = inventory;
    const eco = inventory.os ? hostEcosystem(inventory.os) : undefined;
    const matched = matchInventory(inventory, eco, config.advisories);
    auth.invulnerable = matched.invulnerable;
    return { auth, findings: matched.findings };
  } finally {
    s.close();
  }
}

/** Credential coverage of a scan: hosts per outcome. */
export function coverage(results: readonly (HostAuthResult | undefined)[]): { attempted: number; success: number; outcomes: Record<string, number> } {
  const outcomes: Record<string, number> = {};
  let attempted = 0;
  for (const r of results) {
    if (!r) continue;
    attempted++;
    outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  }
  return { attempted, success: (outcomes.success ?? 0) + (outcomes['elevation-failed'] ?? 0), outcomes };
}
