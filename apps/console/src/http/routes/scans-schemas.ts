/** Zod schemas and v3 shapes for scans: Scan / GlobalScan, AdhocScan, per-host progress. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import { isoDuration, type ScanView } from '../../services/scans-model.ts';

/** `{ id }` path parameter. */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });

/** `{ id, status }` of POST /api/3/scans/{id}/{status}. */
export const actionParams = idParam.extend({ status: z.enum(['pause', 'resume', 'stop']) });

/** `active` filter of scan lists (v3: boolean query). */
export const activeQuery = z.object({ active: z.enum(['true', 'false']).optional() });

const hostToken = z.string().min(1).max(256);

/** v3 AdhocScan plus Farsight's test-only `testCheck` (needs FARSIGHT_TEST_CHECKS=1). */
export const adhocScanSchema = z.object({
  name: z.string().max(200).optional(),
  hosts: z.array(hostToken).max(10_000).optional(),
  templateId: z.string().min(1).max(200).optional(),
  engineId: z.number().int().positive().max(2 ** 31 - 1).optional(),
  assetGroupIds: z.array(z.number().int()).max(0, 'asset groups are not supported yet').optional(),
  testCheck: z.object({
    checkId: z.string().min(1).max(200).regex(/^[A-Za-z0-9._:-]+$/),
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['tcp', 'udp']).default('tcp'),
    severity: z.enum(['info', 'low', 'medium', 'high', 'critical']).default('medium'),
    title: z.string().max(500).optional(),
  }).optional(),
}).nullish();

const vulns = z.object({ critical: z.number().int(), severe: z.number().int(), moderate: z.number().int(), total: z.number().int() });

/** v3 GlobalScan (Scan plus siteId/siteName) with Farsight's exact `state`. */
export const scanSchema = z.object({
  id: z.number().int(),
  scanName: z.string(),
  scanType: z.string(),
  status: z.enum(['aborted', 'unknown', 'running', 'finished', 'stopped', 'error', 'paused', 'dispatched', 'integrating']),
  /** Farsight: the exact state (v3 has no `queued`; it is reported as `dispatched`). */
  state: z.string(),
  message: z.string(),
  startedBy: z.string(),
  engineId: z.number().int(),
  engineName: z.string(),
  siteId: z.number().int(),
  siteName: z.string(),
  assets: z.number().int(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  duration: z.string().optional(),
  vulnerabilities: vulns,
  /** Farsight: hosts reported / to scan. */
  hostsDone: z.number().int(),
  hostsTotal: z.number().int(),
  links: linksSchema,
});

/** The v3 body of a scan. */
export function toV3Scan(req: FastifyRequest, s: ScanView): z.infer<typeof scanSchema> {
  return {
    id: s.id, scanName: s.name, scanType: s.scanType, status: s.status === 'queued' ? 'dispatched' : s.status, state: s.status,
    message: s.statusReason, startedBy: s.startedBy, engineId: s.engineId, engineName: s.engineName, siteId: s.siteId, siteName: s.siteName,
    assets: s.hostsUp,
    ...(s.startTime ? { startTime: s.startTime } : {}),
    ...(s.endTime ? { endTime: s.endTime } : {}),
    ...(s.startTime ? { duration: isoDuration(s.startTime, s.endTime) } : {}),
    vulnerabilities: s.vulnerabilities, hostsDone: s.hostsDone, hostsTotal: s.hostsTotal,
    links: resourceLinks(req, `/api/3/scans/${s.id}`, { Site: `/api/3/sites/${s.siteId}`, 'Scan Engine': `/api/3/scan_engines/${s.engineId}`, Hosts: `/api/farsight/scans/${s.id}/hosts`, Log: `/api/farsight/scans/${s.id}/log`, Credentials: `/api/farsight/scans/${s.id}/credentials` }),
  };
}

/** Farsight per-host progress. */
export const scanHostsSchema = z.object({
  scanId: z.number().int(),
  state: z.string(),
  hostsTotal: z.number().int(),
  hostsDone: z.number().int(),
  hostsUp: z.number().int(),
  hosts: z.array(z.object({ address: z.string(), status: z.string(), assetId: z.number().int().nullable(), openPorts: z.number().int(), findings: z.number().int(), doneAt: z.string() })),
  page: z.object({ number: z.number().int(), size: z.number().int(), totalResources: z.number().int(), totalPages: z.number().int() }),
  links: linksSchema,
});
