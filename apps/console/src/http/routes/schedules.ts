/**
 * Scan schedules (v3): GET/POST/PUT/DELETE /api/3/sites/{id}/scan_schedules and GET/PUT/DELETE
 * …/scan_schedules/{scheduleId}. Saving answers with `warnings` (a Farsight addition) for
 * upcoming runs that overlap a maintenance window of the engines that will scan.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { createdReference, linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import { engineLinks } from '../../engines/index.ts';
import {
  createSchedule, deleteSchedule, deleteSiteSchedules, getSchedule, listSchedules, replaceSiteSchedules, updateSchedule, type ScheduleInput, type ScheduleView,
} from '../../services/schedules.ts';
import { idParam } from './sites-schemas.ts';
import { scheduleInSchema, scheduleOutSchema, warningSchema, type ScheduleIn } from './schedules-schemas.ts';

const tags = ['scan schedules'];
const params = idParam.extend({ scheduleId: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const savedSchema = z.object({ links: linksSchema, warnings: z.array(warningSchema) });

function toInput(b: ScheduleIn): ScheduleInput {
  const hosts = b.assets?.includedTargets?.addresses;
  return {
    enabled: b.enabled, onScanRepeat: b.onScanRepeat, start: b.start, repeat: b.repeat, duration: b.duration, scanName: b.scanName,
    scanTemplateId: b.scanTemplateId, scanEngineId: b.scanEngineId, timeZone: b.timeZone, ...(hosts ? { hosts } : {}),
  };
}

function toBody(s: ScheduleView, links: z.infer<typeof linksSchema>) {
  const { hosts, siteId: _site, ...rest } = s;
  return { ...rest, ...(hosts ? { assets: { includedTargets: { addresses: hosts } } } : {}), links };
}

/** Scan schedule routes. */
export const schedulesRoutes: RoutePlugin = (app, { db }) => {
  const path = (siteId: number, id?: number): string => `/api/3/sites/${siteId}/scan_schedules${id !== undefined ? `/${id}` : ''}`;

  app.get('/api/3/sites/:id/scan_schedules', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'The site\'s scan schedules, each with its next 10 runs', params: idParam, response: { 200: z.object({ resources: z.array(scheduleOutSchema), links: linksSchema }) } },
  }, async (req) => ({
    resources: (await listSchedules(db, actorOf(req), req.params.id)).map((s) => toBody(s, resourceLinks(req, path(req.params.id, s.id)))),
    links: linksBody(req).links,
  }));

  app.post('/api/3/sites/:id/scan_schedules', {
    config: { permission: 'sites:write' },
    schema: {
      tags, summary: 'Create a scan schedule; `warnings` lists upcoming runs that overlap an engine maintenance window (the schedule is saved anyway)',
      params: idParam, body: scheduleInSchema, response: { 201: z.object({ id: z.number().int(), links: linksSchema, warnings: z.array(warningSchema) }) },
    },
  }, async (req, reply) => {
    const { id, warnings } = await createSchedule(db, engineLinks, actorOf(req), req.params.id, toInput(req.body));
    return reply.code(201).send({ ...createdReference(req, id, path(req.params.id, id)), warnings });
  });

  app.put('/api/3/sites/:id/scan_schedules', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Replace all of the site\'s scan schedules (all or nothing)', params: idParam, body: z.array(scheduleInSchema).max(100), response: { 200: savedSchema } },
  }, async (req) => ({ ...linksBody(req), warnings: await replaceSiteSchedules(db, engineLinks, actorOf(req), req.params.id, req.body.map(toInput)) }));

  app.delete('/api/3/sites/:id/scan_schedules', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Delete all of the site\'s scan schedules (scans they started stay)', params: idParam, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await deleteSiteSchedules(db, actorOf(req), req.params.id);
    return linksBody(req);
  });

  app.get('/api/3/sites/:id/scan_schedules/:scheduleId', {
    config: { permission: 'sites:read' },
    schema: { tags, summary: 'One scan schedule with its next 10 runs and what its last run did', params, response: { 200: scheduleOutSchema } },
  }, async (req) => toBody(await getSchedule(db, actorOf(req), req.params.id, req.params.scheduleId), resourceLinks(req, path(req.params.id, req.params.scheduleId))));

  app.put('/api/3/sites/:id/scan_schedules/:scheduleId', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Replace a scan schedule; `warnings` as for create', params, body: scheduleInSchema, response: { 200: savedSchema } },
  }, async (req) => ({ ...linksBody(req), warnings: await updateSchedule(db, engineLinks, actorOf(req), req.params.id, req.params.scheduleId, toInput(req.body)) }));

  app.delete('/api/3/sites/:id/scan_schedules/:scheduleId', {
    config: { permission: 'sites:write' },
    schema: { tags, summary: 'Delete a scan schedule (scans it started stay)', params, response: { 200: z.object({ links: linksSchema }) } },
  }, async (req) => {
    await deleteSchedule(db, actorOf(req), req.params.id, req.params.scheduleId);
    return linksBody(req);
  });
};
