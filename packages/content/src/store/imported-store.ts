/**
 * Imported data (`farsight content import`): records keyed by id, kept in shard files under
 * `imported/<source>/<shard>.json` (NVD: one shard per CVE year; OSV: one per id prefix such as
 * DSA, USN, GHSA) plus `imported/index.json` with counts and the files imported. Each shard is
 * replaced atomically; merging is by id, so importing the same file twice changes nothing.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FarsightError } from '@farsight/common';
import { writeFileAtomic } from './atomic-fs.ts';
import { storePaths } from './paths.ts';

/** Where imported records came from. */
export type ImportSource = 'nvd' | 'osv';
/** Every import source, in display order. */
export const IMPORT_SOURCES: readonly ImportSource[] = ['nvd', 'osv'];

/** What the index remembers of one source. */
export interface SourceInfo {
  count: number;
  updated: string;
  /** Newest feed timestamp seen (NVD), if any. */
  version?: string;
  shards: Record<string, number>;
  /** True while an import is writing shards; left true by a crash (re-run the import). */
  pending?: boolean;
  /** The most recent files imported (newest last, at most 50). */
  files: Array<{ name: string; sha256: string; records: number; imported: string }>;
}

/** `imported/index.json`. */
export interface ImportIndex {
  formatVersion: 1;
  sources: Partial<Record<ImportSource, SourceInfo>>;
}

/** Counts of one merge. */
export interface MergeResult {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Records of the source after the merge. */
  total: number;
}

/** One record to merge: `data` undefined removes the id (a withdrawn advisory). */
export interface ImportRecord {
  id: string;
  data: unknown;
}

/** The shard a record id belongs to. */
export function shardOf(source: ImportSource, id: string): string {
  if (source === 'nvd') return /^CVE-(\d{4})-/.exec(id)?.[1] ?? 'other';
  const prefix = /^([A-Za-z0-9]{1,32})[-:_]/.exec(id)?.[1];
  return prefix ? prefix.toUpperCase() : 'other';
}

async function readJson<T>(path: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw new FarsightError('CONTENT_STORE_FAILED', `cannot read ${path}: ${(e as Error).message}; check the content directory's permissions`, { cause: e });
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new FarsightError('CONTENT_STORE_FAILED', `${path} is damaged (${(e as Error).message}); delete it and import the data again`, { cause: e });
  }
}

/** Reads the import index (empty when nothing was imported). */
export async function readImportIndex(root: string): Promise<ImportIndex> {
  const index = await readJson<ImportIndex>(join(storePaths(root).imported, 'index.json'), { formatVersion: 1, sources: {} });
  if (index.formatVersion !== 1 || typeof index.sources !== 'object') {
    throw new FarsightError('CONTENT_STORE_FAILED', `${join(storePaths(root).imported, 'index.json')} has an unknown format; delete the imported directory and import again`);
  }
  return index;
}

type Shard = Record<string, unknown>;

/**
 * A derived view kept beside a source: `imported/<name>/<shard>.json` holds the records of each
 * shard that `select` keeps (NVD: the CVEs that yield a version rule), so a scan reads a few
 * small files instead of the whole import. Rewritten with its shard, before the index is.
 */
export interface DerivedView {
  name: string;
  select: (data: unknown) => boolean;
  /** What the view stores for a selected record (default: the record itself). */
  map?: (data: unknown) => unknown;
}

/** Merges records into a source (caller holds the store lock). */
export async function mergeImported(root: string, source: ImportSource, records: ImportRecord[], file: { name: string; sha256: string; version?: string }, now = new Date(), view?: DerivedView): Promise<MergeResult> {
  const dir = join(storePaths(root).imported, source);
  const indexPath = join(storePaths(root).imported, 'index.json');
  const index = await readImportIndex(root);
  const info: SourceInfo = index.sources[source] ?? { count: 0, updated: now.toISOString(), shards: {}, files: [] };
  info.pending = true;
  index.sources[source] = info;
  await writeFileAtomic(indexPath, JSON.stringify(index, null, 1));

  const byShard = new Map<string, ImportRecord[]>();
  for (const r of records) {
    const key = shardOf(source, r.id);
    const list = byShard.get(key);
    if (list) list.push(r);
    else byShard.set(key, [r]);
  }
  const result: MergeResult = { added: 0, updated: 0, unchanged: 0, removed: 0, total: 0 };
  for (const [key, list] of [...byShard].sort(([a], [b]) => a.localeCompare(b))) {
    const path = join(dir, `${key}.json`);
    const shard = await readJson<Shard>(path, {});
    let changed = false;
    for (const r of list) {
      const old = shard[r.id];
      if (r.data === undefined) {
        if (old !== undefined) { delete shard[r.id]; result.removed++; changed = true; }
        continue;
      }
      if (old === undefined) result.added++;
      else if (JSON.stringify(old) === JSON.stringify(r.data)) { result.unchanged++; continue; } else result.updated++;
      shard[r.id] = r.data;
      changed = true;
    }
    if (changed) await writeFileAtomic(path, JSON.stringify(shard));
    const viewPath = view ? join(storePaths(root).imported, view.name, `${key}.json`) : undefined;
    if (view && viewPath && (changed || await readJson<Shard | undefined>(viewPath, undefined) === undefined)) {
      await writeFileAtomic(viewPath, JSON.stringify(Object.fromEntries(Object.entries(shard).filter(([, d]) => view.select(d)).map(([id, d]) => [id, view.map ? view.map(d) : d]))));
    }
    info.shards[key] = Object.keys(shard).length;
  }
  info.count = Object.values(info.shards).reduce((a, b) => a + b, 0);
  info.updated = now.toISOString();
  if (file.version && (!info.version || file.version > info.version)) info.version = file.version;
  info.files = [...info.files.filter((f) => f.sha256 !== file.sha256), { name: file.name, sha256: file.sha256, records: records.length, imported: now.toISOString() }].slice(-50);
  delete info.pending;
  await writeFileAtomic(indexPath, JSON.stringify(index, null, 1));
  result.total = info.count;
  return result;
}

/** Reads every record of a source or a derived view (all shards). */
export async function readImported(root: string, source: ImportSource | string): Promise<Map<string, unknown>> {
  const dir = join(storePaths(root).imported, source);
  const out = new Map<string, unknown>();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw new FarsightError('CONTENT_STORE_FAILED', `cannot read ${dir}: ${(e as Error).message}`, { cause: e });
  }
  for (const name of names) {
    const shard = await readJson<Shard>(join(dir, name), {});
    for (const [id, data] of Object.entries(shard)) out.set(id, data);
  }
  return out;
}

/** Reads one record by id (only its shard is read). */
export async function readImportedRecord(root: string, source: ImportSource, id: string): Promise<unknown> {
  const shard = await readJson<Shard>(join(storePaths(root).imported, source, `${shardOf(source, id)}.json`), {});
  return Object.hasOwn(shard, id) ? shard[id] : undefined;
}
