/**
 * Text rendering of authenticated-scan results: one line per host in the scan table, the
 * credential coverage summary, and the table of `farsight credentials test`.
 */
import type { HostResult, ScanReport } from '@farsight/scanner/types';
import type { HostAuthResult } from '@farsight/scanner/auth/types';
import { renderTable } from '../output/table-format.ts';

function osName(a: HostAuthResult): string {
  const inv = a.inventory;
  if (!inv) return '';
  const os = inv.os?.prettyName ?? inv.os?.id ?? 'unknown OS';
  return `${os}${inv.kernel ? `, kernel ${inv.kernel.release}` : ''}${inv.arch ? ` ${inv.arch}` : ''}, ${inv.packages.length} ${inv.packageManager ?? ''} packages, ${inv.sockets.length} listening sockets`;
}

/** The `Auth:` lines of one host in the scan table ('' when the host was not credentialed). */
export function renderHostAuth(h: HostResult): string {
  const a = h.auth;
  if (!a) return '';
  const lines = [`  Auth: ${a.outcome} — ${a.detail}`];
  const os = osName(a);
  if (os) lines.push(`  Inventory: ${os}`);
  for (const [name, note] of Object.entries(a.inventory?.notes ?? {})) lines.push(`  Note (${name}): ${note}`);
  const inv = a.invulnerable?.length ?? 0;
  if (inv > 0) lines.push(`  ${inv} advisory match(es) judged invulnerable (fixed version installed; see --json hosts[].auth.invulnerable)`);
  return `${lines.join('\n')}\n`;
}

/** The credential coverage sentence of the scan summary ('' without credentials). */
export function renderCoverage(report: ScanReport): string {
  const c = report.scan.credentials;
  if (!c) return '';
  const parts = Object.entries(c.outcomes).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${v} ${k}`);
  return `Credentials: ${c.success} of ${c.attempted} credentialed host(s) logged in${parts.length > 0 ? ` (${parts.join(', ')})` : ''}.\n`;
}

/** The table of `farsight credentials test`. */
export function renderCredentialTest(rows: { address: string; auth?: HostAuthResult }[]): string {
  const body = rows.map(({ address, auth }) => auth
    ? [address, auth.outcome, auth.credential ?? '', auth.user ?? '', String(auth.port), auth.method ?? '', auth.elevation ?? '', auth.hostKey ?? '', auth.detail]
    : [address, 'skipped', '', '', '', '', '', '', 'no credential is scoped to this address; nothing was sent']);
  const ok = rows.filter((r) => r.auth?.outcome === 'success').length;
  return renderTable(['ADDRESS', 'OUTCOME', 'CREDENTIAL', 'USER', 'PORT', 'METHOD', 'ELEVATION', 'HOST KEY', 'DETAIL'], body)
    + `\n${ok} of ${rows.length} address(es) logged in${ok === rows.length ? '' : '; see DETAIL for what to fix'}.\n`;
}
