// The SARIF 2.1.0 log of a scan: structure checked against the specification's required
// properties and enumerations (OASIS SARIF 2.1.0 §3.13-§3.49), rules from the definitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScanReport } from '@farsight/scanner/types';
import type { Finding } from '@farsight/scanner/checks/types';
import { buildSarif, locationOf, sarifLevel } from './sarif.ts';

const finding = (o: Partial<Finding>): Finding => ({
  id: 'CVE-2021-41773', title: 'Apache path traversal', severity: 'high', cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 },
  cves: ['CVE-2021-41773'], port: 80, protocol: 'tcp', proof: 'Server: Apache/2.4.49', confidence: 'medium', verdict: 'vulnerable', rule: 'version:http_server:CVE-2021-41773:upstream', ...o,
});

function report(): ScanReport {
  const host = (address: string, findings: Finding[]) => ({ address, hostnames: [], status: 'up' as const, reason: 'x', os: {}, services: [], findings });
  return {
    scan: { startedAt: '2026-11-21T10:00:00.000Z', finishedAt: '2026-11-21T10:00:05.000Z', elapsedMs: 5000, template: 'full-audit', targetsSpecified: ['127.5.0.0/24'], exclusions: [], hostsTotal: 256, hostsUp: 2, hostsDown: 254, portsProbed: 10, openPorts: 2, servicesIdentified: 2, probesPerSecond: 2, rateLimit: 0, maxParallelHosts: 256, outOfScope: 0, farsightVersion: '0.1.0' },
    hosts: [
      host('127.5.0.15', [finding({}), finding({ id: 'CVE-2024-7347', title: 'nginx mp4', severity: 'medium', cvss: undefined, cves: ['CVE-2024-7347'], verdict: 'potential', confidence: 'low' })]),
      host('::1', [finding({ port: 8080 }), finding({ id: 'farsight-tls-tlsv1.0-enabled', title: 'TLS 1.0', severity: 'low', cvss: undefined, cves: [], rule: 'check:tls-protocol-versions', port: 443, instance: 'TLSv1' })]),
    ],
  };
}

const LEVELS = ['none', 'note', 'warning', 'error'];

