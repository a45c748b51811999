/**
 * The vulnerability pack: definitions validated by the schema, scored, and indexed by the
 * product their version rule applies to. The built-in pack is the JSON files in
 * `packages/content/vulns/`; it is read once, on first use.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FarsightError } from '@farsight/common';
import { parseCpe } from '../cpe/cpe.ts';
import { productByKey } from '../cpe/products.ts';
import { cvssBaseScore } from './cvss.ts';
import { vulnPackFileSchema, type VersionRule, type VulnDefinition } from './schema.ts';

/** A scored CVSS vector of a definition. */
export interface ScoredCvss {
  version: '3.1' | '4.0';
  vector: string;
  score: number;
}

/** A version rule with the canonical product key it applies to. */
export type LoadedRule = VersionRule & { productKey: string };

/** A definition as loaded: validated, scored, with its product keys and source file. */
export interface LoadedVuln extends VulnDefinition {
  /** v3.1 first, then v4.0. */
  scores: ScoredCvss[];
  /** Canonical `vendor:product` of the (first) version rule, when it has one. */
  productKey?: string;
  /** Every version rule (`rule`, or each of `rules`) with its product key; absent = derived from `rule`/`productKey`. */
  versionRules?: LoadedRule[];
  /** File it came from (for error messages and the check reference). */
  file: string;
}

/** An indexed set of vulnerability definitions. */
export class VulnPack {
  readonly definitions: readonly LoadedVuln[];
  readonly #byId = new Map<string, LoadedVuln>();
  readonly #byProduct = new Map<string, LoadedVuln[]>();

  constructor(definitions: LoadedVuln[]) {
    this.definitions = definitions;
    for (const d of definitions) {
      if (this.#byId.has(d.id)) throw new FarsightError('VULN_CONTENT_INVALID', `vulnerability ${d.id} is defined twice (${this.#byId.get(d.id)?.file} and ${d.file}); keep one`);
      this.#byId.set(d.id, d);
      for (const key of new Set(versionRulesOf(d).map((r) => r.productKey))) {
        const list = this.#byProduct.get(key) ?? [];
        list.push(d);
        this.#byProduct.set(key, list);
      }
    }
  }

  /** Definitions whose version rule names this canonical product key. */
  forProduct(key: string): readonly LoadedVuln[] {
    return this.#byProduct.get(key) ?? [];
  }

  /** The definition with this id. */
  get(id: string): LoadedVuln | undefined {
    return this.#byId.get(id);
  }

  /** Validates pack files (`{name, text}`) and builds a pack. Throws VULN_CONTENT_INVALID naming file and field. */
  static fromFiles(files: ReadonlyArray<{ name: string; text: string }>): VulnPack {
    const out: LoadedVuln[] = [];
    for (const f of files) {
      let json: unknown;
      try { json = JSON.parse(f.text); } catch (e) {
        throw new FarsightError('VULN_CONTENT_INVALID', `${f.name} is not JSON (${(e as Error).message}); fix the file`, { cause: e });
      }
      const r = vulnPackFileSchema.safeParse(json);
      if (!r.success) {
        const issues = r.error.issues.slice(0, 5).map((i) => `${describePath(json, i.path)}: ${i.message}`).join('; ');
        throw new FarsightError('VULN_CONTENT_INVALID', `${f.name} fails the vulnerability schema: ${issues}`);
      }
      for (const v of r.data.vulnerabilities) out.push(load(v, f.name));
    }
    return new VulnPack(out);
  }
}

function describePath(json: unknown, path: PropertyKey[]): string {
  // Name the definition by id, not only by array index, so the author finds it.
  const [a, idx] = path;
  const vulns = (json as { vulnerabilities?: Array<{ id?: unknown }> } | null)?.vulnerabilities;
  const id = a === 'vulnerabilities' && typeof idx === 'number' ? vulns?.[idx]?.id : undefined;
  return `${typeof id === 'string' ? `${id} ` : ''}${path.map(String).join('.') || '(root)'}`;
}

function load(v: VulnDefinition, file: string): LoadedVuln {
  const scores: ScoredCvss[] = [];
  if (v.cvss.v31) scores.push({ version: '3.1', vector: v.cvss.v31, score: cvssBaseScore(v.cvss.v31) });
  if (v.cvss.v40) scores.push({ version: '4.0', vector: v.cvss.v40, score: cvssBaseScore(v.cvss.v40) });
  const references = v.references.length > 0 ? v.references : v.cves.map((c) => `https://nvd.nist.gov/vuln/detail/${c}`);
  const versionRules: LoadedRule[] = [];
  for (const rule of v.rules ?? (v.rule ? [v.rule] : [])) {
    const c = parseCpe(rule.cpe);
    const key = productByKey(`${c.vendor}:${c.product}`)?.key;
    if (key) versionRules.push({ ...rule, productKey: key });
  }
  const productKey = versionRules[0]?.productKey;
  return { ...v, references, scores, ...(productKey ? { productKey } : {}), versionRules, file };
}

/** The version rules of a definition, each with its product key (one product or several). */
export function versionRulesOf(v: LoadedVuln): readonly LoadedRule[] {
  if (v.versionRules) return v.versionRules;
  return v.rule && v.productKey ? [{ ...v.rule, productKey: v.productKey }] : [];
}

/** Directory of the built-in pack's data files. */
export function builtinVulnDir(): string {
  return fileURLToPath(new URL('../../vulns/', import.meta.url));
}

/** Reads every `*.json` of a directory as pack files (sorted by name). */
export async function readVulnDirectory(dir: string): Promise<VulnPack> {
  let names: string[];
  try { names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort(); } catch (e) {
    throw new FarsightError('VULN_CONTENT_INVALID', `cannot read vulnerability content directory ${dir}: ${(e as Error).message}`, { cause: e });
  }
  const files = await Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
  return VulnPack.fromFiles(files);
}

let builtin: Promise<VulnPack> | undefined;

/** The built-in pack, read and validated once per process on first use. */
export function loadBuiltinVulnPack(): Promise<VulnPack> {
  builtin ??= readVulnDirectory(builtinVulnDir());
  builtin.catch(() => { builtin = undefined; });
  return builtin;
}
