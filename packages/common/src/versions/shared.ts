/**
 * Pieces shared by the dpkg, rpm and apk version comparators: the result type and the one
 * way they report a malformed version (FarsightError VERSION_INVALID naming input and rule).
 */
import { FarsightError } from '../errors.ts';

/** The result of a version comparison: -1 when a < b, 0 when equal, 1 when a > b. */
export type Ordering = -1 | 0 | 1;

/** The package ecosystems whose version order Farsight knows. */
export type VersionEcosystem = 'dpkg' | 'rpm' | 'apk';

/** Collapses any number to an Ordering by its sign. */
export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** True for a character code in printable ASCII without space (0x21-0x7e). */
export function isGraphicAscii(code: number): boolean {
  return code >= 0x21 && code <= 0x7e;
}

/** True for an ASCII digit. */
export function isDigitCode(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** True for an ASCII letter. */
export function isAlphaCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Index of the first character outside printable ASCII, or -1. */
export function firstNonGraphic(text: string): number {
  for (let i = 0; i < text.length; i++) if (!isGraphicAscii(text.charCodeAt(i))) return i;
  return -1;
}

/**
 * Compares two runs of ASCII digits by numeric value without converting, so any length works;
 * an empty run counts as zero (dpkg compares `1.` and `1.0` that way).
 */
export function compareDigitRuns(a: string, b: string): Ordering {
  let i = 0;
  let j = 0;
  while (i < a.length && a.charCodeAt(i) === 48) i++;
  while (j < b.length && b.charCodeAt(j) === 48) j++;
  const la = a.length - i;
  const lb = b.length - j;
  if (la !== lb) return la < lb ? -1 : 1;
  const x = a.slice(i);
  const y = b.slice(j);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The VERSION_INVALID error: names the ecosystem, the (shortened) input and the broken rule. */
export function versionInvalid(ecosystem: VersionEcosystem, input: string, rule: string): FarsightError {
  const shown = input.length > 80 ? `${JSON.stringify(input.slice(0, 80))}…` : JSON.stringify(input);
  return new FarsightError(
    'VERSION_INVALID',
    `${ecosystem} version ${shown} is invalid: ${rule}. Pass the version exactly as the package manager reports it.`,
  );
}
