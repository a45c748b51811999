/**
 * Which checks run: by category (only `safe` by default; `intrusive` only when explicitly
 * enabled by `--intrusive` or a custom template that lists it), then narrowed by `--checks` ids and `--skip-checks`. Pure; unknown ids are
 * errors that list the valid ones.
 */
import { FarsightError } from '@farsight/common';
import type { ActiveCheck, CheckCategory } from './types.ts';

/** A scan's check settings (from the template and the CLI). */
export interface CheckSelection {
  /** Categories the template enables (`[]` = no checks). */
  categories: readonly CheckCategory[];
  /** Explicit opt-in for intrusive checks (never implied by a default). */
  intrusive?: boolean;
  /** Run only these check ids (still subject to the categories). */
  only?: readonly string[];
  /** Never run these check ids. */
  skip?: readonly string[];
}

/** The checks a selection enables, in registry order. */
export function selectChecks(all: readonly ActiveCheck[], s: CheckSelection): ActiveCheck[] {
  const known = new Set(all.map((c) => c.meta.id));
  for (const id of [...(s.only ?? []), ...(s.skip ?? [])]) {
    if (!known.has(id)) {
      throw new FarsightError('CHECK_UNKNOWN', `check '${id}' does not exist; valid ids: ${[...known].join(', ')}`);
    }
  }
  // A template lists `intrusive` only when a user wrote it there (built-ins never do): that is an opt-in too.
  const cats = new Set<CheckCategory>(s.categories);
  if (s.intrusive && s.categories.length > 0) cats.add('intrusive');
  const only = s.only && s.only.length > 0 ? new Set(s.only) : undefined;
  const skip = new Set(s.skip ?? []);
  return all.filter((c) => {
    if (skip.has(c.meta.id) || (only && !only.has(c.meta.id))) return false;
    // Every category a check carries must be enabled: an intrusive+safe check stays off without the opt-in.
    return c.meta.categories.length > 0 && c.meta.categories.every((cat) => cats.has(cat));
  });
}
