/**
 * `active.json`: which installed package is active. It is the only thing an install changes
 * to switch versions, and it is replaced atomically, so readers see the old or the new package.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { storePaths } from './paths.ts';

const pointerSchema = z.strictObject({
  package: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/),
  version: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  installed: z.iso.datetime({ offset: true }),
  /** The package manifest's creation date (refuses replays of older packages). */
  created: z.iso.datetime({ offset: true }).optional(),
  counts: z.strictObject({ fingerprints: z.number().int().min(0), vulns: z.number().int().min(0), advisories: z.number().int().min(0) }),
  previous: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/).optional(),
});

/** The active-package pointer. */
export type ActivePointer = z.infer<typeof pointerSchema>;

/** Reads `active.json`; undefined when no package was ever installed. Throws CONTENT_STORE_FAILED when it is damaged. */
export async function readActivePointer(root: string): Promise<ActivePointer | undefined> {
  const path = storePaths(root).active;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FarsightError('CONTENT_STORE_FAILED', `cannot read ${path}: ${(e as Error).message}; check the content directory's permissions`, { cause: e });
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  const r = pointerSchema.safeParse(json);
  if (!r.success) throw new FarsightError('CONTENT_STORE_FAILED', `${path} is damaged; run \`farsight content update\` again (or delete it to use the built-in content)`);
  return r.data;
}
