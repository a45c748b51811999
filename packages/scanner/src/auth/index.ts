/**
 * Authenticated (SSH) scanning: credentials, host-key pinning, collection with fixed
 * commands, and advisory matching. See docs/authenticated-scanning.md.
 */
export * from './types.ts';
export { Secret } from './secret.ts';
export { loadCredentialsFile, credentialsFromEnv, parseCredentials, credentialsFor, CREDENTIAL_ENV } from './credentials.ts';
export type { ResolvedNameScope, SshCredential } from './credentials.ts';
export { KnownHosts, defaultKnownHostsPath, keyFingerprint, parseKnownHosts } from './known-hosts.ts';
export { authScanHost, coverage, redact } from './auth-scan.ts';
export type { AuthScanConfig, AuthScanResult } from './auth-scan.ts';
export { matchInventory } from './match.ts';
export type { MatchResult } from './match.ts';
export type { CollectLimits } from './collect.ts';
