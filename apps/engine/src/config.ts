/**
 * Engine settings from flags, a pairing file and the environment (flags win, then the file,
 * then the environment). Pairing settings: console host, port (default 40815), shared secret,
 * console CA fingerprint — `FARSIGHT_CONSOLE_HOST|PORT|SECRET|CA_FINGERPRINT`, also accepted as
 * `NEXPOSE_CONSOLE_*`. The pairing file has the same `NAME=value` lines. Pure: the caller reads files.
 */
import { isIP } from 'node:net';
import { FarsightError } from '@farsight/common';
import { normalizeFingerprint } from './console-trust.ts';
import { CONSOLE_ENGINE_PORT, type PairingConfig } from './engine.ts';

/** Pairing inputs as given (any may be missing). */
export interface PairingInput { host?: string; port?: string | number; secret?: string; caFingerprint?: string }

const KEYS: Record<keyof PairingInput, string> = { host: 'HOST', port: 'PORT', secret: 'SECRET', caFingerprint: 'CA_FINGERPRINT' };

/** Reads `NAME=value` lines (comments with #, blank lines ignored) of a pairing file. */
export function parsePairingFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Z_][A-Z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new FarsightError('ENGINE_CONFIG_INVALID', `pairing file line ${i + 1}: expected NAME=value, got '${line.slice(0, 80)}'`);
    out[m[1] as string] = (m[2] as string).replace(/^"(.*)"$/, '$1');
  }
  return out;
}

function fromVars(vars: Record<string, string | undefined>): PairingInput {
  const out: PairingInput = {};
  for (const [k, suffix] of Object.entries(KEYS) as Array<[keyof PairingInput, string]>) {
    const v = vars[`FARSIGHT_CONSOLE_${suffix}`] ?? vars[`NEXPOSE_CONSOLE_${suffix}`];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}

/**
 * Merges flags over the file over the environment. Returns undefined when no pairing is asked
 * for (no host and no secret); throws ENGINE_CONFIG_INVALID naming what is missing or wrong.
 */
export function resolvePairing(flags: PairingInput, fileVars: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): PairingConfig | undefined {
  const m: PairingInput = { ...fromVars(env), ...fromVars(fileVars), ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined && v !== '')) };
  if (m.host === undefined && m.secret === undefined) return undefined;
  const missing = (['host', 'secret', 'caFingerprint'] as const).filter((k) => m[k] === undefined);
  if (missing.length > 0) {
    throw new FarsightError('ENGINE_CONFIG_INVALID', `pairing needs ${missing.map((k) => `--console-${k === 'caFingerprint' ? 'ca-fingerprint' : k} (FARSIGHT_CONSOLE_${KEYS[k]})`).join(' and ')}; \`farsight engines secret create\` on the console prints all three`);
  }
  const host = String(m.host);
  if (!isIP(host) && !/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/.test(host)) throw new FarsightError('ENGINE_CONFIG_INVALID', `console host '${host.slice(0, 80)}' is not an IP address or host name`);
  const port = m.port === undefined ? CONSOLE_ENGINE_PORT : Number(m.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new FarsightError('ENGINE_CONFIG_INVALID', `console port '${String(m.port)}' must be an integer from 1 to 65535`);
  const fp = normalizeFingerprint(String(m.caFingerprint));
  if (!/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(fp)) throw new FarsightError('ENGINE_CONFIG_INVALID', 'the console CA fingerprint must be a SHA-256 fingerprint (64 hex digits, colons optional); the console prints it with the secret');
  const secret = String(m.secret).trim();
  if (secret.length < 8 || secret.length > 256) throw new FarsightError('ENGINE_CONFIG_INVALID', 'the shared secret must be 8 to 256 characters (as the console printed it)');
  return { host, port, secret, caFingerprint: fp };
}
