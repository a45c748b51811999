/** nmap-like text rendering of a scan report. */
import type { HostResult, ScanReport, ServiceResult } from '@farsight/scanner/types';
import { renderTable } from './table-format.ts';
import { findingsSummary, renderFindings } from './findings-table.ts';
import { renderCoverage, renderHostAuth } from '../commands/credentials-output.ts';

function product(s: ServiceResult): string {
  // Recog often names the vendor after the product (Redis Redis): say it once.
  const vendor = s.vendor && s.product?.toLowerCase().startsWith(s.vendor.toLowerCase()) ? undefined : s.vendor;
  const name = [vendor, s.product].filter(Boolean).join(' ');
  return name || (s.banner ? `banner: ${s.banner.slice(0, 40)}` : '');
}

function detail(s: ServiceResult): string {
  const bits: string[] = [];
  if (s.tls) bits.push(`TLS ${s.tls.supportedProtocols.join('/') || s.tls.protocol}${s.tls.certificate ? `, cert ${s.tls.certificate.subject}` : ''}`);
  if (s.http?.title) bits.push(`title "${s.http.title.slice(0, 40)}"`);
  if (s.note) bits.push(s.note);
  return bits.join('; ');
}

function osLine(h: HostResult): string | undefined {
  if (!('confidence' in h.os)) return undefined;
  const words = [h.os.vendor, h.os.product, h.os.version].filter((w): w is string => Boolean(w));
  const name = words.filter((w, i) => w !== words[i - 1]).join(' ');
  return `  OS: ${name || h.os.family || 'unknown'} (confidence ${h.os.confidence}%, from ${h.os.source})`;
}

/** Renders the report as host blocks plus a summary line. */
export function renderScanTable(report: ScanReport): string {
  const out: string[] = [];
  const s = report.scan;
  out.push(`Farsight ${s.farsightVersion} scan of ${s.targetsSpecified.join(' ')} (template ${s.template})\n`);
  let quiet = 0;
  for (const h of report.hosts) {
    if (h.services.length === 0) { quiet++; continue; }
    const names = h.hostnames.length > 0 ? ` (${h.hostnames.join(', ')})` : '';
    const rtt = h.rttMicros !== undefined ? `, rtt ${(h.rttMicros / 1000).toFixed(2)} ms` : '';
    out.push(`\nHost ${h.address}${names} is up (${h.reason}${rtt})\n`);
    const os = osLine(h);
    if (os) out.push(`${os}\n`);
    out.push(renderTable(
      ['PORT', 'STATE', 'SERVICE', 'PRODUCT', 'VERSION', 'DETAILS'],
      h.services.map((x) => [`${x.port}/${x.protocol}`, x.state, x.tunnel ? `${x.name}/ssl` : x.name, product(x), x.version ?? '', detail(x)]),
      '  ',
    ));
    const hidden = (h.closedPorts ?? 0) + (h.filteredPorts ?? 0);
    if (hidden > 0) out.push(`  (${h.closedPorts ?? 0} closed and ${h.filteredPorts ?? 0} filtered ports not shown)\n`);
    out.push(renderHostAuth(h));
    out.push(renderFindings(h));
  }
  if (quiet > 0) out.push(`\n${quiet} host(s) up with no open ports scanned.\n`);
  const secs = (s.elapsedMs / 1000).toFixed(2);
  out.push(`\nScanned ${s.hostsTotal} address(es) in ${secs} s: ${s.hostsUp} up, ${s.hostsDown} down`
    + `${s.outOfScope > 0 ? `, ${s.outOfScope} out of scope (not contacted)` : ''}; `
    + `${s.openPorts} open port(s), ${s.servicesIdentified} service(s) identified; ${s.portsProbed} probes at ${s.probesPerSecond}/s.\n`);
  const summary = findingsSummary(report.hosts);
  if (summary) out.push(`Findings: ${summary}.\n`);
  out.push(renderCoverage(report));
  return out.join('');
}
