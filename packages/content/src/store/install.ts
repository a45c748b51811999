/**
 * Installs a validated content package with an atomic swap:
 *   1. write every file into `tmp/<random>/`, fsync each file and directory;
 *   2. rename the staging directory to `packages/<version>-<sha12>/` and fsync `packages/`;
 *   3. replace `active.json` atomically (temp file, fsync, rename, fsync the directory).
 * Until step 3 the previous package stays active, so a crash or failure at any point leaves
 * it in place; leftovers in `tmp/` and unreferenced package directories are removed by the
 * next install. The previous package is kept (a scan may still be reading it).
 */
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { FarsightError, isFarsightError } from '@farsight/common';
import { fsyncDir, writeFileAtomic, writeFileDurable } from './atomic-fs.ts';
import { readActivePointer, type ActivePointer } from './active.ts';
import { storePaths } from './paths.ts';
import type { ValidPackage } from './package-validate.ts';

/** Points in the install where a test may inject a failure (or a crash). */
export type InstallStage = 'file-written' | 'staged' | 'renamed' | 'swapped';

/** Options of an install. */
export interface InstallOptions {
  /** SHA-256 of the archive (names the package directory). */
  sha256: string;
  now?: Date;
  /** Called at each stage; a throw aborts the install there (tests simulate failures with it). */
  fault?: (stage: InstallStage) => void | Promise<void>;
}

async function writeTree(dir: string, files: ReadonlyMap<string, Buffer>, manifestText: string, fault: InstallOptions['fault']): Promise<void> {
  const dirs = new Set<string>([dir]);
  for (const path of files.keys()) dirs.add(dirname(join(dir, path)));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  for (const [path, data] of files) {
    await writeFileDurable(join(dir, path), data);
    await fault?.('file-written');
  }
  await writeFileDurable(join(dir, 'manifest.json'), manifestText);
  // Deepest directories first, so each new entry is durable before its parent is synced.
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) await fsyncDir(d);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Removes staging leftovers and package directories that are neither active nor previous. */
export async function cleanStore(root: string, keep: ReadonlySet<string>): Promise<void> {
  const p = storePaths(root);
  await rm(p.tmp, { recursive: true, force: true });
  const names = await readdir(p.packages).catch(() => [] as string[]);
  for (const name of names) if (!keep.has(name)) await rm(join(p.packages, name), { recursive: true, force: true });
}

/** Installs `pkg` and makes it active; returns the new pointer. The caller holds the store lock. */
export async function installPackage(root: string, pkg: ValidPackage, opts: InstallOptions): Promise<ActivePointer> {
  const p = storePaths(root);
  const now = opts.now ?? new Date();
  const current = await readActivePointer(root).catch((e: unknown) => {
    if (isFarsightError(e, 'CONTENT_STORE_FAILED')) return undefined; // a damaged pointer is replaced
    throw e;
  });
  await cleanStore(root, new Set([current?.package, current?.previous].filter((x): x is string => x !== undefined)));
  const name = `${pkg.manifest.version}-${opts.sha256.slice(0, 12)}`;
  const target = join(p.packages, name);
  try {
    await mkdir(p.packages, { recursive: true });
    if (!await exists(target)) {
      await mkdir(p.tmp, { recursive: true });
      const staging = join(p.tmp, randomBytes(8).toString('hex'));
      await writeTree(staging, pkg.files, `${JSON.stringify(pkg.manifest, null, 2)}\n`, opts.fault);
      await opts.fault?.('staged');
      await rename(staging, target);
      await fsyncDir(p.packages);
      await opts.fault?.('renamed');
    }
    const pointer: ActivePointer = {
      package: name,
      version: pkg.manifest.version,
      sha256: opts.sha256,
      installed: now.toISOString(),
      created: pkg.manifest.created,
      counts: pkg.counts,
      ...(current && current.package !== name ? { previous: current.package } : current?.previous ? { previous: current.previous } : {}),
    };
    await writeFileAtomic(p.active, `${JSON.stringify(pointer, null, 2)}\n`);
    await opts.fault?.('swapped');
    await cleanStore(root, new Set([pointer.package, pointer.previous].filter((x): x is string => x !== undefined)));
    return pointer;
  } catch (e) {
    if (isFarsightError(e)) throw e;
    throw new FarsightError('CONTENT_STORE_FAILED', `installing content ${pkg.manifest.version} into ${root} failed: ${(e as Error).message}; the previous content stays active`, { cause: e });
  }
}
