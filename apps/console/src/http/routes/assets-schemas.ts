/** Zod schemas and v3 shapes for assets: Asset, Service, Software, VulnerabilityFinding. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { linksSchema, resourceLinks } from '../v3/index.ts';
import type { AssetView, ServiceView, SoftwareView } from '../../services/assets.ts';
import type { FindingView } from '../../services/findings.ts';

/** `{ id }` path parameter. */
export const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
/** `{ id, protocol, port }` of one service. */
export const serviceParams = idParam.extend({ protocol: z.enum(['tcp', 'udp']), port: z.coerce.number().int().min(1).max(65535) });

const str = z.string();

/** v3 Service (plus Farsight's TLS tunnel and banner). */
export const serviceSchema = z.object({
  port: z.number().int(), protocol: z.string(), name: str, family: str.optional(), vendor: str.optional(), product: str.optional(),
  version: str.optional(), tunnel: str.optional(), banner: str.optional(), links: linksSchema,
});

/** v3 Software. */
export const softwareSchema = z.object({
  id: z.number().int(), type: str, vendor: str.optional(), product: str, version: str.optional(), family: str.optional(),
  description: str, cpe: z.object({ part: z.enum(['o', 'a', 'h']), 'v2.3': str }).optional(),
});

/** v3 Asset (plus Farsight's `identifiers`: every address, hostname and MAC with the reason it was merged in). */
export const assetSchema = z.object({
  id: z.number().int(), ip: str, hostName: str.optional(), mac: str.optional(),
  addresses: z.array(z.object({ ip: str, mac: str.optional() })),
  hostNames: z.array(z.object({ name: str, source: z.enum(['user', 'dns', 'netbios', 'dce', 'epsec', 'ldap', 'other']) })),
  os: str.optional(),
  osFingerprint: z.object({ description: str.optional(), family: str.optional(), vendor: str.optional(), product: str.optional(), version: str.optional(),
    cpe: z.object({ part: z.enum(['o', 'a', 'h']), 'v2.3': str }).optional() }).optional(),
  services: z.array(serviceSchema), software: z.array(softwareSchema),
  vulnerabilities: z.object({ critical: z.number().int(), severe: z.number().int(), moderate: z.number().int(), total: z.number().int(), exploits: z.number().int(), malwareKits: z.number().int() }),
  type: z.enum(['unknown', 'guest', 'hypervisor', 'physical', 'mobile']),
  assessedForVulnerabilities: z.boolean(), assessedForPolicies: z.boolean(),
  history: z.array(z.object({ date: str, scanId: z.number().int(), type: str, version: z.number().int() })),
  identifiers: z.array(z.object({ kind: str, value: str, scanId: z.number().int().nullable(), reason: str, since: str })),
  links: linksSchema,
});

/** v3 VulnerabilityFinding (plus Farsight's lifecycle `state`: new, active, reopened). */
export const findingSchema = z.object({
  id: str, instances: z.number().int(), status: z.enum(['vulnerable', 'invulnerable', 'no-results']), since: str,
  state: str,
  results: z.array(z.object({ checkId: str, port: z.number().int().optional(), protocol: str.optional(), key: str.optional(), proof: str.optional(), since: str, status: str, state: str, exceptions: z.array(z.number().int()).optional() })),
  links: linksSchema,
});

function cpeOf(cpe: string | null | undefined, part: 'o' | 'a'): { part: 'o' | 'a' | 'h'; 'v2.3': string } | undefined {
  if (!cpe) return undefined;
  const m = /^cpe:2\.3:([aoh]):/.exec(cpe);
  return { part: (m?.[1] as 'o' | 'a' | 'h' | undefined) ?? part, 'v2.3': cpe };
}

const opt = (k: string, v: string | null | undefined): Record<string, string> => (v ? { [k]: v } : {});

/** The v3 body of a service. */
export function toV3Service(req: FastifyRequest, assetId: number, s: ServiceView): z.infer<typeof serviceSchema> {
  return {
    port: s.port, protocol: s.protocol, name: s.name, ...opt('family', s.family), ...opt('vendor', s.vendor), ...opt('product', s.product),
    ...opt('version', s.version), ...opt('tunnel', s.tunnel), ...opt('banner', s.banner),
    links: resourceLinks(req, `/api/3/assets/${assetId}/services/${s.protocol}/${s.port}`),
  };
}

