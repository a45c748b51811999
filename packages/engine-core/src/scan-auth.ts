/**
 * Console credentials → the scanner's authenticated scanning (protocol 1.2). A scan.start's
 * credentials live in engine memory only (never in the spool); each becomes an SshCredential
 * whose scope is the scan's targets ∩ its host restriction − the scan's exclusions, so it can
 * never be presented to any other address. A target host name admits the address the scan
 * resolved it to (once, in its scope guard), still inside the restriction and the exclusions. Outcomes are summarised for the host result.
 */
import { AddressSet, parseAddressSet, toFarsightError } from '@farsight/common';
import type { HostAuthMessage, ScanCredential } from '@farsight/engine-protocol';
import type { AuthScanConfig, SshCredential } from '@farsight/scanner/auth/index';
import type { HostAuthResult } from '@farsight/scanner/auth/types';
import type { OsvAdvisory } from '@farsight/content/osv/index';

/** An address set that holds an address only when every `inside` set does and `outside` does not. */
export class IntersectionSet extends AddressSet {
  readonly #inside: readonly AddressSet[];
  readonly #outside: AddressSet;

  constructor(inside: readonly AddressSet[], outside: AddressSet) {
    super([], [], new Map(), inside.flatMap((s) => s.tokens));
    this.#inside = inside;
    this.#outside = outside;
  }

  override get isEmpty(): boolean { return this.#inside.length === 0 || this.#inside.some((s) => !s.hasAddresses); }
  override get hasAddresses(): boolean { return !this.isEmpty; }

  override match(address: string): string | undefined {
    const first = this.#inside[0];
    if (!first || this.#outside.has(address)) return undefined;
    for (const s of this.#inside) if (!s.has(address)) return undefined;
    return this.#inside[this.#inside.length - 1]?.match(address);
  }

  override has(address: string): boolean { return this.match(address) !== undefined; }

  override hasName(): boolean { return false; }

  /**
   * A host the scan reached through `hostname` (resolved once by its scope guard): every
   * inside set must hold the name or the address (targets list names; a restriction is
   * addresses), and the exclusions neither.
   */
  admitsResolved(address: string, hostname: string): boolean {
    if (this.#inside.length === 0 || this.#outside.has(address) || this.#outside.hasName(hostname)) return false;
    return this.#inside.every((s) => s.has(address) || s.hasName(hostname));
  }
}

/** The scan fields that bound where a credential may go. */
export interface CredentialScanScope { targets: readonly string[]; exclusions: readonly string[] }

/**
 * The scanner credentials of a scan (file order kept). A credential whose host restriction
 * does not parse is left out with a warning (it is never widened to the whole scan).
 */
export async function toSshCredentials(credentials: readonly ScanCredential[], scope: CredentialScanScope): Promise<{ credentials: SshCredential[]; warnings: string[] }> {
  const { Secret } = await import('@farsight/scanner/auth/secret');
  const targets = parseAddressSet(scope.targets);
  const exclusions = parseAddressSet(scope.exclusions);
  const out: SshCredential[] = [];
  const warnings: string[] = [];
  for (const c of credentials) {
    let restriction: AddressSet | undefined;
    if (c.hostRestriction !== undefined) {
      try { restriction = parseAddressSet([c.hostRestriction]); } catch (e) {
        warnings.push(`${c.name}: host restriction '${c.hostRestriction}' is not an address, range or CIDR (${toFarsightError(e).message}); the credential is not used`);
        continue;
      }
      if (!restriction.hasAddresses) {
        warnings.push(`${c.name}: host restriction '${c.hostRestriction}' is a host name; scans apply address, range or CIDR restrictions only, so the credential is not used`);
        continue;
      }
    }
    out.push({
      name: c.name, user: c.user, port: c.port,
      targets: c.hostRestriction !== undefined ? [c.hostRestriction] : [...scope.targets],
      scope: new IntersectionSet(restriction ? [targets, restriction] : [targets], exclusions),
      ...(c.password !== undefined ? { password: new Secret(c.password) } : {}),
      ...(c.privateKey !== undefined ? { privateKey: new Secret(c.privateKey) } : {}),
      ...(c.passphrase !== undefined ? { passphrase: new Secret(c.passphrase) } : {}),
      ...(c.elevation ? { elevation: { method: c.elevation.method, ...(c.elevation.password !== undefined ? { password: new Secret(c.elevation.password) } : {}) } } : {}),
    });
  }
  return { credentials: out, warnings };
}

/** Builds the AuthScanConfig of a scan: known hosts pinned in `knownHostsPath`, the engine's advisories. */
export async function scanAuthConfig(credentials: SshCredential[], knownHostsPath: string, advisories: () => Promise<readonly OsvAdvisory[]>): Promise<AuthScanConfig> {
  const { KnownHosts } = await import('@farsight/scanner/auth/index');
  return { credentials, knownHosts: await KnownHosts.open(knownHostsPath), advisories: await advisories() };
}

/** The protocol summary of a host's auth outcome; `ids` maps credential names to console ids. */
export function summariseAuth(auth: HostAuthResult, ids: ReadonlyMap<string, number>): HostAuthMessage {
  const inv = auth.inventory;
  const id = auth.credential !== undefined ? ids.get(auth.credential) : undefined;
  return {
    outcome: auth.outcome, port: auth.port, detail: auth.detail.slice(0, 4000), durationMs: Math.max(0, Math.round(auth.durationMs)),
    ...(id !== undefined ? { credentialId: id } : {}),
    ...(auth.credential !== undefined ? { credential: auth.credential.slice(0, 256) } : {}),
    ...(auth.user !== undefined ? { user: auth.user.slice(0, 256) } : {}),
    ...(auth.method ? { method: auth.method } : {}),
    ...(auth.elevation ? { elevation: auth.elevation } : {}),
    ...(auth.hostKey ? { hostKey: auth.hostKey.slice(0, 256) } : {}),
    ...(inv ? { packages: inv.packages.length } : {}),
    ...(inv?.os ? { os: { id: inv.os.id.slice(0, 256), ...(inv.os.versionId ? { versionId: inv.os.versionId.slice(0, 256) } : {}), ...(inv.os.prettyName ? { prettyName: inv.os.prettyName.slice(0, 256) } : {}) } } : {}),
    ...(inv?.ecosystem ? { ecosystem: inv.ecosystem.slice(0, 256) } : {}),
    ...(inv?.kernel?.release ? { kernel: inv.kernel.release.slice(0, 256) } : {}),
  };
}
