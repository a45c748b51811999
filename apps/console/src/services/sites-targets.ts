/**
 * Validation of a site's included and excluded targets with the same parsers the scanner uses
 * (`parseTargetList` for what is scanned, `parseAddressSet` for exclusions), so a target the
 * console accepts is exactly a target the engine can scan. Pure.
 */
import { FarsightError, isFarsightError, parseAddressSet, parseTargetList, splitTargetTokens } from '@farsight/common';
import type { ErrorCode } from '@farsight/common';

/** Most target tokens one list may hold (a site listing more should use ranges or CIDRs). */
export const MAX_TARGET_TOKENS = 20_000;
/** Most bad tokens named in one error message. */
const MAX_NAMED = 5;

/** Which list is being validated; names the field in error messages. */
export type TargetListKind = 'included' | 'excluded';

/**
 * Splits (on whitespace and commas), validates and de-duplicates target tokens, keeping the
 * client's spelling and order. Throws the first bad token's TARGET_* code with a message naming
 * every bad token (up to five), e.g. `excluded target '127.0.0.300' …`.
 */
export function normaliseTargets(kind: TargetListKind, input: readonly string[]): string[] {
  const tokens: string[] = [];
  const seen = new Set<string>();
  for (const raw of input) {
    for (const t of splitTargetTokens(raw)) {
      const k = t.toLowerCase();
      if (seen.has(k)) continue;
      seen.add(k);
      tokens.push(t);
    }
  }
  if (tokens.length > MAX_TARGET_TOKENS) {
    throw new FarsightError('INVALID_ARGUMENT', `${kind} targets list ${tokens.length} entries, more than ${MAX_TARGET_TOKENS}; merge addresses into ranges or CIDRs`);
  }
  const problems: Array<{ code: ErrorCode; message: string }> = [];
  for (const t of tokens) {
    try {
      if (kind === 'included') parseTargetList([t]);
      else parseAddressSet([t]);
    } catch (e) {
      if (!isFarsightError(e)) throw e;
      problems.push({ code: e.code, message: e.message });
    }
  }
  const first = problems[0];
  if (first) {
    const named = problems.slice(0, MAX_NAMED).map((p) => p.message).join('; ');
    const more = problems.length > MAX_NAMED ? `; and ${problems.length - MAX_NAMED} more` : '';
    throw new FarsightError(first.code, `${kind} targets: ${problems.length} invalid: ${named}${more}`);
  }
  return tokens;
}

/** Counts the distinct addresses plus hostnames a site's included targets name (for `assets`-like totals). */
export function countTargets(tokens: readonly string[]): number {
  return tokens.length === 0 ? 0 : parseTargetList(tokens).count;
}
