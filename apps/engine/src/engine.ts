/**
 * A distributed scan engine process: identity, consoles.xml, the listener for consoles that
 * dial in (40814), a dialer per paired console it dials itself, and one ConsoleLink (spool +
 * EngineRunner) per console — several consoles may share one engine. `reload()` (SIGHUP)
 * re-reads consoles.xml: newly enabled consoles are served, disabled ones dropped.
 */
import { join, resolve } from 'node:path';
import { FarsightError, toFarsightError } from '@farsight/common';
import { EngineContent } from '@farsight/engine-core';
import { ConsoleLink } from './console-link.ts';
import { startConsoleDialer, type ConsoleDialer } from './console-dialer.ts';
import { pairWithConsole } from './pairing.ts';
import { normalizeFingerprint } from './console-trust.ts';
import { ConsolesStore } from './consoles-store.ts';
import type { ConsoleEntry } from './consoles-xml.ts';
import { startEngineListener, type ConsolePolicy } from './engine-listener.ts';
import { loadOrCreateIdentity } from './identity.ts';
import type { EngineLog } from './log.ts';
import type { MaintenanceRule } from '@farsight/engine-protocol';

/** Default port consoles dial. */
export const ENGINE_PORT = 40814;
/** Default port of the console's engine listener. */
export const CONSOLE_ENGINE_PORT = 40815;

/** What to pair with at start (engine → console). */
export interface PairingConfig { host: string; port: number; secret: string; caFingerprint: string }

/** Options of an engine. */
export interface EngineOptions {
  dataDir: string;
  name: string;
  /** Listener address and port; undefined listenPort = do not listen. */
  listenHost: string;
  listenPort: number | undefined;
  pairing?: PairingConfig;
  log: EngineLog;
  heartbeatMs?: number;
  /** First delay between reconnect attempts to a paired console (default 5 s); doubles per refused/failed attempt. */
  retryMs?: number;
  /** Largest reconnect delay (default 5 minutes; packages/engine-protocol/src/backoff.ts). */
  retryMaxMs?: number;
  renewCheckMs?: number;
  /** Hosted mode policy (hosted.ts): refuse consoles the operator has not authorized, whether they dial in or this engine dials them. */
  policy?: ConsolePolicy;
  /** Maintenance windows published to consoles (maintenance-store.ts). */
  maintenance?: () => readonly MaintenanceRule[];
  /** Cloud-image mode: the only networks this engine scans (cloud.ts). */
  allowedNetworks?: readonly string[];
  claimProtocol?: string;
  /** Content store the scans use (default FARSIGHT_CONTENT_DIR, else ~/.farsight/content; docs/content.md). */
  contentDir?: string;
}

/** A running engine. */
export interface RunningEngine {
  /** The listener's port (undefined when not listening). */
  port: number | undefined;
  store: ConsolesStore;
  /** Re-reads consoles.xml. */
  reload(): void;
  stop(): Promise<void>;
}

/** Starts an engine. Pairing (when configured and not done before) happens first. */
export async function startEngine(o: EngineOptions): Promise<RunningEngine> {
  const dataDir = resolve(o.dataDir);
  const store = new ConsolesStore(join(dataDir, 'conf'));
  store.list(); // a malformed consoles.xml stops the start with a clear error
  const identity = await loadOrCreateIdentity(store.confDir, o.name);
  o.log.info(`engine key fingerprint (SHA-256): ${identity.keyFingerprint} — consoles that dial this engine show it while Pending Authorization`);
  // The content store (FARSIGHT_CONTENT_DIR, else ~/.farsight/content): definitions, fingerprints, version in hello.
  const content = new EngineContent(o.contentDir);
  await content.refreshVersion();
  const loadFingerprints = (): ReturnType<EngineContent['fingerprints']> => content.fingerprints();
  const links = new Map<string, ConsoleLink>();
  const dialers = new Map<string, ConsoleDialer>();

  const linkOf = (id: string): ConsoleLink => {
    let l = links.get(id);
    if (!l) {
      l = new ConsoleLink({ consoleId: id, dataDir, engineName: o.name, store, identity, fingerprints: loadFingerprints, content, log: o.log,
        ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}), ...(o.renewCheckMs ? { renewCheckMs: o.renewCheckMs } : {}), ...(o.claimProtocol ? { claimProtocol: o.claimProtocol } : {}),
        ...(o.maintenance ? { maintenance: o.maintenance } : {}), ...(o.allowedNetworks ? { allowedNetworks: o.allowedNetworks } : {}) });
      links.set(id, l);
    }
    return l;
  };

  if (o.pairing) {
    const pinned = normalizeFingerprint(o.pairing.caFingerprint);
    const done = store.list().find((c) => c.fingerprint === pinned && c.direction === 'reverse' && store.material(c.id));
    if (done) o.log.info(`pair-engine: already paired with console ${done.id} (engine ${done.engineId ?? '?'}); the shared secret is not used again`);
    else await pairWithConsole({ ...o.pairing, engineName: o.name, identity, store, log: o.log });
  }

  const dial = (entry: ConsoleEntry): ConsoleDialer => startConsoleDialer({
    entry, store, identity, log: o.log, attach: (ws) => linkOf(entry.id).attach(ws),
    ...(o.retryMs !== undefined ? { retryMs: o.retryMs } : {}), ...(o.retryMaxMs !== undefined ? { retryMaxMs: o.retryMaxMs } : {}), ...(o.policy ? { policy: o.policy } : {}),
  });

  const reconcile = (): void => {
    let entries: ConsoleEntry[];
    try { entries = store.list(); } catch (e) { o.log.error(`reload: ${toFarsightError(e).message}; keeping the previous settings`); return; }
    for (const [id, l] of links) {
      const e = entries.find((x) => x.id === id);
      if (!e || !e.enabled) { o.log.info(`console ${id}: no longer enabled; disconnecting`); l.detach('console disabled on this engine'); }
    }
    for (const [id, d] of dialers) {
      const e = entries.find((x) => x.id === id);
      if (!e || !e.enabled || e.direction !== 'reverse') { d.stop(); dialers.delete(id); }
    }
    for (const e of entries) if (e.enabled && e.direction === 'reverse' && !dialers.has(e.id)) dialers.set(e.id, dial(e));
    // Hosted mode: authorizations may have changed; dialed consoles are judged again now.
    for (const d of dialers.values()) d.recheck();
  };

  const listener = o.listenPort === undefined ? undefined : await startEngineListener({
    host: o.listenHost, port: o.listenPort, identity, store, log: o.log, ...(o.policy ? { policy: o.policy } : {}),
    onConsole: (ws, entry, caPem) => { o.log.info(`console ${entry.id} ('${entry.name}') connected from ${entry.lastAddress}`); linkOf(entry.id).attach(ws, caPem); },
  }).catch((e: unknown) => {
    throw new FarsightError('ENGINE_CONFIG_INVALID', `cannot listen on ${o.listenHost}:${o.listenPort}: ${(e as Error).message}; choose another --listen-port or stop what uses it`);
  });
  if (listener) o.log.info(`engine '${o.name}' listening for consoles on ${o.listenHost}:${listener.port}`);
  reconcile();
  return {
    port: listener?.port, store,
    reload: () => { o.log.info(`reloading ${store.file}`); reconcile(); },
    async stop() {
      for (const d of dialers.values()) d.stop();
      await listener?.close();
      await Promise.all([...links.values()].map((l) => l.close()));
    },
  };
}
