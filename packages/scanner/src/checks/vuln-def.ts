/**
 * Vulnerability definitions of the active checks, as typed data next to each check (issue 5),
 * and the one function that turns a definition plus proof into a Finding. CVSS v3.1 vectors
 * are validated, then scored with ae-cvss-calculator (STACK.md: it accepts invalid vectors
 * silently, so the shape is checked first).
 */
import calculator from 'ae-cvss-calculator';
import { FarsightError } from '@farsight/common';
import type { ServiceResult } from '../types.ts';
import type { Confidence, CvssScore, Finding, Severity, Verdict } from './types.ts';

/** How a finding is fixed. */
export interface Solution {
  type: 'patch' | 'upgrade' | 'configuration' | 'workaround';
  text: string;
}

/** One vulnerability an active check can report (shape of the content schema's definition). */
export interface VulnDefinition {
  /** `farsight-…` */
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** CVSS v3.1 base vector, when a score is meaningful. */
  cvss31?: string;
  cves: string[];
  cwes: string[];
  solution: Solution;
  references: string[];
}

const CVSS31 = /^CVSS:3\.1\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]$/;
const scoreCache = new Map<string, CvssScore>();

/** Validates and scores a CVSS v3.1 base vector; throws INVALID_ARGUMENT naming the vector. */
export function scoreCvss31(vector: string): CvssScore {
  const hit = scoreCache.get(vector);
  if (hit) return hit;
  if (!CVSS31.test(vector)) throw new FarsightError('INVALID_ARGUMENT', `CVSS vector '${vector}' is not a complete CVSS:3.1 base vector (AV, AC, PR, UI, S, C, I, A in order)`);
  const score = new calculator.Cvss3P1(vector).calculateScores().base;
  if (typeof score !== 'number' || !Number.isFinite(score)) throw new FarsightError('INVALID_ARGUMENT', `CVSS vector '${vector}' could not be scored`);
  const out: CvssScore = { version: '3.1', vector, score };
  scoreCache.set(vector, out);
  return out;
}

/** Printable, single-line, capped proof text (binary escaped). */
export function proofText(text: string, max = 400): string {
  const clean = text.replace(/\r?\n/g, ' | ').replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** Options of a finding beyond its definition. */
export interface FindingOptions {
  instance?: string;
  confidence?: Confidence;
  verdict?: Verdict;
}

/** A finding of `def` on `service`, decided by check `checkId`. */
export function findingOf(def: VulnDefinition, service: Pick<ServiceResult, 'port' | 'protocol'>, checkId: string, proof: string, o: FindingOptions = {}): Finding {
  const f: Finding = {
    id: def.id, title: def.title, severity: def.severity, cves: [...def.cves],
    port: service.port, protocol: service.protocol, proof: proofText(proof),
    confidence: o.confidence ?? 'high', verdict: o.verdict ?? 'vulnerable', rule: `check:${checkId}`,
  };
  if (def.cvss31) f.cvss = scoreCvss31(def.cvss31);
  if (o.instance) f.instance = o.instance;
  return f;
}
