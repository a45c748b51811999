/**
 * /api/3/scan_templates (v3): the read-only built-ins (discovery, full-audit, exhaustive,
 * endpoint) and custom copies. POST copies `copyOf` (default full-audit) and applies the body.
 */
import { z } from 'zod';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { linksBody, linksSchema, resourceLinks } from '../v3/index.ts';
import { createTemplate, deleteTemplate, getTemplateView, listTemplates, updateTemplate } from '../../services/templates.ts';
import { overridesFromV3 } from '../../services/templates-model.ts';
import { farsightOverrides, templateEditSchema, templateSchema, toV3TemplateBody } from './scan-templates-schemas.ts';

const links = z.object({ links: linksSchema });
const idParam = z.object({ id: z.string().min(1).max(100) });
const tags = ['scan templates'];

/** Scan template routes. */
export const scanTemplatesRoutes: RoutePlugin = (app, { db }) => {
  app.get('/api/3/scan_templates', {
    config: { permission: 'templates:read' },
    schema: { tags, summary: 'Scan templates: built-ins first, then custom ones', response: { 200: z.object({ resources: z.array(templateSchema), links: linksSchema }) } },
  }, async (req) => ({ resources: (await listTemplates(db)).map((v) => toV3TemplateBody(req, v)), links: linksBody(req).links }));

  app.post('/api/3/scan_templates', {
    config: { permission: 'templates:write' },
    schema: { tags, summary: 'Create a custom template as a copy of copyOf (default full-audit) with the body applied', body: templateEditSchema, response: { 201: z.object({ id: z.string(), links: linksSchema }) } },
  }, async (req, reply) => {
    const id = await createTemplate(db, actorOf(req), { copyOf: req.body.copyOf, overrides: [overridesFromV3(req.body), farsightOverrides(req.body)] });
    return reply.code(201).send({ id, links: resourceLinks(req, `/api/3/scan_templates/${encodeURIComponent(id)}`) });
  });

  app.get('/api/3/scan_templates/:id', {
    config: { permission: 'templates:read' },
    schema: { tags, summary: 'A scan template', params: idParam, response: { 200: templateSchema } },
  }, async (req) => toV3TemplateBody(req, await getTemplateView(db, req.params.id)));

  app.put('/api/3/scan_templates/:id', {
    config: { permission: 'templates:write' },
    schema: { tags, summary: 'Change a custom template (built-ins are read-only)', params: idParam, body: templateEditSchema, response: { 200: links } },
  }, async (req) => {
    await updateTemplate(db, actorOf(req), req.params.id, [overridesFromV3(req.body), farsightOverrides(req.body)]);
    return linksBody(req);
  });

  app.delete('/api/3/scan_templates/:id', {
    config: { permission: 'templates:write' },
    schema: { tags, summary: 'Delete a custom template no site uses', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteTemplate(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/scan_templates') };
  });
};
