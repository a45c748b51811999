/**
 * /api/3/vulnerability_exceptions (v3): submit, list, read, approve/reject/recall, expiry, delete.
 * One route serves all three review actions, so its declared permission is `exceptions:submit`
 * (recall is the submitter's) and approve/reject additionally need `exceptions:review`.
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { FarsightError } from '@farsight/common';
import { actorOf, type RoutePlugin } from '../app-types.ts';
import { roleHas } from '../permissions.ts';
import { createdReference, linksBody, linksSchema, pageOf, pageOfSchema, pageRequest, pagingQuery, requestPath, resourceLinks } from '../v3/index.ts';
import {
  createException, deleteException, EXCEPTION_SORT, getException, listExceptions, reviewException, setExceptionExpiry, type ExceptionView,
} from '../../services/exceptions.ts';
import { displayState, parseReason, parseScopeType, REASON_LABELS, SCOPE_LABELS } from '../../services/exceptions-rules.ts';
import { idParam } from './sites-schemas.ts';
import { clockOf } from './scan-engines.ts';

const links = z.object({ links: linksSchema });
const created = z.object({ id: z.number().int(), links: linksSchema });
const tags = ['vulnerability exceptions'];

/** v3 VulnerabilityException (input): scope, submit.reason/comment, optional expires. */
const exceptionInSchema = z.object({
  scope: z.object({
    type: z.string().min(1).max(40),
    id: z.number().int().positive().max(2 ** 31 - 1).optional(),
    vulnerability: z.string().min(1).max(200),
    port: z.number().int().optional(),
    key: z.string().max(1000).optional(),
    links: linksSchema.optional(),
  }),
  submit: z.object({ reason: z.string().min(1).max(40), comment: z.string().max(4000).optional(), links: linksSchema.optional() }),
  expires: z.string().max(64).nullable().optional(),
  state: z.string().max(40).optional(),
  links: linksSchema.optional(),
});

const who = z.object({ name: z.string(), user: z.number().int(), date: z.string(), comment: z.string() });

/** v3 VulnerabilityException (response). */
export const exceptionSchema = z.object({
  id: z.number().int(),
  state: z.string(),
  expires: z.string().optional(),
  scope: z.object({ type: z.string(), id: z.number().int().optional(), vulnerability: z.string(), port: z.number().int().optional(), key: z.string().optional(), links: linksSchema }),
  submit: who.extend({ reason: z.string() }),
  review: who.optional(),
  links: linksSchema,
});

function toV3(req: FastifyRequest, e: ExceptionView, now: Date): z.infer<typeof exceptionSchema> {
  const path = `/api/3/vulnerability_exceptions/${e.id}`;
  const scopeLink = e.scopeType === 'site' ? `/api/3/sites/${e.scopeId ?? 0}` : e.scopeType === 'global' ? `/api/3/vulnerabilities/${encodeURIComponent(e.vulnerabilityId)}` : `/api/3/assets/${e.scopeId ?? 0}`;
  return {
    id: e.id,
    state: displayState(e, now),
    ...(e.expires !== null ? { expires: e.expires } : {}),
    scope: {
      type: SCOPE_LABELS[e.scopeType], ...(e.scopeId !== null ? { id: e.scopeId } : {}), vulnerability: e.vulnerabilityId,
      ...(e.port !== null ? { port: e.port } : {}), ...(e.key !== null ? { key: e.key } : {}), links: resourceLinks(req, scopeLink),
    },
    submit: { reason: REASON_LABELS[e.reason], comment: e.comment, date: e.submittedAt, name: e.submittedLogin, user: e.submittedBy },
    ...(e.reviewedAt !== null ? { review: { comment: e.reviewComment ?? '', date: e.reviewedAt, name: e.reviewedLogin ?? '', user: e.reviewedBy ?? 0 } } : {}),
    links: resourceLinks(req, path, { Expires: `${path}/expires` }),
  };
}

