/**
 * Where and how the admin CLI reaches the console: base URL, credentials, TLS trust. Resolved
 * once from flags and environment; the password is read from the environment only, never
 * from the command line (where `ps` and shell history would show it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdminError } from './errors.ts';

/** The console's default address (`farsight console` listens there by default). */
export const DEFAULT_CONSOLE_URL = 'https://127.0.0.1:3780';

/** Flags every admin command accepts. */
export interface ConnectionFlags {
  console?: string;
  user?: string;
  ca?: string;
  dataDir?: string;
  insecure?: boolean;
}

/** Credentials sent with each request. */
export type Credentials = { kind: 'api-key'; key: string } | { kind: 'basic'; user: string; password: string };

/** A resolved connection. */
export interface Connection {
  baseUrl: URL;
  credentials: Credentials;
  /** PEM CA bundle to trust (undefined: the system's trust store). */
  ca: string | undefined;
  /** Where the CA came from, for error messages. */
  caSource: string | undefined;
  insecure: boolean;
}

type Env = Record<string, string | undefined>;

/** Picks the credentials: FARSIGHT_API_KEY, else --user/FARSIGHT_USER with FARSIGHT_PASSWORD. Pure. */
export function resolveCredentials(flags: ConnectionFlags, env: Env): Credentials {
  const user = flags.user ?? env.FARSIGHT_USER;
  const key = env.FARSIGHT_API_KEY;
  if (key && !flags.user) return { kind: 'api-key', key };
  if (user) {
    const password = env.FARSIGHT_PASSWORD;
    if (!password) throw new AdminError('INVALID_ARGUMENT', `no password for user '${user}': set FARSIGHT_PASSWORD (passwords are never taken from the command line)`, 2);
    return { kind: 'basic', user, password };
  }
  throw new AdminError('INVALID_ARGUMENT', 'no console credentials: set FARSIGHT_API_KEY, or FARSIGHT_USER (or --user) and FARSIGHT_PASSWORD', 2);
}

/** Parses the console URL (https only: credentials never travel in clear). Pure. */
export function parseConsoleUrl(raw: string): URL {
  let u: URL;
  try { u = new URL(raw.includes('://') ? raw : `https://${raw}`); } catch {
    throw new AdminError('INVALID_ARGUMENT', `--console '${raw}' is not a URL; use https://HOST:PORT (default ${DEFAULT_CONSOLE_URL})`, 2);
  }
  if (u.protocol !== 'https:') throw new AdminError('INVALID_ARGUMENT', `--console '${raw}' must be an https:// URL (the console serves HTTPS only)`, 2);
  if (u.username || u.password) throw new AdminError('INVALID_ARGUMENT', '--console must not carry credentials; use FARSIGHT_API_KEY or FARSIGHT_USER/FARSIGHT_PASSWORD', 2);
  return u;
}

/** Chooses the CA file: --ca, FARSIGHT_CA, <--data-dir>/tls/ca.pem, else ./.farsight/console/tls/ca.pem when present. */
export function caFileOf(flags: ConnectionFlags, env: Env, exists: (p: string) => boolean = existsSync): string | undefined {
  if (flags.ca) return flags.ca;
  if (env.FARSIGHT_CA) return env.FARSIGHT_CA;
  const dir = flags.dataDir ?? env.FARSIGHT_DATA_DIR;
  if (dir) return join(dir, 'tls', 'ca.pem');
  const local = join('.farsight', 'console', 'tls', 'ca.pem');
  return exists(local) ? local : undefined;
}

/** Resolves flags + environment into a Connection (reads the CA file). */
export function resolveConnection(flags: ConnectionFlags, env: Env = process.env): Connection {
  const baseUrl = parseConsoleUrl(flags.console ?? env.FARSIGHT_CONSOLE_URL ?? DEFAULT_CONSOLE_URL);
  const credentials = resolveCredentials(flags, env);
  const insecure = flags.insecure === true;
  const caFile = insecure ? undefined : caFileOf(flags, env);
  let ca: string | undefined;
  if (caFile) {
    try { ca = readFileSync(caFile, 'utf8'); } catch (e) {
      throw new AdminError('INVALID_ARGUMENT', `cannot read the console CA ${caFile} (${(e as NodeJS.ErrnoException).code ?? String(e)}); pass --ca FILE or --data-dir DIR of the console`, 2);
    }
  }
  return { baseUrl, credentials, ca, caSource: caFile, insecure };
}
