/** Types shared by the app and every route plugin. */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { FarsightError } from '@farsight/common';
import type { Db } from '../db/index.ts';
import type { ConsoleConfig } from '../config.ts';
import type { Leader } from '../leader.ts';
import type { Actor } from '../services/actor.ts';
import type { FailureLimiter } from './auth-limiter.ts';

/** What route plugins get besides the app: the database, the config, the leader election, the failed-login limiter. */
export interface RouteContext { db: Db; config: ConsoleConfig; leader: Leader; authFailures: FailureLimiter; /** Now (tests inject one to move time: exception expiry, secret lifetimes). */ clock?: () => Date }

/** The Fastify instance routes register on (zod type provider). */
export type ConsoleApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** A route module: registers its routes (each with `config: { permission }`). */
export type RoutePlugin = (app: ConsoleApp, ctx: RouteContext) => Promise<void> | void;

/** How the request authenticated. */
export type AuthMethod = 'basic' | 'api-key' | 'session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller (null on `public` routes without credentials). */
    actor: Actor | null;
    authMethod: AuthMethod | null;
    /** Session id when authenticated by cookie. */
    sessionId: number | null;
  }
}

/** The caller of an authenticated route (the auth hook guarantees one on non-public routes). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new FarsightError('UNAUTHENTICATED', 'this route needs credentials');
  return req.actor;
}
