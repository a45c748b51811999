/**
 * Maintenance windows seen from the console (issue 4): the windows an engine published, live or
 * as last kept (`GET /api/farsight/scan_engines/{id}/maintenance`) and the warning before a schedule is
 * saved (`POST /api/farsight/sites/{id}/check-schedule`). See docs/engine-operations.md.
 */
import { z } from 'zod';
import { formatMaintenanceRule, nextWindow } from '@farsight/engine-protocol';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema } from '../v3/index.ts';
import { engineLinks } from '../../engines/index.ts';
import { maintenanceClock } from '../../engines/maintenance-gate.ts';
import { getEngine } from '../../services/engines-registry.ts';
import { knownMaintenance, scanEngineIds } from '../../services/engines-maintenance.ts';
import { getSiteFor } from '../../services/sites.ts';
import { scheduleConflicts } from '../../services/scans-schedule-check.ts';
import { warningSchema } from './schedules-schemas.ts';

const tags = ['scan engines'];
const idParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const windowSchema = z.object({ id: z.string(), rule: z.string(), timeZone: z.string(), nextStart: z.string().nullable(), nextEnd: z.string().nullable() });

/** Registers the maintenance routes. */
export const enginesMaintenanceRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;

  app.get('/api/farsight/scan_engines/:id/maintenance', {
    config: { permission: 'engines:read' },
    schema: {
      tags, summary: 'The maintenance windows an engine published, with the next occurrence of each: live while it is connected, else the copy kept when it last published them (`source`, `publishedAt`)', params: idParam,
      response: { 200: z.object({ connected: z.boolean(), source: z.enum(['connected', 'stored', 'none']), publishedAt: z.string().nullable(), windows: z.array(windowSchema), links: linksSchema }) },
    },
  }, async (req) => {
    await getEngine(db, req.params.id);
    const [known] = await knownMaintenance(db, engineLinks, [req.params.id]);
    const now = maintenanceClock.now();
    const windows = (known?.rules ?? []).map((r) => {
      const n = nextWindow([r], now);
      return { id: r.id, rule: formatMaintenanceRule(r), timeZone: r.timeZone, nextStart: n?.start.toISOString() ?? null, nextEnd: n?.end.toISOString() ?? null };
    });
    return { connected: engineLinks.get(req.params.id) !== undefined, source: known?.source ?? 'none', publishedAt: known?.publishedAt ?? null, windows, ...linksBody(req) };
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
    const engines = await knownMaintenance(db, engineLinks, await scanEngineIds(db, site.engineId));
    const warnings = scheduleConflicts(engines, { start: new Date(req.body.start), durationMinutes: req.body.durationMinutes, repeat: req.body.repeat, occurrences: req.body.occurrences });
    return { ok: warnings.length === 0, warnings, unknownEngines: engines.filter((e) => e.source === 'none').map((e) => e.id), ...linksBody(req) };
  });
};
