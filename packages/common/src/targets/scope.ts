/**
 * Scope: the last word on whether packets may go to an address. It canonicalises what it is
 * given (so ::ffff:127.0.0.5 is judged as 127.0.0.5) and fails closed on anything that is not
 * an address.
 */
import { FarsightError } from '../errors.ts';
import { canonicalAddress } from './address.ts';
import { AddressSet } from './address-set.ts';

function summarise(tokens: readonly string[]): string {
  if (tokens.length === 0) return 'empty allow-list';
  return tokens.length <= 3 ? tokens.join(',') : `${tokens.slice(0, 3).join(',')},… (${tokens.length} entries)`;
}

/** The verdict of a scope check. */
export type ScopeVerdict = { allowed: true } | { allowed: false; reason: string };

/** Exclusions (always win) and an optional allow-list of addresses. */
export class Scope {
  readonly exclude: AddressSet;
  readonly allow: AddressSet | undefined;

  /** Throws INVALID_ARGUMENT when the allow-list holds hostnames: scope is judged on resolved addresses. */
  constructor(options: { exclude?: AddressSet; allow?: AddressSet } = {}) {
    this.exclude = options.exclude ?? AddressSet.empty();
    this.allow = options.allow;
    if (this.allow && !this.allow.isEmpty && !this.allow.hasAddresses) {
      throw new FarsightError('INVALID_ARGUMENT', `allow-list '${summarise(this.allow.tokens)}' holds only hostnames; an allow-list is judged on resolved addresses, so list addresses, CIDRs or ranges`);
    }
  }

  /** Judges one address (any literal form); never throws. */
  check(address: string): ScopeVerdict {
    let canonical: string;
    try {
      canonical = canonicalAddress(address);
    } catch (e) {
      return { allowed: false, reason: `'${address}' is not a canonical address: ${e instanceof Error ? e.message : String(e)}` };
    }
    const excludedBy = this.exclude.match(canonical);
    if (excludedBy !== undefined) return { allowed: false, reason: `${canonical} is excluded by '${excludedBy}'` };
    if (this.allow && !this.allow.has(canonical)) {
      return { allowed: false, reason: `${canonical} is outside the allowed scope (${summarise(this.allow.tokens)})` };
    }
    return { allowed: true };
  }

  /** Judges a hostname before resolving it: only exclusions by name apply. */
  checkName(name: string): ScopeVerdict {
    if (this.exclude.hasName(name)) return { allowed: false, reason: `hostname ${name.toLowerCase()} is excluded` };
    return { allowed: true };
  }

  /** Throws TARGET_OUT_OF_SCOPE unless the address is allowed. */
  assert(address: string): void {
    const verdict = this.check(address);
    if (!verdict.allowed) throw new FarsightError('TARGET_OUT_OF_SCOPE', `target ${address} is out of scope: ${verdict.reason}; nothing was sent to it`);
  }
}
