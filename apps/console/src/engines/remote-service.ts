/**
 * The remote-engines background service: on the leader it runs RemoteEngines (listener on
 * FARSIGHT_ENGINE_LISTEN_HOST / FARSIGHT_ENGINE_LISTEN_PORT, default the console host and
 * 40815; dialers; status monitor). Thresholds from FARSIGHT_ENGINE_HEARTBEAT_MS,
 * FARSIGHT_ENGINE_UNKNOWN_AFTER_MS, FARSIGHT_ENGINE_DOWN_AFTER_MS; FARSIGHT_ENGINE_DIAL_RETRY_MS
 * (default 5000) doubling up to FARSIGHT_ENGINE_DIAL_RETRY_MAX_MS (default 300000);
 * FARSIGHT_ENGINE_PAIR_PER_MINUTE / FARSIGHT_ENGINE_PAIR_CONCURRENT (/pair limits); FARSIGHT_ENGINE_CERT_TTL_MS (engine certificate lifetime, default 90 days).
 * FARSIGHT_REMOTE_ENGINES=0 turns it off.
 */
import { hostname } from 'node:os';
import { FarsightError } from '@farsight/common';
import type { BackgroundService } from '../background/types.ts';
import { engineLinks } from './index.ts';
import { RemoteEngines } from './remote-engines.ts';
import { thresholdsFromEnv } from './remote-status.ts';

/** Default port engines dial. */
export const ENGINE_LISTEN_PORT = 40815;

let current: RemoteEngines | undefined;
/** The remote engine service of this process while it runs on the leader (routes, tests). */
export function remoteEngines(): RemoteEngines | undefined {
  return current;
}

function intEnv(name: string, fallback: number, min: number, max: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new FarsightError('INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max} (got '${v}')`);
  return n;
}

/** Remote engines, leader only. */
export const remoteEnginesService: BackgroundService = {
  name: 'remote-engines',
  start(ctx) {
    const log = { info: (m: string) => ctx.log.info(m), warn: (m: string) => ctx.log.warn(m), error: (m: string) => ctx.log.error(m) };
    if (process.env.FARSIGHT_REMOTE_ENGINES === '0') return Promise.resolve({ stop: () => Promise.resolve() });
    const certTtl = intEnv('FARSIGHT_ENGINE_CERT_TTL_MS', 0, 0, 2 ** 40);
    const options = {
      db: ctx.db, dataDir: ctx.config.dataDir, links: engineLinks, log,
      host: process.env.FARSIGHT_ENGINE_LISTEN_HOST ?? ctx.config.host, port: intEnv('FARSIGHT_ENGINE_LISTEN_PORT', ENGINE_LISTEN_PORT, 0, 65535),
      thresholds: thresholdsFromEnv(), dialRetryMs: intEnv('FARSIGHT_ENGINE_DIAL_RETRY_MS', 5000, 50, 3_600_000),
      dialRetryMaxMs: intEnv('FARSIGHT_ENGINE_DIAL_RETRY_MAX_MS', 300_000, 50, 86_400_000),
      pairLimits: { perSourcePerMinute: intEnv('FARSIGHT_ENGINE_PAIR_PER_MINUTE', 10, 1, 100_000), maxConcurrent: intEnv('FARSIGHT_ENGINE_PAIR_CONCURRENT', 8, 1, 10_000) },
      consoleName: process.env.FARSIGHT_CONSOLE_NAME ?? `Farsight console on ${hostname()}`, ...(certTtl > 0 ? { certTtlMs: certTtl } : {}),
    };
    let running: RemoteEngines | undefined;
    let transition: Promise<void> = Promise.resolve();
    const up = (): void => {
      transition = transition.then(async () => {
        if (running) return;
        const r = new RemoteEngines(options);
        await r.start();
        running = r;
        current = r;
      }).catch((e: unknown) => log.error(`remote engines: ${e instanceof Error ? e.message : String(e)}`));
    };
    const down = (): Promise<void> => {
      transition = transition.then(async () => {
        const r = running;
        running = undefined;
        if (current === r) current = undefined;
        await r?.stop();
      });
      return transition;
    };
    const onFollower = (): void => { void down(); };
    ctx.leader.on('leader', up);
    ctx.leader.on('follower', onFollower);
    if (ctx.leader.isLeader()) up();
    return transition.then(() => ({
      async stop() {
        ctx.leader.off('leader', up);
        ctx.leader.off('follower', onFollower);
        await down();
      },
    }));
  },
};
