/**
 * `farsight content import FILE…`: each file (NVD CVE JSON 2.0 or OSV, plain, .gz or .zip) is
 * read within caps, every record validated, and only then merged into the store by id. A bad
 * file is reported and skipped whole (nothing from it is stored); the other files still import.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { FarsightError } from '@farsight/common';
import { parseOsv, type OsvAdvisory } from '../osv/index.ts';
import { mergeImported, type DerivedView, type ImportRecord, type ImportSource, type MergeResult } from '../store/imported-store.ts';
import { withStoreLock } from '../store/lock.ts';
import { parseNvdFeed } from './nvd.ts';
import { documentsOf, readFileBounded } from './read-input.ts';
import { ruleOf, toVulnDefinition } from './vuln-definition.ts';
import type { ImportedCve } from './imported-cve.ts';

/**
 * What a scan needs of the NVD import, kept in `imported/nvd-rules/`: the CVEs that yield a
 * version rule, already converted to definitions (conversion and CVSS scoring are done once,
 * at import, not at every scan).
 */
export const NVD_RULES_VIEW: DerivedView = {
  name: 'nvd-rules',
  select: (d: unknown): boolean => ruleOf(d as ImportedCve) !== undefined,
  map: (d: unknown): unknown => toVulnDefinition(d as ImportedCve),
};

/** What happened to one input file. */
export interface ImportFileResult {
  file: string;
  source?: ImportSource;
  /** Records read from the file (NVD: not counting rejected CVEs). */
  records: number;
  /** NVD rejected CVEs / withdrawn OSV advisories (removed from the store when present). */
  retired: number;
  merge?: MergeResult;
  error?: FarsightError;
}

/** Progress of an import, for a progress bar. */
export interface ImportProgress {
  file: string;
  phase: 'read' | 'parse' | 'store';
  bytesDone: number;
  bytesTotal: number;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new FarsightError('CONTENT_IMPORT_INVALID', `${name} is not valid JSON (${(e as Error).message}); give an NVD CVE JSON 2.0 or OSV JSON file`, { cause: e });
  }
}

/** Which format a parsed document is in. */
export function detectFormat(json: unknown, name: string): ImportSource {
  if (json && typeof json === 'object' && !Array.isArray(json) && ('format' in json || 'vulnerabilities' in json)) return 'nvd';
  const looksOsv = (x: unknown): boolean => !!x && typeof x === 'object' && 'id' in x && 'modified' in x;
  if (looksOsv(json) || (Array.isArray(json) && json.length > 0 && json.every(looksOsv))) return 'osv';
  throw new FarsightError('CONTENT_IMPORT_INVALID', `${name} is neither NVD CVE JSON 2.0 (an object with "format": "NVD_CVE") nor OSV (an advisory object with "id" and "modified", or an array of them)`);
}

interface Parsed { source: ImportSource; records: ImportRecord[]; retired: number; version?: string }

function parseDocument(json: unknown, name: string): Parsed {
  const source = detectFormat(json, name);
  if (source === 'nvd') {
    const feed = parseNvdFeed(json, name);
    const records: ImportRecord[] = feed.records.map((r) => ({ id: r.id, data: r }));
    for (const id of feed.rejected) records.push({ id, data: undefined });
    return { source, records, retired: feed.rejected.length, ...(feed.timestamp ? { version: feed.timestamp } : {}) };
  }
  const list = Array.isArray(json) ? json : [json];
  const records: ImportRecord[] = list.map((item, i) => {
    const adv: OsvAdvisory = parseOsv(item, Array.isArray(json) ? `${name}[${i}]` : name);
    return { id: adv.id, data: adv.withdrawn ? undefined : adv };
  });
  return { source, records, retired: records.filter((r) => r.data === undefined).length };
}

/** Reads and validates one file completely; returns its records grouped by source. */
export async function readImportFile(path: string, onProgress?: (p: ImportProgress) => void): Promise<{ bytes: Buffer; parsed: Parsed[] }> {
  const bytes = await readFileBounded(path, (done, total) => onProgress?.({ file: path, phase: 'read', bytesDone: done, bytesTotal: total }));
  onProgress?.({ file: path, phase: 'parse', bytesDone: bytes.length, bytesTotal: bytes.length });
  const parsed: Parsed[] = [];
  for (const doc of documentsOf(path, bytes)) parsed.push(parseDocument(parseJson(doc.text, doc.name), doc.name));
  if (parsed.length === 0) throw new FarsightError('CONTENT_IMPORT_INVALID', `${path} holds no .json documents; give an NVD CVE JSON 2.0 or OSV file, or a zip of them`);
  const sources = new Set(parsed.map((p) => p.source));
  if (sources.size > 1) throw new FarsightError('CONTENT_IMPORT_INVALID', `${path} mixes NVD and OSV documents; import them as separate files`);
  return { bytes, parsed };
}

/** Imports each file into the content directory `root`, holding the store lock. */
export async function importFiles(root: string, paths: string[], onProgress?: (p: ImportProgress) => void, now = new Date()): Promise<ImportFileResult[]> {
  return withStoreLock(root, async () => {
    const results: ImportFileResult[] = [];
    for (const path of paths) {
      try {
        const { bytes, parsed } = await readImportFile(path, onProgress);
        const source = (parsed[0] as Parsed).source;
        const records = parsed.flatMap((p) => p.records);
        const version = parsed.map((p) => p.version).filter((v): v is string => v !== undefined).sort().at(-1);
        onProgress?.({ file: path, phase: 'store', bytesDone: bytes.length, bytesTotal: bytes.length });
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const merge = await mergeImported(root, source, records, { name: basename(path), sha256, ...(version ? { version } : {}) }, now, source === 'nvd' ? NVD_RULES_VIEW : undefined);
        const retired = parsed.reduce((n, p) => n + p.retired, 0);
        results.push({ file: path, source, records: records.length - retired, retired, merge });
      } catch (e) {
        // Uncoded errors here come from writing the store: they stop the whole import
        // (withStoreLock turns them into CONTENT_STORE_FAILED); a bad file only skips itself.
        if (!(e instanceof FarsightError) || e.code === 'INTERNAL' || e.code === 'CONTENT_STORE_FAILED') throw e;
        results.push({ file: path, records: 0, retired: 0, error: e });
      }
    }
    return results;
  });
}
