/**
 * Durable file operations for the content store. A file is written to a temporary name in the
 * same directory, fsynced, renamed over the target and the directory fsynced (rename(2) is
 * atomic on POSIX file systems), so a crash leaves either the old or the new file, never half.
 */
import { open, rename, rm, mkdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';

/** Writes `data` to `path` and fsyncs it (the file is new; use writeFileAtomic to replace one). */
export async function writeFileDurable(path: string, data: string | Uint8Array): Promise<void> {
  const fh = await open(path, 'wx', 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Fsyncs a directory so a rename or a new entry in it survives a power loss. */
export async function fsyncDir(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Replaces `path` atomically with `data`: temp file in the same directory, fsync, rename, fsync the directory. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFileDurable(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(dir);
}
