/**
 * Farsight's own engine routes (issue 4), beside v3 `/api/3/scan_engines`: the engine CA
 * fingerprint engines pin, shared secrets with limits, live status with every detail, Refresh
 * (one engine or all displayed), revocation, the dial direction and per-engine settings (the
 * concurrent-scan limit). See docs/engines.md and docs/engine-operations.md.
 */
import { z } from 'zod';
import { FarsightError } from '@farsight/common';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema } from '../v3/index.ts';
import { clockOf } from './scan-engines.ts';
import { createSharedSecret, sharedSecretTimeToLive } from '../../services/engines-registry-secret.ts';
import { consoleKeyring } from '../../services/credentials-keyring.ts';
import { getEngine, listEngines, type EngineView } from '../../services/engines-registry.ts';
import { linkRecords, revokeEngine, setEngineDirection, type LinkRecord } from '../../services/engines-remote.ts';
import { ENGINE_SCAN_LIMIT_MAX, setEngineSettings } from '../../services/engines-registry-settings.ts';
import { defaultEngineScanLimit } from '../../engines/dispatcher.ts';
import { loadOrCreateEngineCa } from '../../engines/remote-ca.ts';
import { ENGINE_LISTEN_PORT, remoteEngines } from '../../engines/remote-service.ts';
import type { EngineLive } from '../../engines/remote-monitor.ts';
import { V3_STATUS } from '../../engines/remote-status.ts';

const tags = ['scan engines'];
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const cidr = z.string().max(64).refine((s) => z.cidrv4().safeParse(s).success || z.cidrv6().safeParse(s).success || z.ipv4().safeParse(s).success || z.ipv6().safeParse(s).success, 'an IPv4/IPv6 CIDR or address');
const STATE_OF: Record<string, string> = Object.fromEntries(Object.entries(V3_STATUS).map(([k, v]) => [v, k]));

const statusSchema = z.object({
  id: z.number().int(), name: z.string(), kind: z.enum(['local', 'remote']),
  state: z.enum(['active', 'unknown', 'pending-authorization', 'incompatible', 'down']),
  reason: z.string().nullable(), direction: z.enum(['local', 'standard', 'reverse']), address: z.string(), port: z.number().int(),
  engineVersion: z.string().nullable(), contentVersion: z.string().nullable(), statusAt: z.string().nullable(),
  lastHeartbeat: z.string().nullable(), clockSkewMs: z.number().int().nullable(), runningScans: z.number().int(), queueDepth: z.number().int(),
  connected: z.boolean(), revoked: z.boolean(),
  /** SHA-256 of the engine's public key (AB:CD:…), pinned at first contact or pairing; compare with `farsight engine identity`. */
  keyFingerprint: z.string().nullable(),
  /** The engine's own concurrent-scan limit; null = the console-wide default. */
  scanLimit: z.number().int().nullable(),
  /** The limit the dispatcher applies now (scanLimit, else FARSIGHT_ENGINE_SCAN_LIMIT, else 4). */
  effectiveScanLimit: z.number().int(),
});
const settingsSchema = z.object({ scanLimit: z.number().int().min(1).max(ENGINE_SCAN_LIMIT_MAX).nullable() }).strict();

/** A stored key pin (hex SHA-256 of the SPKI) as `farsight engine identity` prints it. */
export function keyFingerprintOfPin(pin: string | null | undefined): string | null {
  return pin && /^[0-9a-f]{64}$/i.test(pin) ? (pin.toUpperCase().match(/../g) ?? []).join(':') : null;
}
type StatusBody = z.infer<typeof statusSchema>;

