/**
 * Schemas of the scan results an engine streams: the scanner's HostResult (see
 * packages/scanner/src/types.ts, docs/scan-json.md) with every string and array capped, plus
 * the findings checks produce. Unknown fields are dropped, so a newer minor version may add some.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { hostAuthSchema } from './credentials.ts';

const text = z.string().max(LIMITS.textChars);
const name = z.string().max(LIMITS.nameChars);
const stringMap = z.record(name, text).refine((m) => Object.keys(m).length <= LIMITS.mapEntries, { message: `at most ${LIMITS.mapEntries} entries` });

/** A transport protocol. */
export const protocolSchema = z.enum(['tcp', 'udp']);

const evidenceSchema = z.object({ probe: name, key: name, value: text, fingerprint: text.optional() });

const tlsSchema = z.object({
  protocol: name,
  cipher: name,
  supportedProtocols: z.array(name).max(16),
  certificate: z.object({
    subject: text, issuer: text, validFrom: name, validTo: name,
    subjectAltNames: z.array(text).max(256), selfSigned: z.boolean(),
    keyType: name.optional(), keyBits: z.number().int().min(0).max(1 << 20).optional(),
    signatureAlgorithm: name.optional(), fingerprintSha256: name,
  }).optional(),
  error: text.optional(),
});

const algos = z.array(name).max(128);
const sshSchema = z.object({
  identification: text, protoVersion: name, softwareVersion: text, comments: text.optional(),
  kexAlgorithms: algos, hostKeyAlgorithms: algos, ciphers: algos, macs: algos, compression: algos,
});

const httpSchema = z.object({
  statusCode: z.number().int().min(0).max(999),
  server: text.optional(), title: text.optional(), headers: stringMap, faviconMd5: name.optional(),
});

/** One service on a port (scanner ServiceResult). */
export const serviceResultSchema = z.object({
  port: z.number().int().min(1).max(65535),
  protocol: protocolSchema,
  state: z.enum(['open', 'closed', 'filtered', 'open|filtered']),
  name,
  tunnel: z.literal('ssl').optional(),
  vendor: name.optional(), product: name.optional(), version: name.optional(), cpe: text.optional(),
  banner: text.optional(),
  params: stringMap.optional(),
  tls: tlsSchema.optional(), ssh: sshSchema.optional(), http: httpSchema.optional(),
  evidence: z.array(evidenceSchema).max(LIMITS.evidence),
  note: text.optional(),
});

/** A finding a check reported. `(checkId, port, protocol, instance)` is its key on the host. */
export const findingResultSchema = z.object({
  /** The check (vulnerability definition) id, e.g. `farsight-test-open-port`. */
  checkId: z.string().min(1).max(LIMITS.nameChars).regex(/^[A-Za-z0-9._:-]+$/, 'check ids use letters, digits and . _ : -'),
  /** 0 for a host-level finding. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Empty for a host-level finding. */
  protocol: z.enum(['tcp', 'udp', '']).default(''),
  /** Distinguishes several findings of one check on one port (e.g. a path); empty when there is one. */
  instance: z.string().max(LIMITS.nameChars).default(''),
  title: text.optional(),
  severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).default('info'),
  proof: text.optional(),
});

const osSchema = z.object({
  family: name.optional(), vendor: name.optional(), product: name.optional(), version: name.optional(),
  cpe: text.optional(), confidence: z.number().min(0).max(100).optional(), source: text.optional(),
});

/** Everything an engine learnt about one host (scanner HostResult, findings typed). */
export const hostResultSchema = z.object({
  address: z.union([z.ipv4(), z.ipv6()]),
  hostnames: z.array(name).max(LIMITS.hostnames),
  /** MAC address when the engine saw one (same L2 segment); used to merge assets. */
  mac: z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/).optional(),
  status: z.enum(['up', 'down']),
  reason: text,
  os: osSchema,
  services: z.array(serviceResultSchema).max(LIMITS.hostServices),
  findings: z.array(findingResultSchema).max(LIMITS.hostFindings),
  rttMicros: z.number().int().min(0).max(1e12).optional(),
  filteredPorts: z.number().int().min(0).max(1 << 20).optional(),
  closedPorts: z.number().int().min(0).max(1 << 20).optional(),
  /** Since 1.2: how logging in with a scan credential ended (authenticated scanning). */
  auth: hostAuthSchema.optional(),
});

/** A host result as validated (defaults filled in). */
export type HostResultMessage = z.infer<typeof hostResultSchema>;
/** A service as validated. */
export type ServiceResultMessage = z.infer<typeof serviceResultSchema>;
/** A finding as validated. */
export type FindingResult = z.infer<typeof findingResultSchema>;
/** A finding as an engine writes it (defaults may be left out). */
export type FindingResultInput = z.input<typeof findingResultSchema>;