/** Vulnerability exception routes. */
export const exceptionsRoutes: RoutePlugin = (app, ctx) => {
  const { db } = ctx;
  const now = clockOf(ctx);

  app.get('/api/3/vulnerability_exceptions', {
    config: { permission: 'exceptions:read' },
    schema: { tags, summary: 'Vulnerability exceptions you may see', querystring: pagingQuery, response: { 200: pageOfSchema(exceptionSchema) } },
  }, async (req) => {
    const pr = pageRequest(req.query, EXCEPTION_SORT);
    const { exceptions, total } = await listExceptions(db, actorOf(req), pr);
    const t = now();
    return pageOf(exceptions.map((e) => toV3(req, e, t)), total, pr, requestPath(req));
  });

  app.post('/api/3/vulnerability_exceptions', {
    config: { permission: 'exceptions:submit' },
    schema: { tags, summary: 'Submit an exception (Under Review until approved)', body: exceptionInSchema, response: { 201: created } },
  }, async (req, reply) => {
    const b = req.body;
    const id = await createException(db, actorOf(req), {
      scopeType: parseScopeType(b.scope.type), scopeId: b.scope.id ?? null, vulnerabilityId: b.scope.vulnerability, port: b.scope.port ?? null,
      key: b.scope.key ?? null, reason: parseReason(b.submit.reason), comment: b.submit.comment, expires: b.expires ?? null,
    }, now());
    return reply.code(201).send(createdReference(req, id, `/api/3/vulnerability_exceptions/${id}`));
  });

  app.get('/api/3/vulnerability_exceptions/:id', {
    config: { permission: 'exceptions:read' },
    schema: { tags, summary: 'A vulnerability exception', params: idParam, response: { 200: exceptionSchema } },
  }, async (req) => toV3(req, await getException(db, actorOf(req), req.params.id), now()));

  app.delete('/api/3/vulnerability_exceptions/:id', {
    config: { permission: 'exceptions:submit' },
    schema: { tags, summary: 'Delete an exception (global admins; the submitter while Under Review)', params: idParam, response: { 200: links } },
  }, async (req) => {
    await deleteException(db, actorOf(req), req.params.id);
    return { links: resourceLinks(req, '/api/3/vulnerability_exceptions') };
  });

  app.get('/api/3/vulnerability_exceptions/:id/expires', {
    config: { permission: 'exceptions:read' },
    schema: { tags, summary: 'When the exception expires (empty string: never)', params: idParam, response: { 200: z.string() } },
  }, async (req, reply) => {
    // Fastify sends a returned string as text/plain; v3 documents a JSON string here.
    const expires = (await getException(db, actorOf(req), req.params.id)).expires ?? '';
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(expires));
  });

  app.put('/api/3/vulnerability_exceptions/:id/expires', {
    config: { permission: 'exceptions:submit' },
    schema: { tags, summary: 'Set the expiry (ISO-8601 date-time; empty string clears it)', params: idParam, body: z.string().max(64), response: { 200: links } },
  }, async (req) => {
    await setExceptionExpiry(db, actorOf(req), req.params.id, req.body === '' ? null : req.body, now());
    return linksBody(req);
  });

  app.post('/api/3/vulnerability_exceptions/:id/:status', {
    config: { permission: 'exceptions:submit' },
    schema: {
      tags, summary: 'approve / reject (needs exceptions:review; reviewer ≠ submitter unless global admin) or recall (submitter)',
      params: idParam.extend({ status: z.enum(['approve', 'reject', 'recall']) }), body: z.string().max(4000).nullish(), response: { 200: links },
    },
  }, async (req) => {
    const actor = actorOf(req);
    const action = req.params.status;
    if (action !== 'recall' && !roleHas(actor.role, 'exceptions:review')) {
      throw new FarsightError('PERMISSION_DENIED', `role ${actor.role} lacks permission exceptions:review needed to ${action} an exception`);
    }
    await reviewException(db, actor, req.params.id, action, req.body ?? null, now());
    return { links: resourceLinks(req, `/api/3/vulnerability_exceptions/${req.params.id}`) };
  });
};
