/**
 * Builds a match's params from a fingerprint's `<param>` list, with Recog's semantics
 * (lib/recog/fingerprint.rb#match): params apply in document order and a later param of the
 * same name replaces the value but keeps the first one's position; pos 0 is a fixed value,
 * pos N capture group N (omitted when the group did not participate); the file's `protocol`
 * fills `service.protocol` unless a param set it; `{name}` in a fixed value is replaced by
 * the param of that name — and when it is missing, a `*.cpe23` param gets `-` for a missing
 * `*.version` (the CPE "any" placeholder), while any other unresolved reference drops the
 * param (Recog raises there; a scanner should rather lose one attribute than the match).
 */
import type { ParamSpec } from './recog-xml.ts';

/** The fixed-value params and the `{…}` references each one makes, computed once per fingerprint. */
export interface ParamPlan {
  readonly params: readonly ParamSpec[];
  readonly refs: ReadonlyMap<string, readonly string[]>;
}

const REF = /\{([^\s{}]+)\}/g;

/** De-duplicates by name Ruby-hash style and notes interpolation references. */
export function planParams(specs: readonly ParamSpec[]): ParamPlan {
  const byName = new Map<string, ParamSpec>();
  for (const p of specs) byName.set(p.name, p); // Map.set keeps the first insertion position
  const refs = new Map<string, string[]>();
  for (const p of byName.values()) {
    if (p.pos !== 0) continue;
    const names = [...new Set([...p.value.matchAll(REF)].map((m) => m[1] ?? ''))];
    if (names.length > 0) refs.set(p.name, names);
  }
  return { params: [...byName.values()], refs };
}

/** Applies a plan to one regex match; `group(n)` returns capture n or undefined. */
export function buildParams(plan: ParamPlan, group: (n: number) => string | undefined, protocol: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of plan.params) {
    const v = p.pos === 0 ? p.value : group(p.pos);
    if (v !== undefined) out[p.name] = v;
  }
  if (protocol !== '' && out['service.protocol'] === undefined) out['service.protocol'] = protocol;
  for (const [name, names] of plan.refs) {
    let value = out[name];
    if (value === undefined) continue;
    for (const ref of names) {
      const replacement = out[ref] ?? (name.endsWith('.cpe23') && ref.endsWith('.version') ? '-' : undefined);
      if (replacement === undefined) {
        value = undefined;
        break;
      }
      value = value.split(`{${ref}}`).join(replacement);
    }
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}
