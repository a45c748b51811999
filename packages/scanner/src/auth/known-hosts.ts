/**
 * Host keys pinned on first use (TOFU) for credentialed hosts. The file holds one line per
 * host, `[address]:port key-type base64-key`, as OpenSSH's known_hosts does for non-default
 * ports. A host whose key differs from the pinned one is refused before authentication, so
 * no password is ever sent to an impostor. Default file: `~/.farsight/known_hosts`.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { FarsightError } from '@farsight/common';

/** Default known-hosts file of authenticated scans. */
export function defaultKnownHostsPath(): string {
  return join(homedir(), '.farsight', 'known_hosts');
}

/** What checking a host key decided. */
export type HostKeyVerdict = 'match' | 'new' | 'changed';

/** The key type named inside an SSH public key blob (RFC 4253 §6.6: string "ssh-ed25519", …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** OpenSSH-style fingerprint of a key blob: `SHA256:` + unpadded base64. */
export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Parses known-hosts text into host → base64 key; throws KNOWN_HOSTS_INVALID naming the line. */
export function parseKnownHosts(text: string, source: string): Map<string, string> {
  const out = new Map<string, string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\[[^\]\s]+\]:\d{1,5})\s+(\S+)\s+([A-Za-z0-9+/]+={0,2})(\s.*)?$/.exec(line);
    if (!m) throw new FarsightError('KNOWN_HOSTS_INVALID', `${source} line ${i + 1} is not '[address]:port key-type base64-key'; fix or delete that line`);
    out.set(m[1] as string, m[3] as string);
  });
  return out;
}

/** The pinned keys of one scan, loaded once and appended to as new hosts are met. */
export class KnownHosts {
  readonly path: string;
  readonly #keys: Map<string, string>;
  #writes: Promise<void> = Promise.resolve();
  #writeError: unknown;

  private constructor(path: string, keys: Map<string, string>) {
    this.path = path;
    this.#keys = keys;
  }

  /** Loads the file (a missing file is an empty set; it is created on the first pin). */
  static async open(path: string = defaultKnownHostsPath()): Promise<KnownHosts> {
    let text = '';
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new FarsightError('KNOWN_HOSTS_INVALID', `cannot read known-hosts file ${path}: ${(e as Error).message}; check permissions or pass --known-hosts FILE`, { cause: e });
      }
    }
    return new KnownHosts(path, parseKnownHosts(text, path));
  }

  /** Checks `blob` for address:port; a new host is pinned (in memory now, on disk by flush()). */
  check(address: string, port: number, blob: Buffer): HostKeyVerdict {
    const host = `[${address}]:${port}`;
    const b64 = blob.toString('base64');
    const pinned = this.#keys.get(host);
    if (pinned === undefined) {
      this.#keys.set(host, b64);
      const line = `${host} ${keyTypeOf(blob)} ${b64}\n`;
      this.#writes = this.#writes.then(async () => {
        await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
        await appendFile(this.path, line, { mode: 0o600 });
      }).catch((e: unknown) => { this.#writeError ??= e; });
      return 'new';
    }
    return pinned === b64 ? 'match' : 'changed';
  }

  /** Waits for pending writes; throws KNOWN_HOSTS_INVALID when one failed. */
  async flush(): Promise<void> {
    await this.#writes;
    if (this.#writeError !== undefined) {
      throw new FarsightError('KNOWN_HOSTS_INVALID', `cannot write known-hosts file ${this.path}: ${(this.#writeError as Error).message}; choose a writable --known-hosts FILE`, { cause: this.#writeError });
    }
  }
}
