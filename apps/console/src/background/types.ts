/** The contract of a background service (scheduler, dispatch, local engine supervisor, …). */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/index.ts';
import type { ConsoleConfig } from '../config.ts';
import type { Leader } from '../leader.ts';

/** What a background service gets at start. */
export interface BackgroundContext { db: Db; config: ConsoleConfig; leader: Leader; log: FastifyBaseLogger }

/**
 * A long-running part of the console started after the database is migrated and before the
 * HTTP server listens, stopped (in reverse order) at shutdown. Leader-only work subscribes to
 * `ctx.leader.on('leader' | 'follower', …)` and checks `ctx.leader.isLeader()` at start.
 */
export interface BackgroundService {
  name: string;
  start(ctx: BackgroundContext): Promise<{ stop(): Promise<void> }>;
}