/** Structural validation of the SARIF properties Farsight emits (spec-required ones and enums). */
function validateSarif(log: unknown): string[] {
  const errors: string[] = [];
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (!obj(log)) return ['log is not an object'];
  if (log.version !== '2.1.0') errors.push('version must be "2.1.0" (§3.13.2)');
  if (!Array.isArray(log.runs)) return [...errors, 'runs must be an array (§3.13.4)'];
  for (const [ri, run] of log.runs.entries()) {
    if (!obj(run) || !obj(run.tool) || !obj(run.tool.driver)) { errors.push(`runs[${ri}].tool.driver is required (§3.14.6, §3.18.2)`); continue; }
    const driver = run.tool.driver;
    if (!str(driver.name)) errors.push('tool.driver.name is required (§3.19.8)');
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ids = new Set<string>();
    for (const [i, r] of rules.entries()) {
      if (!obj(r) || !str(r.id)) { errors.push(`rules[${i}].id is required (§3.49.3)`); continue; }
      if (ids.has(r.id)) errors.push(`rules[${i}].id ${r.id} is not unique`);
      ids.add(r.id);
      if (!obj(r.shortDescription) || !str(r.shortDescription.text)) errors.push(`rules[${i}].shortDescription.text (§3.49.9)`);
      if (r.fullDescription !== undefined && (!obj(r.fullDescription) || !str(r.fullDescription.text))) errors.push(`rules[${i}].fullDescription.text`);
      if (!obj(r.defaultConfiguration) || !LEVELS.includes(String(r.defaultConfiguration.level))) errors.push(`rules[${i}].defaultConfiguration.level (§3.50.3)`);
      if (r.helpUri !== undefined && !/^https:\/\//.test(String(r.helpUri))) errors.push(`rules[${i}].helpUri must be an absolute URI`);
    }
    if (!Array.isArray(run.results)) { errors.push('results must be an array (§3.14.23)'); continue; }
    for (const [i, res] of run.results.entries()) {
      if (!obj(res)) { errors.push(`results[${i}] is not an object`); continue; }
      if (!obj(res.message) || !str(res.message.text)) errors.push(`results[${i}].message.text is required (§3.27.11)`);
      if (!LEVELS.includes(String(res.level))) errors.push(`results[${i}].level (§3.27.10)`);
      const rule = typeof res.ruleIndex === 'number' ? rules[res.ruleIndex] as Record<string, unknown> | undefined : undefined;
      if (!Number.isInteger(res.ruleIndex) || !rule || rule.id !== res.ruleId) errors.push(`results[${i}].ruleIndex must point at the rule with id ruleId (§3.27.6)`);
      if (!Array.isArray(res.locations) || res.locations.length === 0) errors.push(`results[${i}].locations`);
      for (const loc of Array.isArray(res.locations) ? res.locations : []) {
        const uri = (loc as { physicalLocation?: { artifactLocation?: { uri?: unknown } } }).physicalLocation?.artifactLocation?.uri;
        if (!str(uri)) errors.push(`results[${i}] location uri (§3.4.3)`);
      }
      if (res.partialFingerprints !== undefined && (!obj(res.partialFingerprints) || !Object.values(res.partialFingerprints).every(str))) errors.push(`results[${i}].partialFingerprints values are strings (§3.27.17)`);
    }
  }
  return errors;
}

test('the SARIF log is structurally valid SARIF 2.1.0 and survives a JSON round trip', () => {
  const log = buildSarif(report(), (id) => (id === 'CVE-2021-41773' ? { description: 'Path traversal in 2.4.49.', solution: { type: 'upgrade', text: 'Upgrade to 2.4.51.' }, references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-41773'], cwes: ['CWE-22'] } : undefined));
  assert.deepEqual(validateSarif(log), []);
  assert.deepEqual(JSON.parse(JSON.stringify(log)), log, 'no undefined values');
  const run = (log.runs as Array<{ tool: { driver: { rules: Array<Record<string, unknown>> } }; results: Array<Record<string, unknown>> }>)[0];
  assert.ok(run);
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['CVE-2021-41773', 'CVE-2024-7347', 'farsight-tls-tlsv1.0-enabled'], 'one rule per id');
  const apache = run.tool.driver.rules[0] as { fullDescription: { text: string }; help: { text: string }; helpUri: string; properties: Record<string, unknown> };
  assert.equal(apache.fullDescription.text, 'Path traversal in 2.4.49.');
  assert.match(apache.help.text, /Upgrade to 2\.4\.51\.\n- https:\/\/nvd\.nist\.gov/);
  assert.equal(apache.properties['security-severity'], '7.5');
  assert.deepEqual(apache.properties.tags, ['security', 'vulnerability', 'CVE-2021-41773', 'CWE-22']);
  assert.equal(run.results.length, 4);
  const uris = run.results.map((r) => (r.locations as Array<{ physicalLocation: { artifactLocation: { uri: string } } }>)[0]?.physicalLocation.artifactLocation.uri);
  assert.deepEqual(uris, ['127.5.0.15:80', '127.5.0.15:80', '[::1]:8080', '[::1]:443']);
  assert.deepEqual(run.results.map((r) => r.level), ['error', 'warning', 'error', 'note']);
  const fps = new Set(run.results.map((r) => JSON.stringify(r.partialFingerprints)));
  assert.equal(fps.size, 4, 'each finding has its own fingerprint');
});

test('the validator catches broken logs (so the test above can fail)', () => {
  const log = buildSarif(report()) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
  const res = log.runs[0]?.results[0];
  assert.ok(res);
  res.ruleIndex = 99;
  res.level = 'fatal';
  assert.equal(validateSarif(log).length, 2);
  assert.deepEqual(validateSarif({ version: '2.0.0', runs: [] }), ['version must be "2.1.0" (§3.13.2)']);
});

test('levels and locations', () => {
  assert.deepEqual((['critical', 'high', 'medium', 'low', 'info'] as const).map(sarifLevel), ['error', 'error', 'warning', 'note', 'note']);
  assert.equal(locationOf('127.0.0.1', { port: 22 }), '127.0.0.1:22');
  assert.equal(locationOf('::1', { port: 22 }), '[::1]:22');
  assert.equal(locationOf('127.0.0.1', {}), '127.0.0.1');
});

test('an empty scan is a valid log with no results', () => {
  const empty = { ...report(), hosts: [] };
  const log = buildSarif(empty);
  assert.deepEqual(validateSarif(log), []);
});