function statusOf(e: EngineView, rec: LinkRecord | undefined, live: EngineLive | undefined): StatusBody {
  const state = (live?.state ?? STATE_OF[e.status] ?? 'unknown') as StatusBody['state'];
  return {
    id: e.id, name: e.name, kind: e.kind, state, reason: live?.reason ?? e.statusReason,
    direction: e.kind === 'local' ? 'local' : live?.direction ?? rec?.direction ?? 'standard', address: e.address, port: e.port,
    engineVersion: live?.engineVersion ?? e.productVersion, contentVersion: live?.contentVersion ?? e.contentVersion, statusAt: live?.since ?? e.statusAt,
    lastHeartbeat: live?.lastHeartbeatAt ?? rec?.lastHeartbeatAt ?? null, clockSkewMs: live?.clockSkewMs ?? rec?.clockSkewMs ?? null,
    runningScans: live?.runningScans ?? rec?.runningScans ?? 0, queueDepth: live?.queueDepth ?? rec?.queueDepth ?? 0,
    connected: live?.connected ?? false, revoked: rec?.revokedAt != null, keyFingerprint: keyFingerprintOfPin(rec?.keyPin),
    scanLimit: e.scanLimit, effectiveScanLimit: e.scanLimit ?? defaultEngineScanLimit(),
  };
}

