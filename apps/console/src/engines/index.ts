/**
 * The scan-engines background service: on the leader it runs the Local scan engine
 * supervisor and the dispatcher; on a follower neither (only the leader talks to engines and
 * ingests results). Set FARSIGHT_LOCAL_ENGINE=0 to run without the Local engine.
 */
import type { BackgroundService } from '../background/types.ts';
import { Dispatcher } from './dispatcher.ts';
import { EngineLinks } from './links.ts';
import { LocalEngineSupervisor } from './local-supervisor.ts';
import { consoleKeyring } from '../services/credentials-keyring.ts';

export { EngineLinks } from './links.ts';
export { EngineSession } from './session.ts';
export { Dispatcher } from './dispatcher.ts';
export { LocalEngineSupervisor } from './local-supervisor.ts';

/** The process-wide engine links (one console process, one set of connected engines). */
export const engineLinks = new EngineLinks();

let currentLocal: LocalEngineSupervisor | undefined;
/** The Local engine supervisor of this process while it runs (tests kill its engine). */
export function localEngineSupervisor(): LocalEngineSupervisor | undefined {
  return currentLocal;
}

/** Local engine + dispatch, leader only. */
export const scanEnginesService: BackgroundService = {
  name: 'scan-engines',
  start(ctx) {
    const log = { info: (m: string) => ctx.log.info(m), warn: (m: string) => ctx.log.warn(m), error: (m: string) => ctx.log.error(m) };
    let running: { supervisor?: LocalEngineSupervisor; dispatcher: Dispatcher } | undefined;
    let transition: Promise<void> = Promise.resolve();
    const up = (): void => {
      transition = transition.then(() => {
        if (running) return;
        const dispatcher = new Dispatcher({ db: ctx.db, links: engineLinks, log, keyring: () => consoleKeyring(ctx.config.dataDir) });
        dispatcher.start();
        let supervisor: LocalEngineSupervisor | undefined;
        if (process.env.FARSIGHT_LOCAL_ENGINE !== '0') {
          supervisor = new LocalEngineSupervisor({ db: ctx.db, dataDir: ctx.config.dataDir, links: engineLinks, log });
          supervisor.start();
          currentLocal = supervisor;
        }
        running = { dispatcher, ...(supervisor ? { supervisor } : {}) };
      });
    };
    const down = (): Promise<void> => {
      transition = transition.then(async () => {
        const r = running;
        running = undefined;
        if (!r) return;
        if (currentLocal === r.supervisor) currentLocal = undefined;
        await r.supervisor?.stop();
        await r.dispatcher.stop();
      });
      return transition;
    };
    const onFollower = (): void => { void down(); };
    ctx.leader.on('leader', up);
    ctx.leader.on('follower', onFollower);
    if (ctx.leader.isLeader()) up();
    return Promise.resolve({
      async stop() {
        ctx.leader.off('leader', up);
        ctx.leader.off('follower', onFollower);
        await down();
      },
    });
  },
};
