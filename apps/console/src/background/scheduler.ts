/**
 * The scan scheduler (leader only): every FARSIGHT_SCHEDULER_INTERVAL_MS (default 5 s) it runs
 * due scan schedules and holds scheduled scans to their maximum duration
 * (services/schedules-run.ts). On a follower it does nothing; when leadership moves, the new
 * leader's first tick picks up whatever fell due meanwhile.
 */
import { toFarsightError } from '@farsight/common';
import type { BackgroundService } from './types.ts';
import { runSchedules } from '../services/schedules-run.ts';

/** Milliseconds between scheduler ticks. */
export function schedulerIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.FARSIGHT_SCHEDULER_INTERVAL_MS);
  return Number.isInteger(v) && v >= 50 && v <= 600_000 ? v : 5000;
}

/** Scan schedules, leader only. */
export const schedulerService: BackgroundService = {
  name: 'scheduler',
  start(ctx) {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> = Promise.resolve();
    const tick = (): void => {
      running = running.then(async () => {
        if (!ctx.leader.isLeader()) return;
        const r = await runSchedules(ctx.db);
        for (const id of r.started) ctx.log.info(`scheduler: started scan ${id}`);
        for (const id of r.resumed) ctx.log.info(`scheduler: resumed scan ${id}`);
        for (const id of r.paused) ctx.log.info(`scheduler: paused scan ${id} at its schedule's maximum duration`);
        for (const id of r.stopped) ctx.log.info(`scheduler: stopped scan ${id}, still queued at its schedule's maximum duration`);
        for (const e of r.errors) ctx.log.warn(`scheduler: ${e}`);
      }).catch((e: unknown) => { ctx.log.error(`scheduler tick failed: ${toFarsightError(e).message}`); });
    };
    const up = (): void => {
      if (timer) return;
      timer = setInterval(tick, schedulerIntervalMs());
      tick();
    };
    const down = (): void => {
      if (timer) clearInterval(timer);
      timer = undefined;
    };
    ctx.leader.on('leader', up);
    ctx.leader.on('follower', down);
    if (ctx.leader.isLeader()) up();
    return Promise.resolve({
      async stop() {
        ctx.leader.off('leader', up);
        ctx.leader.off('follower', down);
        down();
        await running;
      },
    });
  },
};
