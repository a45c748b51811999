/**
 * Cloud-image scope (pure): an engine started with allowed networks (its VPC CIDRs) refuses a
 * scan whose literal targets fall outside them, naming the first few. Hostnames cannot be
 * judged before they resolve; the scanner's scope (`allow`) skips any that resolve outside.
 */
import { FarsightError, parseAddressSet, parseTargetList, type AddressSet } from '@farsight/common';

/** Hosts looked at before leaving the rest to the scanner's per-address scope. */
const MAX_CHECKED = 1_048_576;

/** Parses allowed networks (CIDRs, ranges, addresses; no hostnames); INVALID_ARGUMENT naming the bad one. */
export function parseAllowedNetworks(tokens: readonly string[]): AddressSet {
  if (tokens.length === 0) throw new FarsightError('INVALID_ARGUMENT', 'no allowed networks given; set FARSIGHT_ENGINE_ALLOWED_CIDRS to the CIDRs this engine may scan (e.g. 127.9.0.0/16)');
  const set = parseAddressSet(tokens);
  for (const t of tokens) {
    if (!parseAddressSet([t]).hasAddresses) throw new FarsightError('INVALID_ARGUMENT', `allowed network '${t}' is not an address, CIDR or range; hostnames cannot bound a cloud engine's scope`);
  }
  return set;
}

/** Literal targets outside `allowed` (at most `limit`, in target order). */
export function targetsOutside(targets: readonly string[], allowed: AddressSet, limit = 5): string[] {
  const out: string[] = [];
  let n = 0;
  for (const item of parseTargetList(targets).items()) {
    if (++n > MAX_CHECKED || out.length >= limit) break;
    if (item.kind === 'address' && !allowed.has(item.address)) out.push(item.address);
  }
  return out;
}

/** The refusal text for a scan with targets outside the allowed networks. */
export function outsideMessage(outside: readonly string[], allowed: AddressSet): string {
  const nets = allowed.tokens.length <= 5 ? allowed.tokens.join(', ') : `${allowed.tokens.slice(0, 5).join(', ')}, …`;
  return `this cloud engine scans only inside ${nets}; target(s) ${outside.join(', ')}${outside.length >= 5 ? ' and possibly more' : ''} are outside. Scan them from another engine or widen FARSIGHT_ENGINE_ALLOWED_CIDRS`;
}
