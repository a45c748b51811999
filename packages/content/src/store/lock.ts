/**
 * One writer at a time per content directory: `update` and `import` take `<dir>/.lock` (created
 * with O_EXCL, holding the owner's pid). A lock whose owner process no longer exists is stale
 * and is taken over, so a crashed update never blocks the next one.
 */
import { open, readFile, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryCreate(path: string): Promise<boolean> {
  try {
    const fh = await open(path, 'wx', 0o644);
    await fh.writeFile(String(process.pid));
    await fh.close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new FarsightError('CONTENT_STORE_FAILED', `cannot create the lock ${path}: ${(e as Error).message}; check the content directory's permissions`, { cause: e });
  }
}

/** Runs `fn` holding the content directory's writer lock. */
export async function withStoreLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
  try {
    await mkdir(root, { recursive: true });
  } catch (e) {
    throw storeFailure(root, e);
  }
  const path = join(root, '.lock');
  if (!await tryCreate(path)) {
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) {
      throw new FarsightError('CONTENT_STORE_FAILED', `another farsight process (pid ${owner}) is updating ${root}; wait for it to finish`);
    }
    await rm(path, { force: true });
    if (!await tryCreate(path)) throw new FarsightError('CONTENT_STORE_FAILED', `another farsight process is updating ${root}; wait for it to finish`);
  }
  try {
    return await fn();
  } catch (e) {
    throw storeFailure(root, e);
  } finally {
    await rm(path, { force: true });
  }
}

/** File-system failures inside the store become CONTENT_STORE_FAILED naming the directory; coded errors pass. */
function storeFailure(root: string, e: unknown): FarsightError {
  if (e instanceof FarsightError) return e;
  return new FarsightError('CONTENT_STORE_FAILED', `content directory ${root}: ${(e as Error).message}; check that it is a writable directory (--content-dir, FARSIGHT_CONTENT_DIR)`, { cause: e });
}
