/**
 * SSH credentials for authenticated scans: read from a JSON credentials file
 * (`--credentials FILE`) or from FARSIGHT_SSH_* environment variables — never from the
 * command line, where other users can read them in the process list. Every credential names
 * the hosts/CIDRs it may be presented to (`targets`); `credentialsFor` never returns one for
 * any other address. Secrets are wrapped in `Secret` so they never print.
 */
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FarsightError, parseAddressSet } from '@farsight/common';
import type { AddressSet } from '@farsight/common';
import { Secret } from './secret.ts';
import type { ElevationMethod } from './types.ts';

/** Largest credentials file read. */
const MAX_FILE_BYTES = 1024 * 1024;

/** One SSH credential, validated and scoped. */
export interface SshCredential {
  name: string;
  user: string;
  port: number;
  password?: Secret;
  privateKey?: Secret;
  passphrase?: Secret;
  elevation?: { method: ElevationMethod; password?: Secret };
  /** The target tokens as written (for messages). */
  targets: string[];
  /** Where this credential may be presented. */
  scope: AddressSet;
}

const targetsSchema = z.array(z.string().min(1).max(256)).min(1, 'give at least one address or CIDR the credential may be used on').max(10_000);

const entrySchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  targets: targetsSchema,
  user: z.string().min(1).max(256).regex(/^[^\s:@/]+$/, 'a user name has no spaces, ":", "@" or "/"'),
  port: z.number().int().min(1).max(65535).default(22),
  password: z.string().min(1).max(4096).optional(),
  privateKey: z.string().min(1).max(64 * 1024).optional(),
  privateKeyFile: z.string().min(1).max(4096).optional(),
  passphrase: z.string().min(1).max(4096).optional(),
  elevation: z.strictObject({
    method: z.enum(['sudo', 'su']),
    password: z.string().min(1).max(4096).optional(),
  }).optional(),
}).refine((c) => c.password !== undefined || c.privateKey !== undefined || c.privateKeyFile !== undefined, {
  message: 'a credential needs password, privateKey or privateKeyFile',
});

const fileSchema = z.strictObject({ ssh: z.array(entrySchema).min(1).max(1000) });

type Entry = z.infer<typeof entrySchema>;

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(top level)';
}

async function toCredential(e: Entry, index: number, where: string): Promise<SshCredential> {
  let scope: AddressSet;
  try {
    scope = parseAddressSet(e.targets);
  } catch (err) {
    throw new FarsightError('CREDENTIALS_INVALID', `${where}: ssh[${index}].targets: ${(err as Error).message}`, { cause: err });
  }
  let privateKey = e.privateKey;
  if (e.privateKeyFile !== undefined) {
    // JSON has no shell to expand `~/`: do it here, as users write it.
    const path = e.privateKeyFile.startsWith('~/') ? join(homedir(), e.privateKeyFile.slice(2)) : e.privateKeyFile;
    try {
      privateKey = await readFile(path, 'utf8');
    } catch (err) {
      throw new FarsightError('CREDENTIALS_INVALID', `${where}: ssh[${index}].privateKeyFile: cannot read ${e.privateKeyFile}${path !== e.privateKeyFile ? ` (${path})` : ''}: ${(err as NodeJS.ErrnoException).code ?? 'error'}; check the path`, { cause: err });
    }
  }
  return {
    name: e.name ?? `ssh[${index}]`,
    user: e.user,
    port: e.port,
    targets: e.targets,
    scope,
    ...(e.password !== undefined ? { password: new Secret(e.password) } : {}),
    ...(privateKey !== undefined ? { privateKey: new Secret(privateKey) } : {}),
    ...(e.passphrase !== undefined ? { passphrase: new Secret(e.passphrase) } : {}),
    ...(e.elevation ? { elevation: { method: e.elevation.method, ...(e.elevation.password !== undefined ? { password: new Secret(e.elevation.password) } : {}) } } : {}),
  };
}

/** Validates parsed credentials JSON (`{ "ssh": [ … ] }`); errors name the field, never a value. */
export async function parseCredentials(json: unknown, where = 'credentials'): Promise<SshCredential[]> {
  const r = fileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new FarsightError('CREDENTIALS_INVALID', `${where}: field ${issue ? pathText(issue.path) : '(top level)'}: ${issue?.message ?? 'invalid'}. See docs/authenticated-scanning.md for the format.`);
  }
  return Promise.all(r.data.ssh.map((e, i) => toCredential(e, i, where)));
}