/** The v3 body of a software entry. */
export function toV3Software(s: SoftwareView): z.infer<typeof softwareSchema> {
  const cpe = cpeOf(s.cpe, s.type === 'Operating System' ? 'o' : 'a');
  return {
    id: s.id, type: s.type, product: s.product, ...opt('vendor', s.vendor), ...opt('version', s.version), ...opt('family', s.family),
    description: [s.vendor, s.product, s.version].filter(Boolean).join(' '), ...(cpe ? { cpe } : {}),
  };
}

/** The v3 body of an asset. */
export function toV3Asset(req: FastifyRequest, a: AssetView): z.infer<typeof assetSchema> {
  const os = a.osFingerprint as { family?: string; vendor?: string; product?: string; version?: string; cpe?: string } | null;
  const osCpe = cpeOf(os?.cpe, 'o');
  const ips = a.identifiers.filter((i) => i.kind === 'ip').map((i) => i.value);
  return {
    id: a.id, ip: a.ip, ...opt('hostName', a.hostName), ...opt('mac', a.mac),
    addresses: [a.ip, ...ips.filter((ip) => ip !== a.ip)].map((ip) => ({ ip, ...(ip === a.ip && a.mac ? { mac: a.mac } : {}) })),
    hostNames: a.identifiers.filter((i) => i.kind === 'hostname').map((i) => ({ name: i.value, source: 'dns' as const })),
    ...opt('os', a.os),
    ...(os ? { osFingerprint: { ...opt('description', a.os), ...opt('family', os.family), ...opt('vendor', os.vendor), ...opt('product', os.product), ...opt('version', os.version), ...(osCpe ? { cpe: osCpe } : {}) } } : {}),
    services: a.services.map((s) => toV3Service(req, a.id, s)),
    software: a.software.map(toV3Software),
    vulnerabilities: { ...a.vulnerabilities, exploits: 0, malwareKits: 0 },
    type: 'unknown', assessedForVulnerabilities: a.history.length > 0, assessedForPolicies: false,
    history: a.history.map((h, i) => ({ date: h.date, scanId: h.scanId, type: 'SCAN', version: i + 1 })),
    identifiers: a.identifiers.map((i) => ({ kind: i.kind, value: i.value, scanId: i.scanId, reason: i.reason, since: i.createdAt })),
    links: resourceLinks(req, `/api/3/assets/${a.id}`, {
      'Asset Services': `/api/3/assets/${a.id}/services`, 'Asset Software': `/api/3/assets/${a.id}/software`,
      'Asset Vulnerabilities': `/api/3/assets/${a.id}/vulnerabilities`, 'Asset Findings': `/api/farsight/assets/${a.id}/findings`,
    }),
  };
}

/** Groups an asset's findings by check into v3 VulnerabilityFindings; `exceptionOf` says which approved exception covers a result. */
export function toV3Findings(req: FastifyRequest, assetId: number, findings: FindingView[], exceptionOf: (f: FindingView) => number | undefined = () => undefined): Array<z.infer<typeof findingSchema>> {
  const byCheck = new Map<string, FindingView[]>();
  for (const f of findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  return [...byCheck.entries()].map(([checkId, list]) => {
    const since = list.map((f) => f.since).sort()[0] ?? '';
    const state = list.some((f) => f.status === 'reopened') ? 'reopened' : list.some((f) => f.status === 'new') ? 'new' : 'active';
    return {
      id: checkId, instances: list.length, status: 'vulnerable' as const, since, state,
      results: list.map((f) => {
        const exception = exceptionOf(f);
        return {
          checkId: f.checkId, ...(f.port > 0 ? { port: f.port } : {}), ...(f.protocol ? { protocol: f.protocol } : {}), ...opt('key', f.instance),
          ...opt('proof', f.proof), since: f.since, state: f.status,
          ...(exception !== undefined ? { status: 'vulnerable-with-exception-applied', exceptions: [exception] } : { status: 'vulnerable' }),
        };
      }),
      links: resourceLinks(req, `/api/3/assets/${assetId}/vulnerabilities/${encodeURIComponent(checkId)}`, { Vulnerability: `/api/3/vulnerabilities/${encodeURIComponent(checkId)}` }),
    };
  });
}
