/** Vulnerability content: the schema, CVSS scoring, the built-in pack and the version-rule decision. */
export * from './schema.ts';
export { cvss31VectorError, cvss40VectorError, cvssBaseScore, severityOfScore } from './cvss.ts';
export { VulnPack, loadBuiltinVulnPack, readVulnDirectory, builtinVulnDir, versionRulesOf } from './pack.ts';
export type { LoadedVuln, LoadedRule, ScoredCvss } from './pack.ts';
export { decideVersionRule } from './evaluate.ts';
export type { VersionDecision, AffectedDecision, NotAffectedDecision } from './evaluate.ts';
export { renderCheckReference } from './check-reference.ts';
export type { CheckVulnRef } from './check-reference.ts';
