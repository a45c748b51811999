/**
 * CPE 2.3 names (NIST IR 7695): parse the formatted string (`cpe:2.3:a:openbsd:openssh:8.9p1:*:…`)
 * and the older 2.2 URI (`cpe:/a:openbsd:openssh:8.9p1`, what Recog fingerprints emit), format
 * them back, and match a pattern against a name attribute by attribute. Pure functions.
 */
import { FarsightError } from '@farsight/common';

/** The eleven attributes of a CPE 2.3 name; `*` is ANY, `-` is NA, otherwise a lower-case value. */
export interface Cpe {
  part: string;
  vendor: string;
  product: string;
  version: string;
  update: string;
  edition: string;
  language: string;
  swEdition: string;
  targetSw: string;
  targetHw: string;
  other: string;
}

/** Attribute names in formatted-string order. */
export const CPE_ATTRIBUTES = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'swEdition', 'targetSw', 'targetHw', 'other'] as const;

const MAX_CPE_CHARS = 512;

function invalid(text: string, why: string): FarsightError {
  return new FarsightError('CPE_INVALID', `CPE ${JSON.stringify(text.slice(0, 80))} is not valid: ${why}; write it as cpe:2.3:part:vendor:product:version[:…] (NIST IR 7695)`);
}

/** Splits on `:` not preceded by a backslash escape. */
function splitEscaped(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) { cur += c + (s[i + 1] as string); i++; continue; }
    if (c === ':') { out.push(cur); cur = ''; continue; }
    cur += c;
  }
  out.push(cur);
  return out;
}

function fromParts(text: string, parts: string[]): Cpe {
  if (parts.length < 3) throw invalid(text, 'it needs at least part, vendor and product');
  if (parts.length > 11) throw invalid(text, 'it has more than 11 attributes');
  const values = CPE_ATTRIBUTES.map((_, i) => {
    const v = (parts[i] ?? '*').toLowerCase();
    return v === '' ? '*' : v;
  });
  if (!/^[aoh*]$/.test(values[0] as string)) throw invalid(text, `part ${JSON.stringify(values[0])} must be a, o or h`);
  for (const v of values) {
    // Printable ASCII without blanks; `?`/`*` wildcards are allowed only in patterns (checked by callers).
    if (!/^[\x21-\x7e]+$/.test(v)) throw invalid(text, `attribute ${JSON.stringify(v)} has blanks or non-ASCII characters`);
  }
  const [part, vendor, product, version, update, edition, language, swEdition, targetSw, targetHw, other] = values as [string, string, string, string, string, string, string, string, string, string, string];
  return { part, vendor, product, version, update, edition, language, swEdition, targetSw, targetHw, other };
}

/** Parses a CPE 2.3 formatted string or a 2.2 URI. Missing trailing attributes are ANY. Throws CPE_INVALID. */
export function parseCpe(text: string): Cpe {
  if (typeof text !== 'string' || text.length > MAX_CPE_CHARS) throw invalid(String(text), `it must be a string of at most ${MAX_CPE_CHARS} characters`);
  if (text.startsWith('cpe:2.3:')) return fromParts(text, splitEscaped(text.slice('cpe:2.3:'.length)));
  if (text.startsWith('cpe:/')) {
    // 2.2 URI: percent-encoding and `~`-packed editions are rare in banners; decode the former only.
    let body: string;
    try { body = decodeURIComponent(text.slice('cpe:/'.length)); } catch { throw invalid(text, 'it has a broken %-escape'); }
    return fromParts(text, body.split(':'));
  }
  throw invalid(text, 'it must start with cpe:2.3: or cpe:/');
}

/** Formats a CPE as the full 13-field 2.3 formatted string. */
export function formatCpe(cpe: Cpe): string {
  return `cpe:2.3:${CPE_ATTRIBUTES.map((a) => cpe[a]).join(':')}`;
}

/** Builds an application CPE from vendor, product and version (other attributes ANY). */
export function applicationCpe(vendor: string, product: string, version = '*'): Cpe {
  const v = version.toLowerCase().replace(/[^\x21-\x7e]/g, '_').replace(/:/g, '\\:');
  return parseCpe(`cpe:2.3:a:${vendor}:${product}:${v === '' ? '*' : v}`);
}

function attributeMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (pattern === '-') return value === '-';
  if (value === '*' || value === '-') return false;
  if (!/[*?]/.test(pattern.replace(/\\./g, ''))) return pattern === value;
  // Unescaped `*` (any run) and `?` (one character) inside a value, as CPE name matching allows.
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) { re += (pattern[i + 1] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); i++; }
    else if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(value);
}

/** True when every attribute of `pattern` matches the same attribute of `name` (ANY matches all, NA only NA). */
export function cpeMatches(pattern: Cpe, name: Cpe): boolean {
  return CPE_ATTRIBUTES.every((a) => attributeMatches(pattern[a], name[a]));
}

/** `vendor:product` of a CPE, the key version rules and products are indexed by. */
export function cpeProductKey(cpe: Cpe): string {
  return `${cpe.vendor}:${cpe.product}`;
}
