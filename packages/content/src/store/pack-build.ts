/**
 * Builds a content package from a directory laid out like one (`fingerprints/*.xml`,
 * `vulns/*.json`, `advisories/**.json`): validates every file, writes `manifest.json` with
 * counts and SHA-256s, zips it, and optionally signs the archive with an Ed25519 key.
 * `farsight content pack` is its command; the update tests build their packages with it.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { FarsightError } from '@farsight/common';
import { buildZip } from '../archive/zip-writer.ts';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, type ContentManifest } from './manifest.ts';
import { kindOf, validateContentFiles } from './package-validate.ts';

/** A built package. */
export interface BuiltPackage {
  zip: Buffer;
  sha256: string;
  manifest: ContentManifest;
}

async function listFiles(dir: string, root: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await listFiles(p, root, out);
    else if (e.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
}

/** Reads a package source directory; files outside the package layout are refused. */
export async function readPackageDir(dir: string): Promise<Map<string, Buffer>> {
  const names: string[] = [];
  try { await listFiles(dir, dir, names); } catch (e) {
    throw new FarsightError('INVALID_ARGUMENT', `cannot read package directory ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const files = new Map<string, Buffer>();
  for (const name of names.sort()) {
    if (name === 'manifest.json') continue;
    if (!kindOf(name)) throw new FarsightError('INVALID_ARGUMENT', `${join(dir, name)} does not belong in a content package: use fingerprints/*.xml, vulns/*.json or advisories/**/*.json`);
    files.set(name, await readFile(join(dir, name)));
  }
  if (files.size === 0) throw new FarsightError('INVALID_ARGUMENT', `${dir} holds no fingerprints/, vulns/ or advisories/ files`);
  return files;
}

/** Validates the files and builds the package archive. */
export function buildPackage(files: ReadonlyMap<string, Buffer>, meta: { version: string; created?: Date; description?: string }): BuiltPackage {
  const counts = validateContentFiles(files, 'package source');
  const manifest: ContentManifest = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    version: meta.version,
    created: (meta.created ?? new Date()).toISOString(),
    ...(meta.description ? { description: meta.description } : {}),
    counts,
    files: [...files].map(([path, data]) => ({ path, sha256: createHash('sha256').update(data).digest('hex'), size: data.length })),
  };
  const zip = buildZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    ...[...files].map(([name, data]) => ({ name, data })),
  ]);
  return { zip, sha256: createHash('sha256').update(zip).digest('hex'), manifest };
}

/** Ed25519 signature of the archive bytes (what `<url>.sig` holds, base64). */
export function signPackage(zip: Buffer, privateKeyPem: string): Buffer {
  let key;
  try { key = createPrivateKey(privateKeyPem); } catch (e) {
    throw new FarsightError('INVALID_ARGUMENT', `the signing key is not a PEM private key: ${(e as Error).message}`, { cause: e });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new FarsightError('INVALID_ARGUMENT', `the signing key is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519; create one with \`openssl genpkey -algorithm ed25519\``);
  return sign(null, zip, key);
}
