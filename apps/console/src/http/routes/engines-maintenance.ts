/**
 * Maintenance windows seen from the console (issue 4): the windows an engine published
 * (`GET /api/farsight/scan_engines/{id}/maintenance`) and the warning before a schedule is
 * saved (`POST /api/farsight/sites/{id}/check-schedule`). See docs/engine-operations.md.
 */
import { z } from 'zod';
import { formatMaintenanceRule, nextWindow } from '@farsight/engine-protocol';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema } from '../v3/index.ts';
import { engineLinks } from '../../engines/index.ts';
import { maintenanceClock } from '../../engines/maintenance-gate.ts';
import { getEngine, getEngineOrPool } from '../../services/engines-registry.ts';
import { getSiteFor } from '../../services/sites.ts';
import { scheduleConflicts } from '../../services/scans-schedule-check.ts';

const tags = ['scan engines'];
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const windowSchema = z.object({ id: z.string(), rule: z.string(), timeZone: z.string(), nextStart: z.string().nullable(), nextEnd: z.string().nullable() });
const warningSchema = z.object({
  engineId: z.number().int(), engineName: z.string(), ruleId: z.string(), runStart: z.string(), runEnd: z.string(), windowStart: z.string(), windowEnd: z.string(), message: z.string(),
});

/** Registers the maintenance routes. */
export const enginesMaintenanceRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;

  app.get('/api/farsight/scan_engines/:id/maintenance', {
    config: { permission: 'engines:read' },
    schema: { tags, summary: 'The maintenance windows an engine published (known while it is connected), with the next occurrence of each', params: idParam,
      response: { 200: z.object({ connected: z.boolean(), windows: z.array(windowSchema), links: linksSchema }) } },
  }, async (req) => {
    await getEngine(db, req.params.id);
    const link = engineLinks.get(req.params.id);
    const now = maintenanceClock.now();
    const windows = (link?.maintenance ?? []).map((r) => {
      const n = nextWindow([r], now);
      return { id: r.id, rule: formatMaintenanceRule(r), timeZone: r.timeZone, nextStart: n?.start.toISOString() ?? null, nextEnd: n?.end.toISOString() ?? null };
    });
    return { connected: link !== undefined, windows, ...linksBody(req) };
  });

  app.post('/api/farsight/sites/:id/check-schedule', {
    config: { permission: 'sites:read' },
    schema: {
      tags: ['sites'], summary: 'Warn before saving a schedule: which runs would overlap a maintenance window of the site\'s engine (or of any engine of its pool)', params: idParam,
      body: z.object({
        start: z.iso.datetime({ offset: true }),
        durationMinutes: z.number().int().min(1).max(10_080),
        repeat: z.enum(['none', 'daily', 'weekly', 'monthly']).default('none'),
        occurrences: z.number().int().min(1).max(366).default(12),
      }).strict(),
      response: { 200: z.object({ ok: z.boolean(), warnings: z.array(warningSchema), unknownEngines: z.array(z.number().int()), links: linksSchema }) },
    },
  }, async (req) => {
    const site = await getSiteFor(db, actorOf(req), req.params.id);
    const target = await getEngineOrPool(db, site.engineId);
    const ids = target.kind === 'pool' ? target.pool.engines : [target.engine.id];
    const engines = await Promise.all(ids.map(async (id) => ({ id, name: (await getEngine(db, id)).name, rules: engineLinks.get(id)?.maintenance ?? [] })));
    const warnings = scheduleConflicts(engines, { start: new Date(req.body.start), durationMinutes: req.body.durationMinutes, repeat: req.body.repeat, occurrences: req.body.occurrences });
    return { ok: warnings.length === 0, warnings, unknownEngines: ids.filter((id) => !engineLinks.get(id)), ...linksBody(req) };
  });
};
