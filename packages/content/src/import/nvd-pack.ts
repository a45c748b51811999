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

/** Converts and validates the matchable CVEs; `skipIds` are defined elsewhere (the package or built-in pack wins). */
export function nvdVulnPack(records: Iterable<ImportedCve>, skipIds: ReadonlySet<string> = new Set()): NvdPackResult {
  const definitions: unknown[] = [];
  const refused: string[] = [];
  for (const cve of records) {
    if (skipIds.has(cve.id) || !ruleOf(cve)) continue;
    let def: unknown;
    try {
      def = toVulnDefinition(cve);
    } catch (e) {
      refused.push(`${cve.id}: ${(e as Error).message}`);
      continue;
    }
    const r = vulnerabilitySchema.safeParse(def);
    if (r.success) definitions.push(def);
    else refused.push(`${cve.id}: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? ''}`.trim());
  }
  // A pack file holds at most 2000 definitions (vulnPackFileSchema); split into pseudo-files.
  const files: Array<{ name: string; text: string }> = [];
  for (let i = 0; i < definitions.length; i += PACK_FILE_MAX) files.push({ name: `imported/nvd#${files.length + 1}`, text: packFileOf('NVD import', definitions.slice(i, i + PACK_FILE_MAX)) });
  const pack = VulnPack.fromFiles(files);
  return { pack, matchable: definitions.length, refused };
}
