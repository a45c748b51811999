/**
 * `farsight content update`: download → SHA-256 (→ Ed25519 signature) → unpack and validate
 * every file → atomic swap. Each step throws a coded error naming what failed; the active
 * content changes only in the last step.
 */
import { FarsightError } from '@farsight/common';
import { PACKAGE_CAPS } from '../archive/caps.ts';
import { download, parseContentUrl } from './download.ts';
import { installPackage, type InstallStage } from './install.ts';
import { withStoreLock } from './lock.ts';
import { validatePackage } from './package-validate.ts';
import { readActivePointer, type ActivePointer } from './active.ts';
import { checkSha256, checkSignature, decodeSignature, loadPublicKey, parseSha256 } from './verify.ts';

/** Steps reported to a progress display. */
export type UpdateStep = 'download' | 'verify' | 'validate' | 'install';

/** Options of an update. */
export interface UpdateOptions {
  url: string;
  /** Expected SHA-256 (hex); when absent, `<url>.sha256` is fetched. */
  sha256?: string;
  /** Ed25519 public key (PEM); when set, `<url>.sig` must verify. */
  publicKeyPem?: string;
  publicKeySource?: string;
  timeoutMs?: number;
  onProgress?: (step: UpdateStep, done: number, total: number | undefined) => void;
  /** Install even when the package was created before the active one (refused by default: replay protection). */
  allowDowngrade?: boolean;
  now?: Date;
  fault?: (stage: InstallStage) => void | Promise<void>;
}

/** The outcome of an update. */
export interface UpdateResult {
  pointer: ActivePointer;
  /** False when the same package was already active. */
  changed: boolean;
  signed: boolean;
}

function sibling(url: URL, suffix: string): URL {
  const u = new URL(url.href);
  u.pathname = `${u.pathname}${suffix}`;
  return u;
}

/** Downloads, verifies, validates and installs a content package into `root`. */
export async function updateContent(root: string, opts: UpdateOptions): Promise<UpdateResult> {
  const url = parseContentUrl(opts.url);
  const key = opts.publicKeyPem !== undefined ? loadPublicKey(opts.publicKeyPem, opts.publicKeySource ?? 'the public key') : undefined;
  const expectedGiven = opts.sha256 !== undefined ? parseSha256(opts.sha256, '--sha256') : undefined;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const zip = await download(url, { maxBytes: PACKAGE_CAPS.maxArchiveBytes, timeoutMs, onProgress: (d, t) => opts.onProgress?.('download', d, t) });
  opts.onProgress?.('verify', 0, undefined);
  let expected = expectedGiven;
  if (expected === undefined) {
    const shaUrl = sibling(url, '.sha256');
    let text: Buffer;
    try { text = await download(shaUrl, { maxBytes: 4096, timeoutMs }); } catch (e) {
      throw new FarsightError('CONTENT_INTEGRITY_FAILED', `no SHA-256 to check the package against: ${(e as Error).message}. Pass --sha256 HEX or publish ${shaUrl.href}`, { cause: e });
    }
    expected = parseSha256(text.toString('latin1'), shaUrl.href);
  }
  const sha256 = checkSha256(zip, expected, url.href);
  if (key) {
    const sigUrl = sibling(url, '.sig');
    let sig: Buffer;
    try { sig = await download(sigUrl, { maxBytes: 4096, timeoutMs }); } catch (e) {
      throw new FarsightError('CONTENT_INTEGRITY_FAILED', `a public key is configured but the signature could not be fetched: ${(e as Error).message}. Publish ${sigUrl.href} or remove the key`, { cause: e });
    }
    checkSignature(zip, decodeSignature(sig, sigUrl.href), key, url.href);
  }
  opts.onProgress?.('validate', 0, undefined);
  const pkg = validatePackage(zip, url.href);
  opts.onProgress?.('install', 0, undefined);
  return withStoreLock(root, async () => {
    const before = await readActivePointer(root).catch(() => undefined);
    // A signed old package is still validly signed: refuse replays of older content (rollback).
    if (before?.created && before.sha256 !== sha256 && Date.parse(pkg.manifest.created) < Date.parse(before.created) && !opts.allowDowngrade) {
      throw new FarsightError('CONTENT_INTEGRITY_FAILED', `${url.href} is content ${pkg.manifest.version} created ${pkg.manifest.created}, older than the active ${before.version} created ${before.created}; nothing was installed. Pass --allow-downgrade to install older content on purpose`);
    }
    const pointer = await installPackage(root, pkg, { sha256, ...(opts.now ? { now: opts.now } : {}), ...(opts.fault ? { fault: opts.fault } : {}) });
    return { pointer, changed: before?.package !== pointer.package, signed: key !== undefined };
  });
}
