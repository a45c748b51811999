/**
 * Encryption at rest for credential secrets: AES-256-GCM per record (random 96-bit IV, 128-bit
 * auth tag, key id) under a master key taken from `FARSIGHT_MASTER_KEY` (base64, 32 bytes) or
 * from a key file created with mode 0600 in the data directory on first start.
 *
 * The additional authenticated data binds a sealed blob to its record (`credential:<uuid>`), so
 * a ciphertext copied into another row fails to open instead of lending its secret to it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';

/** A 32-byte AES key and its short public id (stored beside each ciphertext). */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys a console can open secrets with; `current` seals new ones. */
export interface Keyring {
  readonly current: MasterKey;
  readonly all: ReadonlyMap<string, MasterKey>;
}

/** The stored form of one sealed secret (JSON text in the database). */
interface SealedV1 {
  v: 1;
  kid: string;
  iv: string;
  tag: string;
  ct: string;
}

/** File name of the generated master key inside the data directory. */
export const MASTER_KEY_FILE = 'master.key';

const KEY_BYTES = 32;
const IV_BYTES = 12;
// A fixed tag length: without it a decipher accepts truncated (forgeable) tags.
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Derives a key's public id: a hash prefix, so the id reveals nothing usable about the key. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('farsight-master-key-id\0').update(key).digest('hex').slice(0, 16);
}

/** Decodes a base64 master key, insisting on exactly 32 bytes. `source` names where it came from. */
export function parseMasterKey(text: string, source: string): MasterKey {
  const t = text.trim();
  const key = BASE64.test(t) ? Buffer.from(t, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new FarsightError('MASTER_KEY_INVALID', `${source} must be base64 of exactly 32 random bytes (got ${key.length} bytes); generate one with: node -e "console.log(crypto.randomBytes(32).toString('base64'))"`);
  }
  return { id: keyId(key), key };
}

/** A keyring holding one key. */
export function keyringOf(key: MasterKey): Keyring {
  return { current: key, all: new Map([[key.id, key]]) };
}

/**
 * Loads the master key: `FARSIGHT_MASTER_KEY` when set, else `<dataDir>/master.key`, which is
 * created (exclusively, mode 0600) with 32 random bytes when missing. A key file readable by
 * group or others is refused, as ssh refuses a loose private key.
 */
export function loadMasterKey(options: { env?: NodeJS.ProcessEnv; dataDir: string }): Keyring {
  const fromEnv = (options.env ?? process.env).FARSIGHT_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return keyringOf(parseMasterKey(fromEnv, 'FARSIGHT_MASTER_KEY'));
  const path = join(options.dataDir, MASTER_KEY_FILE);
  try {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new FarsightError('MASTER_KEY_INVALID', `cannot create the master key file ${path}: ${(e as Error).message}; make the data directory writable or set FARSIGHT_MASTER_KEY`, { cause: e });
    }
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new FarsightError('MASTER_KEY_INVALID', `master key file ${path} has mode ${mode.toString(8)}; it must be readable by its owner only: chmod 600 ${path}`);
  }
  return keyringOf(parseMasterKey(readFileSync(path, 'utf8'), `master key file ${path}`));
}

/** Encrypts `plaintext` under the ring's current key, bound to `aad` (e.g. `credential:<uuid>`). */
export function seal(ring: Keyring, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const sealed: SealedV1 = { v: 1, kid: ring.current.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  return JSON.stringify(sealed);
}

/** Decrypts a sealed blob; throws CREDENTIAL_DECRYPT_FAILED on an unknown key, a wrong aad or tampering. */
export function open(ring: Keyring, sealedText: string, aad: string): string {
  let sealed: SealedV1;
  try {
    sealed = JSON.parse(sealedText) as SealedV1;
  } catch (e) {
    throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', 'a stored credential secret is not a sealed record; re-enter the credential', { cause: e });
  }
  if (sealed.v !== 1) throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', `stored credential secret has unknown format version ${String(sealed.v)}`);
  const key = ring.all.get(sealed.kid);
  if (!key) {
    throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', `stored credential secret was sealed with master key ${sealed.kid}, which this console does not have (its key is ${ring.current.id}); start it with the original FARSIGHT_MASTER_KEY or key file`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(sealed.iv, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
  } catch (e) {
    throw new FarsightError('CREDENTIAL_DECRYPT_FAILED', 'a stored credential secret failed its integrity check (tampered or moved between records); re-enter the credential', { cause: e });
  }
}
