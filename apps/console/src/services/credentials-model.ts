/**
 * The credential account model (InsightVM v3 `SharedCredentialAccount`): which services exist,
 * which account fields are secrets (sealed at rest, never returned) and which fields each
 * service needs. Pure: no I/O, table-tested.
 */
import { FarsightError } from '@farsight/common';

/** The v3 credential services (`SiteSharedCredential.service`). */
export const CREDENTIAL_SERVICES = [
  'as400', 'cifs', 'cifshash', 'cvs', 'db2', 'ftp', 'http', 'ms-sql', 'mysql', 'notes', 'oracle', 'pop',
  'postgresql', 'remote-exec', 'snmp', 'snmpv3', 'ssh', 'ssh-key', 'sybase', 'telnet', 'kerberos', 'hana',
] as const;

/** One v3 credential service. */
export type CredentialService = (typeof CREDENTIAL_SERVICES)[number];

/** Account fields that are secrets: sealed with the master key and omitted from every response. */
export const SECRET_FIELDS = [
  'password', 'ntlmHash', 'pemKey', 'privateKeyPassword', 'permissionElevationPassword',
  'privacyPassword', 'notesIDPassword', 'oracleListenerPassword', 'communityName',
] as const;

/** Account fields that are stored in the clear and returned. */
export const PUBLIC_FIELDS = [
  'service', 'username', 'domain', 'realm', 'database', 'sid', 'authenticationType', 'privacyType',
  'permissionElevation', 'permissionElevationUsername', 'useWindowsAuthentication', 'enumerateSids',
] as const;

/** A secret field name. */
export type SecretField = (typeof SECRET_FIELDS)[number];

/** The non-secret part of an account, as stored and returned. */
export interface PublicAccount {
  service: CredentialService;
  username?: string;
  domain?: string;
  realm?: string;
  database?: string;
  sid?: string;
  authenticationType?: string;
  privacyType?: string;
  permissionElevation?: string;
  permissionElevationUsername?: string;
  useWindowsAuthentication?: boolean;
  enumerateSids?: boolean;
}

/** The secret part of an account, as sealed. */
export type SecretAccount = Partial<Record<SecretField, string>>;

/** Permission elevation methods InsightVM offers for SSH. */
export const PERMISSION_ELEVATIONS = ['none', 'sudo', 'sudosu', 'su', 'pbrun', 'privileged-exec'] as const;

/** Fields each service needs, as alternatives: every field of at least one group must be present. */
const REQUIRED: Record<CredentialService, readonly (readonly string[])[]> = {
  as400: [['username', 'password']], cifs: [['username', 'password']], cifshash: [['username', 'ntlmHash']],
  cvs: [['username', 'password']], db2: [['username', 'password']], ftp: [['username', 'password']],
  http: [['username', 'password']], 'ms-sql': [['username', 'password']], mysql: [['username', 'password']],
  notes: [['notesIDPassword']], oracle: [['username', 'password']], pop: [['username', 'password']],
  postgresql: [['username', 'password']], 'remote-exec': [['username', 'password']], snmp: [['communityName']],
  snmpv3: [['username', 'authenticationType']], ssh: [['username', 'password']], 'ssh-key': [['username', 'pemKey']],
  sybase: [['username', 'password']], telnet: [['username', 'password']], kerberos: [['username', 'password']],
  hana: [['username', 'password']],
};

/** True when `s` is a known credential service. */
export function isCredentialService(s: string): s is CredentialService {
  return (CREDENTIAL_SERVICES as readonly string[]).includes(s);
}

/**
 * Splits a v3 account object into its public and secret parts, dropping unknown fields.
 * Throws INVALID_ARGUMENT naming the field when the service is unknown or a field has the wrong type.
 */
export function splitAccount(account: Record<string, unknown>): { pub: PublicAccount; secret: SecretAccount } {
  const service = account.service;
  if (typeof service !== 'string' || !isCredentialService(service)) {
    throw new FarsightError('INVALID_ARGUMENT', `account.service '${String(service)}' is not a credential service; use one of: ${CREDENTIAL_SERVICES.join(', ')}`);
  }
  const pub: Record<string, unknown> = { service };
  for (const f of PUBLIC_FIELDS) {
    const v = account[f];
    if (f === 'service' || v === undefined || v === null) continue;
    const wantBool = f === 'useWindowsAuthentication' || f === 'enumerateSids';
    if (wantBool ? typeof v !== 'boolean' : typeof v !== 'string') {
      throw new FarsightError('INVALID_ARGUMENT', `account.${f} must be a ${wantBool ? 'boolean' : 'string'}`);
    }
    pub[f] = v;
  }
  const secret: SecretAccount = {};
  for (const f of SECRET_FIELDS) {
    const v = account[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new FarsightError('INVALID_ARGUMENT', `account.${f} must be a string`);
    secret[f] = v;
  }
  if (pub.permissionElevation !== undefined && !(PERMISSION_ELEVATIONS as readonly string[]).includes(pub.permissionElevation as string)) {
    throw new FarsightError('INVALID_ARGUMENT', `account.permissionElevation '${String(pub.permissionElevation)}' is not one of ${PERMISSION_ELEVATIONS.join(', ')}`);
  }
  return { pub: pub as unknown as PublicAccount, secret };
}

/** Throws INVALID_ARGUMENT naming the missing fields when the account lacks what its service needs. */
export function assertAccountComplete(pub: PublicAccount, secret: SecretAccount): void {
  const has = (f: string): boolean => {
    const v = (pub as unknown as Record<string, unknown>)[f] ?? secret[f as SecretField];
    return typeof v === 'string' ? v !== '' : v !== undefined;
  };
  const groups = REQUIRED[pub.service];
  if (groups.some((g) => g.every(has))) return;
  const missing = (groups[0] ?? []).filter((f) => !has(f));
  throw new FarsightError('INVALID_ARGUMENT', `a '${pub.service}' credential needs account.${missing.join(' and account.')}`);
}

/**
 * Merges an update into a stored account: secrets the update omits are kept (responses never
 * carry them, so a read-modify-write client cannot send them back), unless the service changed.
 */
export function mergeSecrets(oldService: CredentialService, oldSecret: SecretAccount, pub: PublicAccount, secret: SecretAccount): SecretAccount {
  return pub.service === oldService ? { ...oldSecret, ...secret } : secret;
}
