/**
 * Hosted mode (`farsight engine --hosted`): a provider runs the engine for many customers'
 * consoles and serves only the consoles it authorized, by console CA fingerprint, console id
 * (the first 16 hex digits of it, as consoles.xml shows) or source IP. Every other console is
 * refused with exactly `Unauthorized console connection from: <IP>` (the console shows it as
 * `Cannot refresh scan engine (<name>): …`). This holds for consoles this engine dials itself
 * (reverse direction, console-dialer.ts) as for consoles that dial it. Authorizations live in
 * `conf/authorized-consoles.json` (0600, atomic writes) and are re-read on every connection,
 * so `farsight engine authorize-console` takes effect without a restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { canonicalAddress, FarsightError } from '@farsight/common';
import { normalizeFingerprint } from './console-trust.ts';
import type { ConsolePolicy } from './engine-listener.ts';
import { writeFileAtomic } from './files.ts';

/** What an authorization names. */
export type AuthorizationKind = 'fingerprint' | 'id' | 'ip';

/** One authorized console. */
export interface Authorization { kind: AuthorizationKind; value: string; addedAt: string }

const fileSchema = z.object({
  version: z.literal(1),
  authorized: z.array(z.object({ kind: z.enum(['fingerprint', 'id', 'ip']), value: z.string().min(1).max(200), addedAt: z.string().max(64) })).max(10_000),
});

/** Reads an operator's input: a SHA-256 fingerprint (colons optional), a 16-hex console id, or an IP address. */
export function parseAuthorization(text: string): { kind: AuthorizationKind; value: string } {
  const t = text.trim();
  if (/^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$/.test(t)) return { kind: 'fingerprint', value: normalizeFingerprint(t) };
  if (/^[0-9a-fA-F]{16}$/.test(t)) return { kind: 'id', value: t.toLowerCase() };
  if (isIP(t)) return { kind: 'ip', value: canonicalAddress(t) };
  throw new FarsightError('INVALID_ARGUMENT', `'${t.slice(0, 100)}' is not a console CA fingerprint (64 hex digits), a console id (16 hex digits, see \`farsight engine consoles list\`) or an IP address`);
}

/** True when `a` authorizes a console with this fingerprint coming from `ip` (pure). */
export function authorizes(a: Pick<Authorization, 'kind' | 'value'>, fingerprint: string, ip: string): boolean {
  if (a.kind === 'fingerprint') return a.value === normalizeFingerprint(fingerprint);
  if (a.kind === 'id') return fingerprint.replace(/:/g, '').toLowerCase().startsWith(a.value);
  try { return a.value === canonicalAddress(ip); } catch { return false; }
}

/** The authorized-consoles file of an engine. */
export class HostedAuthorizations {
  readonly file: string;

  constructor(confDir: string) {
    this.file = join(confDir, 'authorized-consoles.json');
  }

  /** Every authorization; ENGINE_CONFIG_INVALID when the file is malformed. */
  list(): Authorization[] {
    if (!existsSync(this.file)) return [];
    let json: unknown;
    try { json = JSON.parse(readFileSync(this.file, 'utf8')); } catch (e) {
      throw new FarsightError('ENGINE_CONFIG_INVALID', `${this.file} is not valid JSON (${(e as Error).message}); fix it or remove it and authorize consoles again`);
    }
    const r = fileSchema.safeParse(json);
    if (!r.success) throw new FarsightError('ENGINE_CONFIG_INVALID', `${this.file}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? 'invalid'}; fix it or remove it and authorize consoles again`);
    return r.data.authorized;
  }

  /** Authorizes a console (idempotent); returns the stored entry. */
  add(text: string, now: Date = new Date()): Authorization {
    const p = parseAuthorization(text);
    const all = this.list();
    const found = all.find((a) => a.kind === p.kind && a.value === p.value);
    if (found) return found;
    const entry = { ...p, addedAt: now.toISOString() };
    this.#write([...all, entry]);
    return entry;
  }

  /** Revokes an authorization; NOT_FOUND when there is none for that value. */
  remove(text: string): Authorization {
    const p = parseAuthorization(text);
    const all = this.list();
    const found = all.find((a) => a.kind === p.kind && a.value === p.value);
    if (!found) throw new FarsightError('NOT_FOUND', `no console is authorized as '${text.trim()}'; \`farsight engine authorize-console --list\` shows the authorizations`);
    this.#write(all.filter((a) => a !== found));
    return found;
  }

  #write(list: Authorization[]): void {
    writeFileAtomic(this.file, `${JSON.stringify({ version: 1, authorized: list }, null, 2)}\n`);
  }
}

/** The exact refusal a hosted engine sends (the console prefixes `Cannot refresh scan engine (<name>): `). */
export function unauthorizedMessage(ip: string): string {
  return `Unauthorized console connection from: ${ip}`;
}

/**
 * The policy of hosted mode, for consoles that dial in and consoles this engine dials alike:
 * serve only authorized consoles (file re-read per connection; unreadable = refuse).
 */
export function hostedPolicy(auth: HostedAuthorizations, log?: { warn(m: string): void }): ConsolePolicy {
  return (entry, ip, dialed = false) => {
    let list: Authorization[] = [];
    try { list = auth.list(); } catch (e) { log?.warn(`hosted mode: ${(e as Error).message}; refusing every console until it is fixed`); }
    if (list.some((a) => authorizes(a, entry.fingerprint, ip))) return undefined;
    log?.warn(dialed
      ? `hosted mode: not serving console ${entry.id} ('${entry.name}') that this engine dialed at ${ip}: not authorized (its CA fingerprint, id and address are not in ${auth.file}); sent it "${unauthorizedMessage(ip)}"; \`farsight engine authorize-console ${entry.id}\` authorizes it`
      : `hosted mode: refused console ${entry.id} ('${entry.name}') from ${ip}: not authorized; \`farsight engine authorize-console ${entry.id}\` authorizes it`);
    return unauthorizedMessage(ip);
  };
}
