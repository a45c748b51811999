/**
 * The parts of the NVD CVE API 2.0 / feed 2.0 JSON format (https://nvd.nist.gov/developers/vulnerabilities,
 * schema `cve_api_json_2.0.schema`) that Farsight reads, as zod schemas. Objects are loose: NVD
 * adds fields over time, and unknown fields are ignored rather than rejected.
 */
import { z } from 'zod';

const text = (max: number): z.ZodString => z.string().max(max);
/** NVD writes timestamps without a zone (`2024-07-01T13:15:06.467`); they are UTC. */
const nvdDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/, 'a date is YYYY-MM-DDTHH:MM:SS[.fff] (UTC)');

const cpeMatchSchema = z.looseObject({
  vulnerable: z.boolean(),
  criteria: text(1024).regex(/^cpe:2\.3:[aho*-]:/, 'criteria is a CPE 2.3 name (cpe:2.3:a:vendor:product:…)'),
  matchCriteriaId: text(64).optional(),
  versionStartIncluding: text(256).min(1).optional(),
  versionStartExcluding: text(256).min(1).optional(),
  versionEndIncluding: text(256).min(1).optional(),
  versionEndExcluding: text(256).min(1).optional(),
}).refine((m) => !(m.versionStartIncluding !== undefined && m.versionStartExcluding !== undefined), 'versionStartIncluding and versionStartExcluding cannot both be set')
  .refine((m) => !(m.versionEndIncluding !== undefined && m.versionEndExcluding !== undefined), 'versionEndIncluding and versionEndExcluding cannot both be set');

const nodeSchema = z.looseObject({
  operator: z.enum(['AND', 'OR']),
  negate: z.boolean().optional(),
  cpeMatch: z.array(cpeMatchSchema).min(1).max(20_000),
});

const configurationSchema = z.looseObject({
  operator: z.enum(['AND', 'OR']).optional(),
  negate: z.boolean().optional(),
  nodes: z.array(nodeSchema).min(1).max(1000),
});

const cvssDataSchema = z.looseObject({
  version: z.enum(['2.0', '3.0', '3.1', '4.0']),
  vectorString: text(512).min(1),
  baseScore: z.number().min(0).max(10),
  baseSeverity: z.string().max(16).optional(),
});

const metricSchema = z.looseObject({
  source: text(256).optional(),
  type: z.enum(['Primary', 'Secondary']).optional(),
  cvssData: cvssDataSchema,
  baseSeverity: z.string().max(16).optional(),
});

const langText = z.looseObject({ lang: text(16), value: text(64 * 1024) });

/** One `vulnerabilities[].cve` object. */
export const nvdCveSchema = z.looseObject({
  id: z.string().regex(/^CVE-\d{4}-\d{4,}$/, 'id is CVE-YYYY-NNNN'),
  sourceIdentifier: text(256).optional(),
  published: nvdDate,
  lastModified: nvdDate,
  vulnStatus: text(64).optional(),
  descriptions: z.array(langText).max(100),
  metrics: z.looseObject({
    cvssMetricV40: z.array(metricSchema).max(50).optional(),
    cvssMetricV31: z.array(metricSchema).max(50).optional(),
    cvssMetricV30: z.array(metricSchema).max(50).optional(),
    cvssMetricV2: z.array(metricSchema).max(50).optional(),
  }).optional(),
  weaknesses: z.array(z.looseObject({ source: text(256).optional(), type: text(32).optional(), description: z.array(langText).max(100) })).max(100).optional(),
  configurations: z.array(configurationSchema).max(1000).optional(),
  references: z.array(z.looseObject({ url: text(4096).min(1), source: text(256).optional(), tags: z.array(text(128)).max(50).optional() })).max(10_000).optional(),
});

/** The envelope of a feed file or API page; `vulnerabilities` is checked record by record. */
export const nvdFeedSchema = z.looseObject({
  format: z.literal('NVD_CVE', { error: 'format must be "NVD_CVE" (an NVD CVE JSON 2.0 file)' }),
  version: z.literal('2.0', { error: 'version must be "2.0" (NVD CVE JSON 2.0; the 1.1 feeds were retired in 2023)' }),
  timestamp: nvdDate.optional(),
  vulnerabilities: z.array(z.looseObject({ cve: z.unknown() })).max(1_000_000),
});

/** A validated NVD `cve` object. */
export type NvdCve = z.infer<typeof nvdCveSchema>;
/** One CPE match of a configuration node. */
export type NvdCpeMatch = z.infer<typeof cpeMatchSchema>;
/** One configuration (nodes combined with AND/OR). */
export type NvdConfiguration = z.infer<typeof configurationSchema>;
