/** How `farsight scan` prints its result: `--format table|json|sarif` and the `--fail-on` gate. */
import type { Writable } from 'node:stream';
import { FarsightError } from '@farsight/common';
import type { ScanReport } from '@farsight/scanner/types';
import type { Severity } from '@farsight/scanner/checks/types';
import { renderScanTable } from './scan-table.ts';
import { writeReportJson } from './json-stream.ts';
import { buildSarif } from './sarif.ts';
import { sarifRuleDocs, type LoadedContent } from './rule-docs.ts';
import { FAIL_ON_EXIT_CODE, findingsAtOrAbove } from './fail-on.ts';

/** Output formats of `farsight scan`. */
export const SCAN_FORMATS = ['table', 'json', 'sarif'] as const;
/** An output format. */
export type ScanFormat = (typeof SCAN_FORMATS)[number];

/** Validates `--format` (and its `--json` shorthand). */
export function formatFlag(format: string | undefined, json: boolean | undefined): ScanFormat {
  const f = format?.trim().toLowerCase();
  if (f !== undefined && !SCAN_FORMATS.some((x) => x === f)) {
    throw new FarsightError('INVALID_ARGUMENT', `--format '${format}' is not one of ${SCAN_FORMATS.join(', ')}`);
  }
  if (json && f !== undefined && f !== 'json') throw new FarsightError('INVALID_ARGUMENT', `--json and --format ${f} disagree; give one of them`);
  return json ? 'json' : (f as ScanFormat | undefined) ?? 'table';
}

/**
 * Prints the report in the chosen format. SARIF rules take their descriptions from `content`,
 * the content the scan loaded (package, built-in, imports), else from the built-in pack, and
 * for active-check findings (`farsight-…`) from the checks' own definitions.
 */
export async function writeScanOutput(report: ScanReport, format: ScanFormat, out: Writable = process.stdout, content?: PromiseLike<LoadedContent>): Promise<void> {
  if (format === 'json') return writeReportJson(report, out);
  const describe = format === 'sarif' ? await sarifRuleDocs(content) : undefined;
  const text = describe ? `${JSON.stringify(buildSarif(report, describe), null, 2)}\n` : renderScanTable(report);
  await new Promise<void>((resolve, reject) => out.write(text, (e) => (e ? reject(e) : resolve())));
}

/** The exit status `--fail-on` asks for (0 or 3), telling stderr why. */
export function failOnStatus(report: ScanReport, threshold: Severity | undefined, log: (line: string) => void): number {
  if (!threshold) return 0;
  const { vulnerable, potential } = findingsAtOrAbove(report, threshold);
  const also = potential > 0 ? ` (${potential} potential finding(s) at or above ${threshold} do not fail the gate; see their proof)` : '';
  if (vulnerable === 0) {
    if (also) log(`fail-on ${threshold}: no vulnerable finding${also}`);
    return 0;
  }
  log(`fail-on ${threshold}: ${vulnerable} vulnerable finding(s) at or above ${threshold}${also}; exit status ${FAIL_ON_EXIT_CODE}`);
  return FAIL_ON_EXIT_CODE;
}
