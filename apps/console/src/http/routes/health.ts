/** GET /api/farsight/health — liveness for load balancers and scripts (no credentials). */
import { z } from 'zod';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import type { RoutePlugin } from '../app-types.ts';

/** Health route. */
export const healthRoutes: RoutePlugin = (app, { leader }) => {
  app.get('/api/farsight/health', {
    config: { permission: 'public' },
    schema: { tags: ['farsight'], summary: 'Console liveness', response: { 200: z.object({ status: z.literal('ok'), version: z.string(), leader: z.boolean() }) } },
  }, () => ({ status: 'ok' as const, version: FARSIGHT_VERSION, leader: leader.isLeader() }));
};