/** Engine CA, secrets with limits, status, refresh, revoke, direction. */
export const enginesRemoteRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;
  const now = clockOf(ctx);
  const statuses = async (ids?: number[]): Promise<StatusBody[]> => {
    const engines = (await listEngines(db)).filter((e) => !ids || ids.includes(e.id));
    const recs = await linkRecords(db, engines.map((e) => e.id));
    const r = remoteEngines();
    return engines.map((e) => statusOf(e, recs.get(e.id), r?.monitor.get(e.id)));
  };

  app.get('/api/farsight/scan_engines/ca', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'The engine CA engines pin (SHA-256 fingerprint and PEM) and the port engines dial', response: { 200: z.object({ fingerprint256: z.string(), pem: z.string(), port: z.number().int() }) } },
  }, async () => {
    const ca = remoteEngines()?.ca ?? await loadOrCreateEngineCa(ctx.config.dataDir);
    return { fingerprint256: ca.fingerprint256, pem: ca.caPem, port: remoteEngines()?.port ?? ENGINE_LISTEN_PORT };
  });

  app.post('/api/farsight/scan_engines/shared_secret', {
    config: { permission: 'engines:write' },
    schema: {
      tags, summary: 'Generate a pairing shared secret with optional limits (shown once, valid 60 minutes; replaces any previous one)',
      body: z.object({ maxUses: z.number().int().min(1).max(100_000).optional(), allowedCidrs: z.array(cidr).min(1).max(64).optional() }).strict().nullish(),
      response: { 201: z.object({ secret: z.string(), expiresAt: z.string(), timeToLive: z.number().int(), caFingerprint: z.string(), port: z.number().int() }) },
    },
  }, async (req, reply) => {
    const b = req.body ?? {};
    const t = now();
    const { secret, expiresAt } = await createSharedSecret(db, actorOf(req), t, { ...(b.maxUses !== undefined ? { maxUses: b.maxUses } : {}), ...(b.allowedCidrs ? { allowedCidrs: b.allowedCidrs } : {}) }, consoleKeyring(ctx.config.dataDir));
    const ca = remoteEngines()?.ca ?? await loadOrCreateEngineCa(ctx.config.dataDir);
    return reply.code(201).send({ secret, expiresAt, timeToLive: Math.floor((Date.parse(expiresAt) - t.getTime()) / 1000), caFingerprint: ca.fingerprint256, port: remoteEngines()?.port ?? ENGINE_LISTEN_PORT });
  });

  app.get('/api/farsight/scan_engines/shared_secret', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'The live shared secret\'s limits and remaining time (never the secret; 404 when none)', response: { 200: z.object({ expiresAt: z.string(), timeToLive: z.number().int(), uses: z.number().int(), maxUses: z.number().int().nullable(), allowedCidrs: z.array(z.string()).nullable() }) } },
  }, async () => {
    const t = now();
    const ttl = await sharedSecretTimeToLive(db, t);
    const row = await db.selectFrom('engine_shared_secrets').select(['expires_at', 'uses', 'max_uses', 'allowed_cidrs']).where('revoked_at', 'is', null)
      .where('expires_at', '>', t.toISOString()).orderBy('id', 'desc').executeTakeFirstOrThrow();
    return { expiresAt: row.expires_at, timeToLive: ttl, uses: row.uses, maxUses: row.max_uses, allowedCidrs: row.allowed_cidrs ? JSON.parse(row.allowed_cidrs) as string[] : null };
  });

  app.get('/api/farsight/scan_engines/status', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Every engine\'s status with reason, direction, versions, last heartbeat, clock skew, running scans and queue depth', response: { 200: z.object({ resources: z.array(statusSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: await statuses(), links: linksBody(req).links }));

  app.get('/api/farsight/scan_engines/:id/status', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'One engine\'s status', params: idParam, response: { 200: statusSchema } },
  }, async (req) => {
    await getEngine(db, req.params.id);
    return (await statuses([req.params.id]))[0] as StatusBody;
  });

  app.post('/api/farsight/scan_engines/refresh', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Refresh displayed engines: re-probe the given engines (or all) now and return their status', body: z.object({ ids: z.array(z.number().int().positive().max(2 ** 31 - 1)).max(1000).optional() }).strict().nullish(), response: { 200: z.object({ resources: z.array(statusSchema), links: linksSchema }) } },
  }, async (req) => {
    const ids = req.body?.ids;
    const r = remoteEngines();
    if (r && (ids === undefined || ids.length > 0)) await r.refresh(ids);
    return { resources: await statuses(ids), links: linksBody(req).links };
  });

  app.post('/api/farsight/scan_engines/:id/refresh', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'Refresh one engine: re-probe it now and return its status', params: idParam, response: { 200: statusSchema } },
  }, async (req) => {
    const e = await getEngine(db, req.params.id);
    const r = remoteEngines();
    if (r && e.kind === 'remote') await r.refresh([e.id]);
    const s = (await statuses([e.id]))[0] as StatusBody;
    const refusal = r?.refusalOf(e.id);
    if (refusal?.code === 'unauthorized') throw new FarsightError('ENGINE_CONNECTION_FAILED', `Cannot refresh scan engine (${e.name}): ${refusal.message}`);
    return s;
  });

  app.post('/api/farsight/scan_engines/:id/revoke', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Revoke a remote engine: its certificates stop working and its connection drops at once', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await revokeEngine(db, actorOf(req), req.params.id);
    return linksBody(req);
  });

  app.get('/api/farsight/scan_engines/:id/settings', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'One engine\'s settings: its concurrent-scan limit (null = the console-wide default) and the limit in effect', params: idParam, response: { 200: settingsSchema.extend({ effectiveScanLimit: z.number().int() }) } },
  }, async (req) => {
    const e = await getEngine(db, req.params.id);
    return { scanLimit: e.scanLimit, effectiveScanLimit: e.scanLimit ?? defaultEngineScanLimit() };
  });

  app.put('/api/farsight/scan_engines/:id/settings', {
    config: { permission: 'engines:write' },
    schema: {
      tags, summary: `Set an engine's concurrent-scan limit (1–${ENGINE_SCAN_LIMIT_MAX}, or null for the console-wide default FARSIGHT_ENGINE_SCAN_LIMIT, else 4); further scans queue with their position`,
      params: idParam, body: settingsSchema, response: { 200: settingsSchema.extend({ effectiveScanLimit: z.number().int(), links: linksSchema }) },
    },
  }, async (req) => {
    const s = await setEngineSettings(db, actorOf(req), req.params.id, { scanLimit: req.body.scanLimit });
    return { ...s, effectiveScanLimit: s.scanLimit ?? defaultEngineScanLimit(), ...linksBody(req) };
  });

  app.put('/api/farsight/scan_engines/:id/direction', {
    config: { permission: 'engines:write' },
    schema: { tags, summary: 'Switch who dials: standard (console → engine on its port) or reverse (engine → console); no restart needed', params: idParam, body: z.object({ direction: z.enum(['standard', 'reverse']) }).strict(), response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await setEngineDirection(db, actorOf(req), req.params.id, req.body.direction);
    return linksBody(req);
  });
};
