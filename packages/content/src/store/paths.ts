/**
 * Where the content store lives: `--content-dir`, else `FARSIGHT_CONTENT_DIR`, else
 * `~/.farsight/content`. Layout (docs/content.md, "Store layout"):
 *
 *   active.json          pointer to the active package (replaced atomically)
 *   packages/<name>/     unpacked, validated content packages (the active one and the previous one)
 *   imported/<source>/   data imported with `farsight content import` (nvd, osv), one shard file per key
 *   tmp/                 staging area of an update in progress; cleared by the next update
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Resolves the content directory from a flag value and the environment. */
export function resolveContentDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = flag ?? env.FARSIGHT_CONTENT_DIR;
  if (chosen !== undefined && chosen !== '') return resolve(chosen);
  return join(homedir(), '.farsight', 'content');
}

/** Paths inside one content directory. */
export interface StorePaths {
  root: string;
  active: string;
  packages: string;
  imported: string;
  tmp: string;
}

/** The well-known paths of a content directory. */
export function storePaths(root: string): StorePaths {
  return {
    root,
    active: join(root, 'active.json'),
    packages: join(root, 'packages'),
    imported: join(root, 'imported'),
    tmp: join(root, 'tmp'),
  };
}
