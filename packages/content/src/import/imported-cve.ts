/**
 * What `farsight content import` keeps of an NVD CVE record: a normalised, NVD-faithful form
 * (English description, one CVSS metric per version with the NVD's primary one preferred, CWE
 * ids, references, and the CPE configurations with their AND/OR structure and version ranges).
 * The store keeps this form; `vuln-definition.ts` turns it into a vulnerability definition.
 */

/** Severity buckets (same words as a finding's severity). */
export type CveSeverity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/** One CVSS metric as NVD published it. */
export interface ImportedCvss {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  vector: string;
  score: number;
  severity: CveSeverity;
  /** Who scored it (`nvd@nist.gov`, a CNA's address). */
  source?: string;
}

/** One CPE match with NVD range semantics (all bounds optional). */
export interface ImportedCpeMatch {
  vulnerable: boolean;
  criteria: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** A node: its matches combined by `operator`, the result inverted when `negate`. */
export interface ImportedNode {
  operator: 'AND' | 'OR';
  negate: boolean;
  matches: ImportedCpeMatch[];
}

/** A configuration: nodes combined by `operator` (NVD's default is OR). */
export interface ImportedConfiguration {
  operator: 'AND' | 'OR';
  negate: boolean;
  nodes: ImportedNode[];
}

/** One imported CVE. */
export interface ImportedCve {
  id: string;
  status?: string;
  published: string;
  modified: string;
  description: string;
  severity: CveSeverity;
  /** At most one metric per CVSS version, newest version first. */
  cvss: ImportedCvss[];
  cwes: string[];
  references: Array<{ url: string; tags?: string[] }>;
  configurations: ImportedConfiguration[];
}
