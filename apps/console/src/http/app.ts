/**
 * The console's HTTP application: Fastify 5 with zod schemas, security headers, cookie
 * sessions, the auth hook, the v3 error body, OpenAPI 3 at /api/farsight/openapi.json and
 * Swagger UI at /api/docs. Routes come from routes/index.ts; every route must declare
 * `config: { permission }` or the app refuses to start.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import Fastify, { LogController, type FastifyError, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { FarsightError, isFarsightError } from '@farsight/common';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import type { Db } from '../db/index.ts';
import type { ConsoleConfig } from '../config.ts';
import { startLeaderElection, type Leader } from '../leader.ts';
import type { ConsoleApp, RouteContext } from './app-types.ts';
import { authHook } from './auth.ts';
import { FailureLimiter } from './auth-limiter.ts';
import { isPermission, type Permission } from './permissions.ts';
import { sendError, statusOf } from './v3/errors.ts';
import { rejectNulHook } from './input-guards.ts';
import { isDataError } from '../db/helpers.ts';
import { ROUTES } from './routes/index.ts';

/** What buildApp needs. `leader` defaults to an always-leader election (SQLite, tests). */
export interface BuildAppOptions {
  db: Db;
  config: ConsoleConfig;
  leader?: Leader;
  /** TLS key/cert for HTTPS; omitted = plain HTTP (app.inject in tests). */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Called for every route as it is registered (the RBAC test collects them). */
  onRoute?: (route: { method: string; url: string; permission: Permission }) => void;
  /** The routes' clock (default: the wall clock); tests move it. */
  clock?: () => Date;
}

/** A registered route, as collected for the RBAC test. */
export interface RouteInfo { method: string; url: string; permission: Permission }

const DOCS_PREFIX = '/api/docs';

function serverOptions(config: ConsoleConfig, https: BuildAppOptions['https']): FastifyServerOptions {
  return {
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.http.bodyLimit,
    connectionTimeout: config.http.connectionTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    keepAliveTimeout: config.http.keepAliveTimeoutMs,
    trustProxy: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Our own server so every timeout is set, including connectionsCheckingInterval (default 30 s:
    // without it a slow-drip client outlives headersTimeout/requestTimeout by up to 30 s; STACK.md).
    serverFactory: (handler) => {
      const l = config.http;
      const common = { headersTimeout: l.headersTimeoutMs, requestTimeout: l.requestTimeoutMs, keepAliveTimeout: l.keepAliveTimeoutMs, connectionsCheckingInterval: l.connectionsCheckingIntervalMs };
      const server = https
        ? createHttpsServer({ ...common, key: https.key, cert: https.cert, minVersion: 'TLSv1.2' }, handler)
        : createHttpServer(common, handler);
      server.setTimeout(l.connectionTimeoutMs);
      return server;
    },
  };
}

/** Builds (but does not start listening) the console app with every route registered. */
export async function buildApp(opts: BuildAppOptions): Promise<ConsoleApp> {
  const { db, config } = opts;
  const leader = opts.leader ?? startLeaderElection(undefined);
  const app = Fastify(serverOptions(config, opts.https)) as unknown as ConsoleApp;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('sessionId', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? route.path ?? '';
    if (url.startsWith(DOCS_PREFIX) && route.config?.permission === undefined) route.config = { ...route.config, permission: 'public' };
    const permission: unknown = route.config?.permission;
    if (!isPermission(permission)) {
      throw new FarsightError('INTERNAL', `route ${String(route.method)} ${url} declares no valid permission; add config: { permission: '…' } (see apps/console/CONVENTIONS.md)`);
    }
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) opts.onRoute?.({ method, url, permission });
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isFarsightError(err)) {
      const retry = (err as FarsightError & { retryAfterSeconds?: number }).retryAfterSeconds;
      if (retry !== undefined) void reply.header('retry-after', String(retry));
      if (err.code === 'UNAUTHENTICATED') void reply.header('www-authenticate', 'Basic realm="Farsight", charset="UTF-8"');
      return sendError(req, reply, statusOf(err.code), err.code, err.message);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.slice(0, 5).map((v) => `${v.instancePath || '/'} ${v.message ?? ''}`.trim()).join('; ');
      return sendError(req, reply, 400, 'INVALID_ARGUMENT', `invalid ${err.validationContext ?? 'request'}: ${issues}`);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response does not match its schema');
      return sendError(req, reply, 500, 'INTERNAL', 'the server produced an invalid response; this is a bug, please report it');
    }
    if (isDataError(err)) return sendError(req, reply, 400, 'INVALID_ARGUMENT', `the database refused a value: ${err.message}`);
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status === 429) return sendError(req, reply, 429, 'RATE_LIMITED', err.message);
    if (status === 413) return sendError(req, reply, 413, 'PAYLOAD_TOO_LARGE', `request body larger than ${config.http.bodyLimit} bytes`);
    if (status >= 400 && status < 500) return sendError(req, reply, status, 'INVALID_ARGUMENT', err.message);
    req.log.error({ err }, 'request failed');
    return sendError(req, reply, 500, 'INTERNAL', 'internal error; the console log has the details');
  });
  app.setNotFoundHandler({}, (req, reply) => sendError(req, reply, 404, 'NOT_FOUND', `no API route ${req.method} ${req.url.split('?')[0] ?? ''}`));

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    // Swagger UI needs inline styles; everything else is same-origin only.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], scriptSrc: ["'self'"], frameAncestors: ["'none'"] } },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Farsight Security Console API', version: FARSIGHT_VERSION, description: 'InsightVM v3-compatible routes under /api/3; Farsight-only routes under /api/farsight.' },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' }, session: { type: 'apiKey', in: 'cookie', name: 'farsight_session' } } },
      security: [{ basic: [] }, { apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: DOCS_PREFIX, staticCSP: true });

  const ctx: RouteContext = { db, config, leader, authFailures: new FailureLimiter(config.auth.failureRateMax, config.auth.rateWindowMs), ...(opts.clock ? { clock: opts.clock } : {}) };
  app.addHook('onRequest', authHook(ctx));
  app.addHook('preValidation', rejectNulHook);
  app.get('/api/farsight/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, () => app.swagger());
  for (const plugin of ROUTES) await app.register(async (child) => plugin(child as ConsoleApp, ctx));
  return app;
}
