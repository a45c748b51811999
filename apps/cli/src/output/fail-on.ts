/** `farsight scan --fail-on SEVERITY`: exit status 3 when a finding at or above it exists. */
import { FarsightError } from '@farsight/common';
import type { ScanReport } from '@farsight/scanner/types';
import type { Severity } from '@farsight/scanner/checks/types';
import { SEVERITY_ORDER } from '@farsight/scanner/checks/version-check-hook';

/** The exit status `--fail-on` uses (0 = ok, 1 = runtime failure, 2 = usage error). */
export const FAIL_ON_EXIT_CODE = 3;

/** Validates `--fail-on`: one of info, low, medium, high, critical (case-insensitive). */
export function failOnFlag(value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  const hit = SEVERITY_ORDER.find((s) => s === v);
  if (!hit) throw new FarsightError('INVALID_ARGUMENT', `--fail-on '${value}' is not a severity; use one of ${SEVERITY_ORDER.join(', ')} (exit status ${FAIL_ON_EXIT_CODE} when a finding at or above it exists)`);
  return hit;
}

/**
 * Findings at or above `threshold`: `vulnerable` ones gate; `potential` ones (a distribution
 * build whose fix cannot be seen remotely) are counted apart, so a gate does not fail on
 * builds that are most likely patched.
 */
export function findingsAtOrAbove(report: ScanReport, threshold: Severity): { vulnerable: number; potential: number } {
  const min = SEVERITY_ORDER.indexOf(threshold);
  const out = { vulnerable: 0, potential: 0 };
  for (const h of report.hosts) for (const f of h.findings) if (SEVERITY_ORDER.indexOf(f.severity) >= min) out[f.verdict]++;
  return out;
}