/** Reads a credentials file; `warnings` gets a line when the file is readable by group or others. */
export async function loadCredentialsFile(path: string, warnings: string[] = []): Promise<SshCredential[]> {
  let text: string;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTFILE' });
    if (st.size > MAX_FILE_BYTES) throw Object.assign(new Error('too large'), { code: 'EFBIG' });
    if ((st.mode & 0o077) !== 0) warnings.push(`credentials file ${path} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 ${path}`);
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new FarsightError('CREDENTIALS_INVALID', `cannot read credentials file ${path} (${code}); give a readable JSON file of at most ${MAX_FILE_BYTES} bytes`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote the file's text, which holds secrets: say only where.
    throw new FarsightError('CREDENTIALS_INVALID', `credentials file ${path} is not valid JSON; see docs/authenticated-scanning.md for the format`);
  }
  return parseCredentials(json, path);
}

/** The FARSIGHT_SSH_* variables `credentialsFromEnv` reads. */
export const CREDENTIAL_ENV = {
  user: 'FARSIGHT_SSH_USER',
  password: 'FARSIGHT_SSH_PASSWORD',
  keyFile: 'FARSIGHT_SSH_KEY_FILE',
  passphrase: 'FARSIGHT_SSH_KEY_PASSPHRASE',
  port: 'FARSIGHT_SSH_PORT',
  targets: 'FARSIGHT_SSH_TARGETS',
  elevation: 'FARSIGHT_SSH_ELEVATION',
  elevationPassword: 'FARSIGHT_SSH_ELEVATION_PASSWORD',
} as const;

/** One credential from the environment, or none when FARSIGHT_SSH_USER is unset. */
export async function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SshCredential[]> {
  const user = env[CREDENTIAL_ENV.user];
  if (user === undefined || user === '') return [];
  const targets = (env[CREDENTIAL_ENV.targets] ?? '').split(/[\s,]+/).filter((t) => t !== '');
  if (targets.length === 0) {
    throw new FarsightError('CREDENTIALS_INVALID', `${CREDENTIAL_ENV.user} is set but ${CREDENTIAL_ENV.targets} is not: name the addresses/CIDRs the credential may be used on, e.g. ${CREDENTIAL_ENV.targets}=127.7.0.0/16`);
  }
  const port = env[CREDENTIAL_ENV.port];
  if (port !== undefined && !/^\d{1,5}$/.test(port)) {
    throw new FarsightError('CREDENTIALS_INVALID', `${CREDENTIAL_ENV.port}='${port.slice(0, 20)}' is not a port number; give 1-65535`);
  }
  const method = env[CREDENTIAL_ENV.elevation];
  if (method !== undefined && method !== '' && method !== 'sudo' && method !== 'su') {
    throw new FarsightError('CREDENTIALS_INVALID', `${CREDENTIAL_ENV.elevation}='${method.slice(0, 20)}' is not sudo or su`);
  }
  const entry: Record<string, unknown> = { name: 'environment', user, targets };
  if (port !== undefined) entry.port = Number(port);
  if (env[CREDENTIAL_ENV.password]) entry.password = env[CREDENTIAL_ENV.password];
  if (env[CREDENTIAL_ENV.keyFile]) entry.privateKeyFile = env[CREDENTIAL_ENV.keyFile];
  if (env[CREDENTIAL_ENV.passphrase]) entry.passphrase = env[CREDENTIAL_ENV.passphrase];
  if (method) entry.elevation = { method, ...(env[CREDENTIAL_ENV.elevationPassword] ? { password: env[CREDENTIAL_ENV.elevationPassword] } : {}) };
  return parseCredentials({ ssh: [entry] }, 'environment (FARSIGHT_SSH_*)');
}

/**
 * A credential scope that judges a host reached through a host name: the engine's scopes
 * (scan targets ∩ restriction − exclusions) need the name for the targets and the resolved
 * address for the restriction and the exclusions.
 */
export interface ResolvedNameScope {
  admitsResolved(address: string, hostname: string): boolean;
}

function admitsByName(scope: AddressSet, address: string, hostname: string): boolean {
  const s = scope as AddressSet & Partial<ResolvedNameScope>;
  return typeof s.admitsResolved === 'function' ? s.admitsResolved(address, hostname) : scope.hasName(hostname);
}

/**
 * The credentials that may be presented to `address` (canonical), in file order. `hostnames`
 * are the target names this scan resolved to the address (`HostResult.hostnames`, from the
 * scope guard's one lookup — never reverse DNS): a credential scoped to such a name applies to
 * the address the scan dials, and nowhere else.
 */
export function credentialsFor(credentials: readonly SshCredential[], address: string, hostnames: readonly string[] = []): SshCredential[] {
  return credentials.filter((c) => c.scope.has(address) || hostnames.some((n) => admitsByName(c.scope, address, n)));
}
