/** Targets: parsing of addresses, CIDRs, ranges, hostnames and target files; exclusions and scope. */
export { canonicalAddress, isLoopback, formatAddress, parseAddress } from './address.ts';
export type { Address } from './address.ts';
export { parseTargetList, TargetList } from './target-list.ts';
export type { TargetItem } from './target-list.ts';
export { parseTargetToken, splitTargetTokens, DEFAULT_MAX_ADDRESSES, DEFAULT_MAX_IPV6_ADDRESSES } from './token.ts';
export type { TargetParseOptions, TargetSpec, Piece } from './token.ts';
export { AddressSet, parseAddressSet } from './address-set.ts';
export { Scope } from './scope.ts';
export type { ScopeVerdict } from './scope.ts';
export { parseTargetFileText } from './target-file-text.ts';
export { readTargetFile, expandTargetFiles, MAX_TARGET_FILE_BYTES } from './read-target-file.ts';
export { normaliseHostname } from './hostname.ts';
