/**
 * Validates API bodies against the InsightVM v3 spec's definitions
 * (`../shared/api/insightvm-api-v3.json`, Swagger 2), read at run time, never copied.
 * A small validator for the subset the spec uses: $ref, type, properties, required, items,
 * enum, format (int32/int64/double/float), additionalProperties. Swagger 2 has no null:
 * a null where the spec has a type is an error (omit the property instead).
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

/** Path of the spec (override with FARSIGHT_V3_SPEC). */
export const V3_SPEC_PATH = process.env.FARSIGHT_V3_SPEC ?? new URL('../../../../shared/api/insightvm-api-v3.json', import.meta.url).pathname;

interface Schema {
  $ref?: string; type?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema;
  enum?: unknown[]; format?: string; additionalProperties?: boolean | Schema; allOf?: Schema[];
}
interface Spec { definitions: Record<string, Schema>; paths: Record<string, Record<string, { responses?: Record<string, { schema?: Schema }> }>> }

let spec: Spec | null = null;
/** The parsed spec (cached). */
export function v3Spec(): Spec {
  spec ??= JSON.parse(readFileSync(V3_SPEC_PATH, 'utf8')) as Spec;
  return spec;
}

const squash = (s: string): string => s.replace(/^#\/definitions\//, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();

/** Resolves a definition name: exact (`PageOf«Site»`), with the prefix, or squashed (`PageOfSite`, `ResourcesSite`). */
export function definitionName(ref: string): string {
  const defs = v3Spec().definitions;
  const bare = ref.replace(/^#\/definitions\//, '');
  if (Object.hasOwn(defs, bare)) return bare;
  const want = squash(bare);
  const hit = Object.keys(defs).find((k) => squash(k) === want);
  if (!hit) throw new Error(`no definition ${ref} in the v3 spec (try a name as listed in its "definitions")`);
  return hit;
}

/** Options: `strict` also reports properties the definition does not have. */
export interface V3Options { strict?: boolean }

function validate(v: unknown, s: Schema, path: string, out: string[], opts: V3Options, depth: number): void {
  if (out.length > 50 || depth > 64) return;
  if (s.$ref) { validate(v, v3Spec().definitions[definitionName(s.$ref)] ?? {}, path, out, opts, depth + 1); return; }
  for (const sub of s.allOf ?? []) validate(v, sub, path, out, opts, depth + 1);
  if (s.enum && !s.enum.includes(v)) out.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum).slice(0, 200)}`);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (!type) return;
  const bad = (what: string): void => { out.push(`${path}: expected ${what}, got ${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v} ${JSON.stringify(v)?.slice(0, 80) ?? ''}`); };
  switch (type) {
    case 'string': if (typeof v !== 'string') bad('string'); return;
    case 'boolean': if (typeof v !== 'boolean') bad('boolean'); return;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) bad('integer');
      else if (s.format === 'int32' && (v < -(2 ** 31) || v >= 2 ** 31)) bad('int32');
      return;
    case 'number': if (typeof v !== 'number' || !Number.isFinite(v)) bad('number'); return;
    case 'array':
      if (!Array.isArray(v)) { bad('array'); return; }
      if (s.items) v.forEach((x, i) => validate(x, s.items as Schema, `${path}[${i}]`, out, opts, depth + 1));
      return;
    case 'object': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) { bad('object'); return; }
      const o = v as Record<string, unknown>;
      for (const r of s.required ?? []) if (!(r in o)) out.push(`${path}: missing required property ${r}`);
      for (const [k, x] of Object.entries(o)) {
        const ps = s.properties?.[k];
        if (ps) validate(x, ps, `${path}.${k}`, out, opts, depth + 1);
        else if (typeof s.additionalProperties === 'object') validate(x, s.additionalProperties, `${path}.${k}`, out, opts, depth + 1);
        else if (s.additionalProperties === false || (opts.strict && s.properties)) out.push(`${path}: property ${k} is not in the v3 definition`);
      }
      return;
    }
    default: return;
  }
}

/** Every mismatch between `body` and the definition (empty = valid). */
export function v3Errors(body: unknown, ref: string, opts: V3Options = {}): string[] {
  const out: string[] = [];
  validate(body, { $ref: `#/definitions/${definitionName(ref)}` }, '$', out, opts, 0);
  return out;
}

/** Asserts a response body (or a TestResponse's `.body`) matches a v3 definition, listing every mismatch. */
export function assertMatchesV3(response: unknown, ref: string, opts: V3Options = {}): void {
  const body = typeof response === 'object' && response !== null && 'status' in response && 'text' in response && 'body' in response
    ? (response as { body: unknown }).body : response;
  const errors = v3Errors(body, ref, opts);
  assert.deepEqual(errors, [], `body does not match v3 ${definitionName(ref)}:\n  ${errors.join('\n  ')}\nbody: ${JSON.stringify(body)?.slice(0, 2000)}`);
}

/**
 * The definition the spec documents for a route's response: `v3ResponseRef('GET', '/api/3/sites/:id', 200)`
 * → `Site`. Undefined when the spec has no such path/method/status or no schema.
 */
export function v3ResponseRef(method: string, fastifyUrl: string, status: number): string | undefined {
  const path = fastifyUrl.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\/$/, '');
  const paths = v3Spec().paths;
  // Parameter names may differ ({id} vs {siteId}): compare with names blanked.
  const blank = (p: string): string => p.replace(/\{[^}]+\}/g, '{}');
  const key = Object.hasOwn(paths, path) ? path : Object.keys(paths).find((p) => blank(p) === blank(path));
  const op = key ? paths[key]?.[method.toLowerCase()] : undefined;
  const responses = op?.responses ?? {};
  const schema = responses[String(status)]?.schema ?? (status >= 200 && status < 300 ? responses['200']?.schema : undefined);
  return schema?.$ref?.replace(/^#\/definitions\//, '');
}
