/**
 * Version checks: the products a detected service reveals (packages/content/src/cpe) matched
 * against the vulnerability pack's declarative version rules, backport-aware
 * (packages/content/src/vulns/evaluate.ts). Pure: no I/O, same input → same findings.
 */
import { identifyProducts, type HostOsFacts, type ServiceFacts } from '@farsight/content/cpe/index';
import { decideVersionRule, type LoadedVuln, type VulnPack } from '@farsight/content/vulns/index';
import type { HostResult, ServiceResult } from '../types.ts';
import type { CvssScore, Finding, InvulnerableVerdict } from './types.ts';
import { compareFindings } from './version-check-hook.ts';

export { compareFindings, SEVERITY_ORDER } from './version-check-hook.ts';

/** Longest proof kept on a finding. */
export const MAX_PROOF_CHARS = 600;

/** What a service's version evidence decided: findings and the reasons for every "not affected". */
export interface VersionCheckResult {
  findings: Finding[];
  invulnerable: InvulnerableVerdict[];
}

/** The facts of a ServiceResult that product normalisation reads. */
export function serviceFacts(s: ServiceResult): ServiceFacts {
  const f: ServiceFacts = { name: s.name };
  if (s.vendor) f.vendor = s.vendor;
  if (s.product) f.product = s.product;
  if (s.version) f.version = s.version;
  if (s.cpe) f.cpe = s.cpe;
  if (s.banner) f.banner = s.banner;
  if (s.ssh) {
    f.sshSoftware = s.ssh.softwareVersion;
    if (s.ssh.comments) f.sshComments = s.ssh.comments;
  }
  if (s.http?.server) f.httpServer = s.http.server;
  if (s.params) f.params = s.params;
  return f;
}

function hostOs(host: Pick<HostResult, 'os'>): HostOsFacts | undefined {
  if (!('confidence' in host.os)) return undefined;
  const { vendor, product, version } = host.os;
  return { ...(vendor ? { vendor } : {}), ...(product ? { product } : {}), ...(version ? { version } : {}) };
}

function printable(s: string): string {
  const clean = s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > MAX_PROOF_CHARS ? `${clean.slice(0, MAX_PROOF_CHARS - 1)}…` : clean;
}

function cvssOf(v: LoadedVuln): CvssScore | undefined {
  const s = v.scores[0];
  return s ? { version: s.version, vector: s.vector, score: s.score } : undefined;
}

/** Matches one service against the pack's version rules. */
export function matchServiceVulns(service: ServiceResult, host: Pick<HostResult, 'os'>, pack: VulnPack): VersionCheckResult {
  const findings: Finding[] = [];
  const invulnerable: InvulnerableVerdict[] = [];
  if (service.state !== 'open') return { findings, invulnerable };
  const where = { port: service.port, protocol: service.protocol };
  for (const identity of identifyProducts(serviceFacts(service), hostOs(host))) {
    for (const vuln of pack.forProduct(identity.product.key)) {
      const d = decideVersionRule(identity, vuln);
      if (!d) continue;
      if (d.kind === 'not-affected') {
        invulnerable.push({ id: vuln.id, ...where, rule: d.rule, reason: d.reason });
        continue;
      }
      const cvss = cvssOf(vuln);
      findings.push({
        id: vuln.id, title: vuln.title, severity: vuln.severity, ...(cvss ? { cvss } : {}), cves: [...vuln.cves],
        ...where, proof: printable(d.proof), confidence: d.confidence, verdict: d.verdict, rule: d.rule,
      });
    }
  }
  findings.sort(compareFindings);
  return { findings, invulnerable };
}

/** Matches every open service of a host; findings sorted most severe first. */
export function matchHostVulns(host: Pick<HostResult, 'os' | 'services'>, pack: VulnPack): VersionCheckResult {
  const findings: Finding[] = [];
  const invulnerable: InvulnerableVerdict[] = [];
  for (const s of host.services) {
    const r = matchServiceVulns(s, host, pack);
    findings.push(...r.findings);
    invulnerable.push(...r.invulnerable);
  }
  findings.sort(compareFindings);
  return { findings, invulnerable };
}
