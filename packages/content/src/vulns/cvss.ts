/**
 * CVSS vectors: a strict grammar check for v3.1 and v4.0 base vectors (every base metric
 * exactly once, in specification order, with a legal value), then scoring with
 * ae-cvss-calculator — which accepts invalid vectors silently, hence the check first.
 */
import CvssCalculator from 'ae-cvss-calculator';
import { FarsightError } from '@farsight/common';
/** Qualitative rating (kept here so the scoring module has no dependency on the schema). */
type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** CVSS v3.1 base metrics in specification order (FIRST CVSS v3.1 §6) and their legal values. */
const V31: ReadonlyArray<[string, string[]]> = [
  ['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'R']],
  ['S', ['U', 'C']], ['C', ['H', 'L', 'N']], ['I', ['H', 'L', 'N']], ['A', ['H', 'L', 'N']],
];

/** CVSS v4.0 base metrics in specification order (FIRST CVSS v4.0 §7) and their legal values. */
const V40: ReadonlyArray<[string, string[]]> = [
  ['AV', ['N', 'A', 'L', 'P']], ['AC', ['L', 'H']], ['AT', ['N', 'P']], ['PR', ['N', 'L', 'H']], ['UI', ['N', 'P', 'A']],
  ['VC', ['H', 'L', 'N']], ['VI', ['H', 'L', 'N']], ['VA', ['H', 'L', 'N']], ['SC', ['H', 'L', 'N']], ['SI', ['H', 'L', 'N']], ['SA', ['H', 'L', 'N']],
];

function grammarError(vector: string, prefix: string, metrics: ReadonlyArray<[string, string[]]>): string | undefined {
  if (!vector.startsWith(`${prefix}/`)) return `it must start with ${prefix}/`;
  const parts = vector.slice(prefix.length + 1).split('/');
  if (parts.length !== metrics.length) return `it must have exactly the ${metrics.length} base metrics ${metrics.map(([m]) => m).join('/')} (no temporal or environmental ones)`;
  for (let i = 0; i < metrics.length; i++) {
    const [name, values] = metrics[i] as [string, string[]];
    const [k, v, extra] = (parts[i] as string).split(':');
    if (k !== name || v === undefined || extra !== undefined) return `metric ${i + 1} must be ${name}:<value>, found ${JSON.stringify(parts[i])}`;
    if (!values.includes(v)) return `${name}:${v} is not a legal value (use one of ${values.join(', ')})`;
  }
  return undefined;
}

/** Why a CVSS v3.1 base vector is invalid, or undefined when it is valid. */
export function cvss31VectorError(vector: string): string | undefined {
  return grammarError(vector, 'CVSS:3.1', V31);
}

/** Why a CVSS v4.0 base vector is invalid, or undefined when it is valid. */
export function cvss40VectorError(vector: string): string | undefined {
  return grammarError(vector, 'CVSS:4.0', V40);
}

/** Base score of a valid vector (v3.1 or v4.0). Throws CVSS_VECTOR_INVALID for an invalid one. */
export function cvssBaseScore(vector: string): number {
  const v4 = vector.startsWith('CVSS:4.0/');
  const why = v4 ? cvss40VectorError(vector) : cvss31VectorError(vector);
  if (why) throw new FarsightError('CVSS_VECTOR_INVALID', `CVSS vector ${JSON.stringify(vector.slice(0, 120))} is invalid: ${why}`);
  const calc = v4 ? new CvssCalculator.Cvss4P0(vector) : new CvssCalculator.Cvss3P1(vector);
  const score = calc.calculateScores().base;
  if (typeof score !== 'number' || !Number.isFinite(score)) throw new FarsightError('CVSS_VECTOR_INVALID', `CVSS vector ${vector} could not be scored`);
  return score;
}

/** The severity band of a CVSS base score (v3.1/v4.0 qualitative rating; 0 is info). */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}
