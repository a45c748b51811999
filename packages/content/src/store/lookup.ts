/**
 * Finds everything the content knows under one id (`farsight content show ID`): the active
 * definition (package or built-in), the imported NVD record, and every advisory whose id,
 * alias or upstream id matches (package/built-in advisories and OSV imports). Ids compare
 * case-insensitively.
 */
import type { ImportedCve } from '../import/imported-cve.ts';
import type { LoadedVuln } from '../vulns/pack.ts';
import type { OsvAdvisory } from '../osv/index.ts';
import { readImported, readImportedRecord } from './imported-store.ts';
import { loadActiveContent } from './load.ts';

/** What `show` prints for one id. */
export interface ContentLookup {
  id: string;
  /** `package 2026.1` or `built-in pack`. */
  definitionOrigin?: string;
  definition?: LoadedVuln;
  nvd?: ImportedCve;
  advisories: Array<{ origin: string; advisory: OsvAdvisory }>;
  warnings: string[];
}

const names = (a: OsvAdvisory): string[] => [a.id, ...(a.aliases ?? []), ...(a.upstream ?? [])].map((x) => x.toUpperCase());

/** Looks `id` up in the content directory `root`. */
export async function lookupContent(root: string, rawId: string): Promise<ContentLookup> {
  const id = rawId.trim().toUpperCase();
  const active = await loadActiveContent({ contentDir: root, skipImported: true });
  const origin = active.source === 'package' ? `package ${active.version}` : 'built-in pack';
  const definition = active.vulns.definitions.find((d) => d.id.toUpperCase() === id);
  const nvd = /^CVE-\d{4}-\d+$/.test(id) ? await readImportedRecord(root, 'nvd', id) as ImportedCve | undefined : undefined;
  const advisories: ContentLookup['advisories'] = [];
  for (const a of active.advisories) if (names(a).includes(id)) advisories.push({ origin: active.source === 'package' ? origin : 'built-in advisories', advisory: a });
  const seen = new Set(advisories.map((a) => a.advisory.id));
  for (const a of (await readImported(root, 'osv')).values()) {
    const adv = a as OsvAdvisory;
    if (!seen.has(adv.id) && names(adv).includes(id)) advisories.push({ origin: 'OSV import', advisory: adv });
  }
  return {
    id,
    ...(definition ? { definition, definitionOrigin: `${origin} (${definition.file})` } : {}),
    ...(nvd ? { nvd } : {}),
    advisories,
    warnings: active.warnings,
  };
}
