/**
 * `loadActiveContent()`: the content a scan uses. The active package (re-verified against its
 * manifest's SHA-256s) provides each kind it holds — fingerprints, vulnerability definitions,
 * advisories; a kind it lacks, or everything when no package is installed or the installed one
 * is damaged, comes from the built-in pack. Imported NVD CVEs and OSV advisories are added on
 * top; for an id defined in both, the package/built-in definition wins (it carries distribution
 * fixed versions NVD does not have). Problems become `warnings`, never a failed scan.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { toFarsightError } from '@farsight/common';
import { builtinFingerprintDir } from '../recog/load-files.ts';
import { VulnPack, loadBuiltinVulnPack } from '../vulns/pack.ts';
import { builtinAdvisories, parseOsvText, type OsvAdvisory } from '../osv/index.ts';
import { definitionsPack, type ConvertedDefinition } from '../import/nvd-pack.ts';
import { NVD_RULES_VIEW } from '../import/import-files.ts';
import { readActivePointer, type ActivePointer } from './active.ts';
import { readImportIndex, readImported } from './imported-store.ts';
import { parseManifest, type ContentManifest } from './manifest.ts';
import { kindOf } from './package-validate.ts';
import { resolveContentDir, storePaths } from './paths.ts';

/** What a scan loads. */
export interface ActiveContent {
  /** `package` when an installed package is active, else `builtin`. */
  source: 'package' | 'builtin';
  /** Package version, or `builtin`. */
  version: string;
  contentDir: string;
  pointer?: ActivePointer;
  manifest?: ContentManifest;
  /** Recog fingerprint directory to use (the package's, or the built-in one). */
  fingerprintDir: string;
  /** Package or built-in definitions plus matchable NVD imports. */
  vulns: VulnPack;
  /** Package or built-in advisories plus OSV imports. */
  advisories: OsvAdvisory[];
  imported: { nvd: number; nvdMatchable: number; osv: number };
  warnings: string[];
}

/** Options of loadActiveContent. */
export interface LoadOptions {
  /** Content directory (default: FARSIGHT_CONTENT_DIR, else ~/.farsight/content). */
  contentDir?: string;
  /** Skip imported data (faster; `content list` counts it from the index instead). */
  skipImported?: boolean;
}

interface PackageFiles { manifest: ContentManifest; dir: string; byKind: Map<string, Array<{ path: string; text: string }>> }

async function readInstalled(root: string, pointer: ActivePointer): Promise<PackageFiles> {
  const dir = join(storePaths(root).packages, pointer.package);
  const manifest = parseManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), dir);
  const byKind = new Map<string, Array<{ path: string; text: string }>>();
  for (const f of manifest.files) {
    const data = await readFile(join(dir, f.path));
    if (createHash('sha256').update(data).digest('hex') !== f.sha256) throw new Error(`${f.path} no longer matches its manifest SHA-256 (modified on disk)`);
    const kind = kindOf(f.path) ?? 'other';
    const list = byKind.get(kind) ?? [];
    list.push({ path: f.path, text: data.toString('utf8') });
    byKind.set(kind, list);
  }
  return { manifest, dir, byKind };
}

/** Adds imported NVD definitions (the nvd-rules view) and OSV advisories; returns the combined pack. */
async function addImported(root: string, base: VulnPack, advisories: OsvAdvisory[], imported: ActiveContent['imported'], warnings: string[]): Promise<VulnPack> {
  let vulns = base;
  const index = await readImportIndex(root);
  const nvd = await readImported(root, NVD_RULES_VIEW.name);
  const ids = new Set(base.definitions.map((d) => d.id));
  const result = definitionsPack(nvd.values() as Iterable<ConvertedDefinition>, ids);
  imported.nvd = index.sources.nvd?.count ?? 0;
  imported.nvdMatchable = result.matchable;
  if (result.refused.length > 0) warnings.push(`${result.refused.length} imported NVD record(s) fail the content schema and are not matched (first: ${result.refused[0]})`);
  if (result.matchable > 0) vulns = new VulnPack([...base.definitions, ...result.pack.definitions]);
  const osv = await readImported(root, 'osv');
  const have = new Set(advisories.map((a) => a.id));
  for (const [id, adv] of osv) if (!have.has(id)) advisories.push(adv as OsvAdvisory);
  imported.osv = osv.size;
  return vulns;
}

/** Loads the content a scan should use; never throws for damaged store content (see `warnings`). */
export async function loadActiveContent(opts: LoadOptions = {}): Promise<ActiveContent> {
  const root = opts.contentDir ?? resolveContentDir();
  const warnings: string[] = [];
  let pointer: ActivePointer | undefined;
  let pkg: PackageFiles | undefined;
  try {
    pointer = await readActivePointer(root);
    if (pointer) pkg = await readInstalled(root, pointer);
  } catch (e) {
    warnings.push(`installed content ignored, built-in content used: ${toFarsightError(e).message}`);
    pkg = undefined;
  }
  let base: VulnPack | undefined;
  const vulnFiles = pkg?.byKind.get('vulns');
  if (vulnFiles?.length) {
    try { base = VulnPack.fromFiles(vulnFiles.map((f) => ({ name: f.path, text: f.text }))); } catch (e) {
      warnings.push(`the package's vulnerability definitions fail this version's schema, built-in ones used: ${toFarsightError(e).message}`);
    }
  }
  base ??= await loadBuiltinVulnPack();
  const advFiles = pkg?.byKind.get('advisories');
  let advisories: OsvAdvisory[] | undefined;
  if (advFiles?.length) {
    try { advisories = advFiles.flatMap((f) => parseOsvText(f.text, f.path)); } catch (e) {
      warnings.push(`the package's advisories fail this version's OSV schema, built-in ones used: ${toFarsightError(e).message}`);
    }
  }
  advisories ??= await builtinAdvisories();
  const imported = { nvd: 0, nvdMatchable: 0, osv: 0 };
  let vulns = base;
  if (!opts.skipImported) {
    try {
      vulns = await addImported(root, base, advisories, imported, warnings);
    } catch (e) {
      warnings.push(`imported NVD/OSV data ignored: ${toFarsightError(e).message}`);
    }
  }
  const fingerprintDir = pkg?.byKind.get('fingerprints')?.length ? join(pkg.dir, 'fingerprints') : builtinFingerprintDir();
  return {
    source: pkg ? 'package' : 'builtin',
    version: pkg && pointer ? pointer.version : 'builtin',
    contentDir: root,
    ...(pkg && pointer ? { pointer, manifest: pkg.manifest } : {}),
    fingerprintDir,
    vulns,
    advisories,
    imported,
    warnings,
  };
}

/**
 * The active package's fingerprint directory, or undefined when no package (or one without
 * fingerprints) is active or it fails its manifest check — then the built-in fingerprints apply.
 * Cheap: reads the pointer and the fingerprint files only, for scans that need nothing else.
 */
export async function activeFingerprintDir(contentDir?: string): Promise<string | undefined> {
  const root = contentDir ?? resolveContentDir();
  try {
    const pointer = await readActivePointer(root);
    if (!pointer || pointer.counts.fingerprints === 0) return undefined;
    const dir = join(storePaths(root).packages, pointer.package);
    const manifest = parseManifest(JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')), dir);
    for (const f of manifest.files.filter((x) => kindOf(x.path) === 'fingerprints')) {
      if (createHash('sha256').update(await readFile(join(dir, f.path))).digest('hex') !== f.sha256) return undefined;
    }
    return join(dir, 'fingerprints');
  } catch {
    return undefined;
  }
}
