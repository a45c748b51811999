import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFarsightError } from '@farsight/common';
import type { ScanReport } from '@farsight/scanner/types';
import type { Finding } from '@farsight/scanner/checks/types';
import { failOnFlag, findingsAtOrAbove } from './fail-on.ts';
import { failOnStatus, formatFlag } from './scan-output.ts';
import { findingsSummary, renderFindings } from './findings-table.ts';
import { renderScanTable } from './scan-table.ts';

const f = (id: string, severity: Finding['severity'], verdict: Finding['verdict'] = 'vulnerable', score?: number): Finding => ({
  id, title: `title of ${id}`, severity, ...(score !== undefined ? { cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score } } : {}),
  cves: [id], port: 22, protocol: 'tcp', proof: 'p', confidence: verdict === 'potential' ? 'low' : 'medium', verdict, rule: `version:openssh:${id}:upstream`,
});

function report(findings: Finding[]): ScanReport {
  return {
    scan: { startedAt: '', finishedAt: '', elapsedMs: 1000, template: 'full-audit', targetsSpecified: ['127.5.0.10'], exclusions: [], hostsTotal: 1, hostsUp: 1, hostsDown: 0, portsProbed: 1, openPorts: 1, servicesIdentified: 1, probesPerSecond: 1, rateLimit: 0, maxParallelHosts: 1, outOfScope: 0, farsightVersion: '0.1.0' },
    hosts: [{ address: '127.5.0.10', hostnames: [], status: 'up', reason: 'x', os: {}, services: [{ port: 22, protocol: 'tcp', state: 'open', name: 'ssh', product: 'OpenSSH', version: '8.9p1', evidence: [] }], findings }],
  };
}

test('--fail-on accepts the five severities (any case) and refuses others with the list', () => {
  assert.equal(failOnFlag(undefined), undefined);
  assert.equal(failOnFlag('HIGH'), 'high');
  assert.equal(failOnFlag(' critical '), 'critical');
  for (const bad of ['severe', '', '7', 'hi']) {
    assert.throws(() => failOnFlag(bad), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT') && /use one of info, low, medium, high, critical/.test(e.message), bad);
  }
});

test('--fail-on counts vulnerable findings at or above the threshold; potential ones are reported apart', () => {
  const r = report([f('A', 'critical'), f('B', 'high', 'potential'), f('C', 'medium'), f('D', 'low')]);
  assert.deepEqual(findingsAtOrAbove(r, 'critical'), { vulnerable: 1, potential: 0 });
  assert.deepEqual(findingsAtOrAbove(r, 'high'), { vulnerable: 1, potential: 1 });
  assert.deepEqual(findingsAtOrAbove(r, 'info'), { vulnerable: 3, potential: 1 });
  const lines: string[] = [];
  assert.equal(failOnStatus(r, 'medium', (l) => lines.push(l)), 3);
  assert.equal(failOnStatus(report([f('B', 'high', 'potential')]), 'low', (l) => lines.push(l)), 0);
  assert.equal(failOnStatus(r, undefined, (l) => lines.push(l)), 0);
  assert.deepEqual(lines, [
    'fail-on medium: 2 vulnerable finding(s) at or above medium (1 potential finding(s) at or above medium do not fail the gate; see their proof); exit status 3',
    'fail-on low: no vulnerable finding (1 potential finding(s) at or above low do not fail the gate; see their proof)',
  ]);
});

test('--format and --json', () => {
  assert.equal(formatFlag(undefined, undefined), 'table');
  assert.equal(formatFlag(undefined, true), 'json');
  assert.equal(formatFlag('SARIF', undefined), 'sarif');
  assert.equal(formatFlag('json', true), 'json');
  assert.throws(() => formatFlag('xml', undefined), (e: unknown) => isFarsightError(e, 'INVALID_ARGUMENT') && /one of table, json, sarif/.test(e.message));
  assert.throws(() => formatFlag('sarif', true), /disagree/);
});

test('the table lists findings most severe first with verdicts, and a summary line', () => {
  const r = report([f('LOW-1', 'low'), f('CRIT-1', 'critical', 'vulnerable', 9.8), f('HIGH-1', 'high', 'potential', 8.1)]);
  const text = renderFindings(r.hosts[0] as ScanReport['hosts'][number]);
  const rows = text.split('\n').slice(2).filter(Boolean);
  assert.match(text, /^ {2}Findings \(3\):\n {4}SEVERITY +CVSS +PORT +ID +VERDICT +TITLE/);
  assert.match(rows[0] ?? '', /^ {4}CRITICAL +9\.8 +22\/tcp +CRIT-1 +vulnerable +title of CRIT-1$/);
  assert.match(rows[1] ?? '', /HIGH +8\.1 +22\/tcp +HIGH-1 +potential \(low\)/);
  assert.match(rows[2] ?? '', /LOW +22\/tcp +LOW-1 +vulnerable/);
  assert.equal(findingsSummary(r.hosts), '1 critical, 1 high, 1 low (1 potential: distribution builds whose fix cannot be seen remotely)');
  assert.match(renderScanTable(r), /Findings: 1 critical, 1 high, 1 low/);
  assert.doesNotMatch(renderScanTable(report([])), /Findings/);
});
