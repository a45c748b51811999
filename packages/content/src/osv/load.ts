/**
 * Reads OSV advisories from files: one advisory per `*.json` file, or a JSON array of
 * advisories (as an OSV export or `farsight content import` may write). Built-in sample
 * advisories live in `packages/content/advisories/`.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FarsightError } from '@farsight/common';
import { parseOsv } from './osv-schema.ts';
import type { OsvAdvisory } from './osv-schema.ts';

/** Largest OSV file read (an OSV export of one distro release can be tens of MB). */
export const MAX_OSV_FILE_BYTES = 256 * 1024 * 1024;

/** Directory of the built-in sample advisories (packages/content/advisories). */
export function builtinAdvisoryDir(): string {
  return fileURLToPath(new URL('../../advisories/', import.meta.url));
}

/** Parses the text of one OSV file (one advisory object or an array of them). */
export function parseOsvText(text: string, source: string): OsvAdvisory[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FarsightError('OSV_INVALID', `${source} is not valid JSON: ${(e as Error).message}; an OSV file holds one advisory object or an array of them`, { cause: e });
  }
  if (Array.isArray(json)) return json.map((item, i) => parseOsv(item, `${source}[${i}]`));
  return [parseOsv(json, source)];
}

/** Reads one OSV file. */
export async function readOsvFile(path: string): Promise<OsvAdvisory[]> {
  let text: string;
  try {
    const st = await stat(path);
    if (st.size > MAX_OSV_FILE_BYTES) throw new Error(`it is ${st.size} bytes, more than ${MAX_OSV_FILE_BYTES}`);
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new FarsightError('OSV_INVALID', `cannot read OSV file ${path}: ${(e as Error).message}; check the path and permissions`, { cause: e });
  }
  return parseOsvText(text, path);
}

/** Reads every `*.json` file of a directory (recursively, name order) or one file. */
export async function readOsvPath(path: string): Promise<OsvAdvisory[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (e) {
    throw new FarsightError('OSV_INVALID', `cannot read OSV advisories at ${path}: ${(e as Error).message}; give a .json file or a directory of them`, { cause: e });
  }
  if (!isDir) return readOsvFile(path);
  const out: OsvAdvisory[] = [];
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    if (e.isDirectory()) out.push(...await readOsvPath(join(path, e.name)));
    else if (e.name.endsWith('.json')) out.push(...await readOsvFile(join(path, e.name)));
  }
  return out;
}

/** The built-in sample advisories. */
export async function builtinAdvisories(): Promise<OsvAdvisory[]> {
  return readOsvPath(builtinAdvisoryDir());
}
