/**
 * `farsight scan --format sarif`: the scan's findings as a SARIF 2.1.0 log (OASIS Static
 * Analysis Results Interchange Format), so code-scanning dashboards and pipelines can read a
 * network scan. One rule per vulnerability id (tool.driver.rules), one result per finding,
 * located at `address:port`. Pure.
 */
import { createHash } from 'node:crypto';
import type { ScanReport } from '@farsight/scanner/types';
import type { Finding, Severity } from '@farsight/scanner/checks/types';

/** What the content knows about a vulnerability id beyond the finding itself. */
export interface RuleDoc {
  description?: string;
  solution?: { type: string; text: string };
  references?: readonly string[];
  cwes?: readonly string[];
}

/** SARIF `level` of a severity: critical/high → error, medium → warning, low/info → note. */
export function sarifLevel(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** GitHub's `security-severity` property: the CVSS score, or the middle of the severity band. */
function securitySeverity(f: Finding): string {
  const band: Record<Severity, number> = { critical: 9.5, high: 8.0, medium: 5.5, low: 2.0, info: 0.0 };
  return (f.cvss?.score ?? band[f.severity]).toFixed(1);
}

/** `address:port` (IPv6 in brackets); the host alone for host-level findings. */
export function locationOf(address: string, f: Pick<Finding, 'port'>): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return f.port !== undefined ? `${host}:${f.port}` : host;
}

function ruleOf(f: Finding, doc: RuleDoc | undefined): Record<string, unknown> {
  const help = [doc?.solution?.text ?? 'See the references.', ...(doc?.references ?? []).map((r) => `- ${r}`)].join('\n');
  return {
    id: f.id,
    name: f.id.replace(/[^A-Za-z0-9]+/g, '_'),
    shortDescription: { text: f.title },
    fullDescription: { text: doc?.description ?? f.title },
    help: { text: help },
    ...(doc?.references?.[0] ? { helpUri: doc.references[0] } : {}),
    defaultConfiguration: { level: sarifLevel(f.severity) },
    properties: {
      'security-severity': securitySeverity(f),
      tags: ['security', 'vulnerability', ...f.cves, ...(doc?.cwes ?? [])],
      ...(f.cvss ? { cvss: f.cvss } : {}),
    },
  };
}

/** Builds the SARIF 2.1.0 log of a scan report. `describe` adds descriptions and solutions from content. */
export function buildSarif(report: ScanReport, describe: (id: string) => RuleDoc | undefined = () => undefined): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Record<string, unknown>[] = [];
  for (const h of report.hosts) {
    for (const f of h.findings) {
      let index = ruleIndex.get(f.id);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.id, index);
        rules.push(ruleOf(f, describe(f.id)));
      }
      const where = locationOf(h.address, f);
      const key = `${f.id}|${h.address}|${f.port ?? ''}|${f.protocol ?? ''}|${f.instance ?? ''}`;
      results.push({
        ruleId: f.id,
        ruleIndex: index,
        level: sarifLevel(f.severity),
        message: { text: `${f.title} on ${where}${f.protocol ? `/${f.protocol}` : ''} (${f.verdict}, ${f.confidence} confidence): ${f.proof}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: where } },
          logicalLocations: [{ name: where, fullyQualifiedName: `${h.hostnames[0] ?? h.address}:${f.port ?? ''}/${f.protocol ?? ''}`, kind: 'resource' }],
        }],
        partialFingerprints: { 'farsightFinding/v1': createHash('sha256').update(key).digest('hex').slice(0, 32) },
        properties: { severity: f.severity, verdict: f.verdict, confidence: f.confidence, rule: f.rule, cves: f.cves, ...(f.instance ? { instance: f.instance } : {}) },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'Farsight', version: report.scan.farsightVersion, semanticVersion: report.scan.farsightVersion, rules } },
      invocations: [{ executionSuccessful: true, startTimeUtc: report.scan.startedAt, endTimeUtc: report.scan.finishedAt }],
      results,
    }],
  };
}
