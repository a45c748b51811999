/** Text rendering of a host's vulnerability findings: most severe first, one row each. */
import type { HostResult } from '@farsight/scanner/types';
import type { Finding } from '@farsight/scanner/checks/types';
import { compareFindings } from '@farsight/scanner/checks/version-check-hook';
import { renderTable } from './table-format.ts';

const MAX_TITLE = 70;

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function cvssCell(f: Finding): string {
  return f.cvss ? f.cvss.score.toFixed(1) : '';
}

/** The verdict as users read it: `vulnerable`, or `potential (low)` with the confidence. */
export function verdictCell(f: Finding): string {
  return f.verdict === 'potential' ? `potential (${f.confidence})` : f.verdict;
}

/** Findings of one host as an indented table (empty string when it has none). */
export function renderFindings(h: HostResult): string {
  if (h.findings.length === 0) return '';
  const rows = [...h.findings].sort(compareFindings).map((f) => [
    f.severity.toUpperCase(), cvssCell(f), f.port !== undefined ? `${f.port}/${f.protocol ?? 'tcp'}` : 'host',
    f.id, verdictCell(f), clip(f.title, MAX_TITLE),
  ]);
  return `  Findings (${h.findings.length}):\n${renderTable(['SEVERITY', 'CVSS', 'PORT', 'ID', 'VERDICT', 'TITLE'], rows, '    ')}`;
}

/** Counts per severity over all hosts, e.g. `2 critical, 5 high, 1 medium` ('' when none). */
export function findingsSummary(hosts: readonly HostResult[]): string {
  const counts = new Map<string, number>();
  let potential = 0;
  for (const h of hosts) for (const f of h.findings) {
    counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
    if (f.verdict === 'potential') potential++;
  }
  const parts = ['critical', 'high', 'medium', 'low', 'info'].filter((s) => counts.has(s)).map((s) => `${counts.get(s)} ${s}`);
  if (parts.length === 0) return '';
  return `${parts.join(', ')}${potential > 0 ? ` (${potential} potential: distribution builds whose fix cannot be seen remotely)` : ''}`;
}
