/**
 * Imported NVD CVEs → a VulnPack the scanner's version checks use: each CVE that yields a
 * version rule is converted and validated by the one content schema; a record the schema
 * refuses is left out of the pack (it stays in the store and `content show` prints it) and
 * counted, so one odd NVD record never stops a scan.
 */
import { VulnPack } from '../vulns/pack.ts';
import { vulnerabilitySchema } from '../vulns/schema.ts';
import type { ImportedCve } from './imported-cve.ts';
import { ruleOf, toVulnDefinition } from './vuln-definition.ts';

/** Converted definitions plus what could not be used. */
export interface NvdPackResult {
  pack: VulnPack;
  /** CVEs with a version rule for a product Farsight knows. */
  matchable: number;
  /** `id: reason` of records the schema refused. */
  refused: string[];
}

const PACK_FILE_MAX = 1000;

/** The pack-file JSON of the given definitions (what VulnPack.fromFiles reads). */
export function packFileOf(title: string, definitions: unknown[]): string {
  return JSON.stringify({ schemaVersion: 1, title, vulnerabilities: definitions });
}

/** A definition converted from an imported CVE (plain JSON, still to be validated by the pack). */
export type ConvertedDefinition = Record<string, unknown> & { id: string };

/** Converts one imported CVE when it yields a version rule (what the `nvd-rules` view stores). */
export function convertMatchable(cve: ImportedCve): ConvertedDefinition | undefined {
  return ruleOf(cve) ? toVulnDefinition(cve) as ConvertedDefinition : undefined;
}

function refusal(def: ConvertedDefinition): string | undefined {
  const r = vulnerabilitySchema.safeParse(def);
  return r.success ? undefined : `${def.id}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`.trim();
}

/**
 * Builds the pack from converted definitions. Chunks of 1000 go through the pack's schema in one
 * pass; only a chunk that fails is checked definition by definition to leave out the bad ones.
 */
export function definitionsPack(defs: Iterable<ConvertedDefinition>, skipIds: ReadonlySet<string> = new Set()): NvdPackResult {
  const kept = [...defs].filter((d) => !skipIds.has(d.id));
  const refused: string[] = [];
  const loaded: VulnPack['definitions'][number][] = [];
  for (let i = 0; i < kept.length; i += PACK_FILE_MAX) {
    let chunk = kept.slice(i, i + PACK_FILE_MAX);
    const name = `imported/nvd#${i / PACK_FILE_MAX + 1}`;
    try {
      loaded.push(...VulnPack.fromFiles([{ name, text: packFileOf('NVD import', chunk) }]).definitions);
      continue;
    } catch {
      chunk = chunk.filter((d) => { const why = refusal(d); if (why) refused.push(why); return !why; });
    }
    if (chunk.length > 0) loaded.push(...VulnPack.fromFiles([{ name, text: packFileOf('NVD import', chunk) }]).definitions);
  }
  return { pack: new VulnPack(loaded), matchable: loaded.length, refused };
}

/** Converts and validates the matchable CVEs; `skipIds` are defined elsewhere (the package or built-in pack wins). */
export function nvdVulnPack(records: Iterable<ImportedCve>, skipIds: ReadonlySet<string> = new Set()): NvdPackResult {
  const defs: ConvertedDefinition[] = [];
  const refused: string[] = [];
  for (const cve of records) {
    if (skipIds.has(cve.id)) continue;
    try {
      const def = convertMatchable(cve);
      if (def) defs.push(def);
    } catch (e) {
      refused.push(`${cve.id}: ${(e as Error).message}`);
    }
  }
  const result = definitionsPack(defs);
  return { ...result, refused: [...refused, ...result.refused] };
}
