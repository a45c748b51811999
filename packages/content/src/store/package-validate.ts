/**
 * Validates a content package held in memory, before anything touches the disk: the zip is
 * read within PACKAGE_CAPS, `manifest.json` is validated, the archive must hold exactly the
 * files the manifest lists (sizes and SHA-256 equal), and every file must pass its schema —
 * Recog XML for `fingerprints/*.xml`, the vulnerability schema for `vulns/*.json`, OSV for
 * `advisories/**.json` — with the counts the manifest declares.
 */
import { createHash } from 'node:crypto';
import { FarsightError, isFarsightError } from '@farsight/common';
import { PACKAGE_CAPS, type ArchiveCaps } from '../archive/caps.ts';
import { readZipFiles } from '../archive/zip-reader.ts';
import { parseRecogXml } from '../recog/recog-xml.ts';
import { VulnPack } from '../vulns/pack.ts';
import { parseOsvText } from '../osv/load.ts';
import { parseManifest, type ContentCounts, type ContentManifest } from './manifest.ts';

/** A validated package: its manifest and files (path → bytes). */
export interface ValidPackage {
  manifest: ContentManifest;
  files: Map<string, Buffer>;
  counts: ContentCounts;
}

/** Where each kind of file lives in a package and what it must be. */
export const PACKAGE_LAYOUT = [
  { kind: 'fingerprints', pattern: /^fingerprints\/[^/]+\.xml$/, what: 'Recog fingerprint XML' },
  { kind: 'vulns', pattern: /^vulns\/[^/]+\.json$/, what: 'vulnerability definitions (packages/content/vulns format)' },
  { kind: 'advisories', pattern: /^advisories\/(?:[^/]+\/)*[^/]+\.json$/, what: 'OSV advisories' },
] as const;

function invalid(label: string, what: string, cause?: unknown): FarsightError {
  return new FarsightError('CONTENT_PACKAGE_INVALID', `${label}: ${what}; the active content is unchanged`, cause === undefined ? undefined : { cause });
}

/** The kind of a package path, or undefined when the path is not allowed in a package. */
export function kindOf(path: string): 'fingerprints' | 'vulns' | 'advisories' | undefined {
  return PACKAGE_LAYOUT.find((k) => k.pattern.test(path))?.kind;
}

function text(data: Buffer, label: string, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch (e) {
    throw invalid(label, `${path} is not UTF-8 text`, e);
  }
}

/** Counts a package's content by validating every file; throws CONTENT_PACKAGE_INVALID naming the file. */
export function validateContentFiles(files: ReadonlyMap<string, Buffer>, label: string): ContentCounts {
  const counts: ContentCounts = { fingerprints: 0, vulns: 0, advisories: 0 };
  const vulnFiles: Array<{ name: string; text: string }> = [];
  const advisoryIds = new Map<string, string>();
  for (const [path, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const kind = kindOf(path);
    try {
      if (kind === 'fingerprints') counts.fingerprints += parseRecogXml(text(data, label, path), path).fingerprints.length;
      else if (kind === 'vulns') vulnFiles.push({ name: path, text: text(data, label, path) });
      else if (kind === 'advisories') {
        for (const adv of parseOsvText(text(data, label, path), path)) {
          const other = advisoryIds.get(adv.id);
          if (other) throw new FarsightError('OSV_INVALID', `advisory ${adv.id} is in both ${other} and ${path}`);
          advisoryIds.set(adv.id, path);
          counts.advisories++;
        }
      } else throw invalid(label, `${path} is not allowed in a package (allowed: ${PACKAGE_LAYOUT.map((k) => `${k.pattern.source} for ${k.what}`).join('; ')})`);
    } catch (e) {
      if (isFarsightError(e, 'CONTENT_PACKAGE_INVALID')) throw e;
      throw invalid(label, `${path} fails validation: ${(e as Error).message}`, e);
    }
  }
  if (vulnFiles.length > 0) {
    try {
      counts.vulns = VulnPack.fromFiles(vulnFiles).definitions.length;
    } catch (e) {
      throw invalid(label, `vulnerability definitions fail validation: ${(e as Error).message}`, e);
    }
  }
  return counts;
}

/** Reads and validates a whole package archive. */
export function validatePackage(zip: Buffer, label: string, caps: ArchiveCaps = PACKAGE_CAPS): ValidPackage {
  const files = new Map<string, Buffer>();
  let manifestBytes: Buffer | undefined;
  for (const f of readZipFiles(zip, caps, label)) {
    if (f.name === 'manifest.json') manifestBytes = f.data;
    else files.set(f.name, f.data);
  }
  if (!manifestBytes) throw invalid(label, 'manifest.json is missing at the archive root (build packages with `farsight content pack`)');
  let json: unknown;
  try {
    json = JSON.parse(text(manifestBytes, label, 'manifest.json'));
  } catch (e) {
    if (isFarsightError(e)) throw e;
    throw invalid(label, `manifest.json is not JSON (${(e as Error).message})`, e);
  }
  const manifest = parseManifest(json, label);
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    if (listed.has(entry.path)) throw invalid(label, `manifest.json lists ${entry.path} twice`);
    listed.add(entry.path);
    const data = files.get(entry.path);
    if (!data) throw invalid(label, `manifest.json lists ${entry.path}, which the archive does not hold`);
    if (data.length !== entry.size) throw invalid(label, `${entry.path} is ${data.length} bytes, the manifest says ${entry.size}`);
    const sha = createHash('sha256').update(data).digest('hex');
    if (sha !== entry.sha256) throw invalid(label, `${entry.path} has SHA-256 ${sha}, the manifest says ${entry.sha256}`);
  }
  for (const path of files.keys()) if (!listed.has(path)) throw invalid(label, `${path} is in the archive but not in manifest.json`);
  const counts = validateContentFiles(files, label);
  for (const k of ['fingerprints', 'vulns', 'advisories'] as const) {
    if (counts[k] !== manifest.counts[k]) throw invalid(label, `the manifest says ${manifest.counts[k]} ${k}, the files hold ${counts[k]}`);
  }
  return { manifest, files, counts };
}
