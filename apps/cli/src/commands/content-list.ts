/** `farsight content list`: one row per content source (installed package, built-in pack, NVD and OSV imports). */
import { readRecogDirectory } from '@farsight/content';
import { builtinFingerprintDir } from '@farsight/content/recog/load-files';
import { loadBuiltinVulnPack } from '@farsight/content/vulns/pack';
import { builtinAdvisories } from '@farsight/content/osv/load';
import { loadActiveContent, readActivePointer, readImportIndex, IMPORT_SOURCES } from '@farsight/content/store/index';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import { toFarsightError } from '@farsight/common';

/** One row of the list. */
export interface ContentSourceRow {
  source: 'package' | 'built-in' | 'nvd' | 'osv';
  /** Vulnerability definitions + advisories (imports: records). */
  ids: number;
  version: string;
  updated?: string;
  /** True for the rows a scan uses. */
  active: boolean;
  details: string;
}

/** Everything `content list` shows. */
export interface ContentListing {
  contentDir: string;
  rows: ContentSourceRow[];
  warnings: string[];
}

/** Collects the rows for the content directory `root`. */
export async function listContent(root: string): Promise<ContentListing> {
  const warnings: string[] = [];
  const rows: ContentSourceRow[] = [];
  const pointer = await readActivePointer(root).catch(() => undefined);
  // What a scan would really use: a package that fails its manifest check is not in use.
  const active = await loadActiveContent({ contentDir: root, skipImported: true });
  warnings.push(...active.warnings);
  if (pointer) {
    const c = pointer.counts;
    rows.push({ source: 'package', ids: c.vulns + c.advisories, version: pointer.version, updated: pointer.installed, active: active.source === 'package', details: `${c.fingerprints} fingerprints, ${c.vulns} vulnerabilities, ${c.advisories} advisories (sha256 ${pointer.sha256.slice(0, 12)}…)` });
  }
  const [pack, advisories, fingerprints] = await Promise.all([loadBuiltinVulnPack(), builtinAdvisories(), readRecogDirectory(builtinFingerprintDir())]);
  const fp = fingerprints.reduce((n, f) => n + f.fingerprints.length, 0);
  rows.push({
    source: 'built-in', ids: pack.definitions.length + advisories.length, version: FARSIGHT_VERSION, active: active.source === 'builtin',
    details: `${fp} fingerprints, ${pack.definitions.length} vulnerabilities, ${advisories.length} advisories${pointer ? ' (fallback for kinds the package lacks)' : ''}`,
  });
  const index = await readImportIndex(root).catch((e: unknown) => { warnings.push(toFarsightError(e).message); return undefined; });
  for (const source of IMPORT_SOURCES) {
    const info = index?.sources[source];
    if (!info) continue;
    if (info.pending) warnings.push(`an import into ${source} was interrupted; run the same \`farsight content import\` again (it is idempotent)`);
    const last = info.files.at(-1);
    rows.push({ source, ids: info.count, version: info.version ?? '-', updated: info.updated, active: true, details: `${info.files.length} file(s) imported${last ? `, last ${last.name}` : ''}` });
  }
  return { contentDir: root, rows, warnings };
}
