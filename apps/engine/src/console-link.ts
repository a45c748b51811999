/**
 * The engine's side of one console: its own spool (`<data>/spool/<console id>/`) and
 * EngineRunner — exactly the runner the console's Local engine uses — bound to whichever
 * WebSocket currently connects the two (this engine dialed, or the console did). Trust frames
 * (a renewed certificate, a refusal) are handled here; everything else goes to the runner,
 * which validates it with parseMessage. Renewal: when the certificate this console issued has
 * less than a third of its life left, a `cert.renew` goes over the live session. A console that
 * dials this engine (standard direction) and has issued it nothing yet is asked for a
 * certificate the same way, so renewal works in both directions.
 */
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import type { FingerprintDb } from '@farsight/content';
import { EngineRunner, Spool, type EngineContent } from '@farsight/engine-core';
import { LIMITS, createTrustMessage, isTrustType, parseTrustFrame, type MaintenanceRule } from '@farsight/engine-protocol';
import type { ConsolesStore } from './consoles-store.ts';
import type { EngineIdentity } from './identity.ts';
import type { EngineLog } from './log.ts';

/** Options of a console link. */
export interface ConsoleLinkOptions {
  consoleId: string;
  dataDir: string;
  engineName: string;
  store: ConsolesStore;
  identity: EngineIdentity;
  fingerprints: () => Promise<FingerprintDb>;
  /** The engine's content store (engine-core EngineContent): definitions for version checks, version for hello/heartbeat. */
  content?: EngineContent;
  log: EngineLog;
  heartbeatMs?: number;
  /** How often the certificate's remaining life is checked (default 1 hour). */
  renewCheckMs?: number;
  /** Test hook: the protocol version this engine claims in hello (FARSIGHT_ENGINE_TEST_PROTOCOL). */
  claimProtocol?: string;
  /** Maintenance windows published to the console (maintenance-store.ts). */
  maintenance?: () => readonly MaintenanceRule[];
  /** Cloud-image mode: the only networks this engine scans (cloud.ts). */
  allowedNetworks?: readonly string[];
}

/** One console's runner and its current connection. */
export class ConsoleLink {
  readonly #o: ConsoleLinkOptions;
  readonly #spool: Spool;
  readonly runner: EngineRunner;
  #ws: WebSocket | undefined;
  #renewTimer: NodeJS.Timeout | undefined;
  #renewing = false;
  /** The engine CA a dialing console proved in its TLS chain (standard direction): verifies a first certificate from it. */
  #dialerCaPem: string | undefined;

  constructor(options: ConsoleLinkOptions) {
    this.#o = options;
    this.#spool = new Spool(join(options.dataDir, 'spool', options.consoleId, 'spool.sqlite'));
    this.runner = new EngineRunner({
      spool: this.#spool, engineName: options.engineName, fingerprints: options.fingerprints,
      ...(options.content ? { content: () => (options.content as EngineContent).get(), contentVersion: () => (options.content as EngineContent).version } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      // Hosts per results batch (default 16), as for the Local engine.
      ...(Number(process.env.FARSIGHT_ENGINE_BATCH_HOSTS) > 0 ? { batchHosts: Number(process.env.FARSIGHT_ENGINE_BATCH_HOSTS) } : {}),
      ...(options.maintenance ? { maintenance: options.maintenance } : {}),
      ...(options.allowedNetworks ? { allowedNetworks: options.allowedNetworks } : {}),
      send: (m) => {
        const ws = this.#ws;
        if (!ws || ws.readyState !== ws.OPEN) return;
        const frame = options.claimProtocol && m.type === 'hello' ? { ...m, v: options.claimProtocol, protocolVersion: options.claimProtocol } : m;
        ws.send(JSON.stringify(frame));
      },
      onIncompatible: (message) => { options.log.warn(`console ${options.consoleId}: ${message}`); this.#ws?.close(1008, 'incompatible'); },
      onDiagnostic: (message) => options.log.info(`console ${options.consoleId}: ${message}`),
    });
  }

  /** True while a connection is bound. */
  get connected(): boolean { return this.#ws !== undefined; }

  /**
   * Binds a fresh, authorized connection: says hello and serves the console on it. `caPem`
   * (console dialed us) is the engine CA its chain proved.
   */
  attach(ws: WebSocket, caPem?: string): void {
    if (caPem) this.#dialerCaPem = caPem;
    if (this.#ws && this.#ws !== ws) this.#ws.close(1000, 'replaced by a newer connection');
    this.#ws = ws;
    ws.on('message', (data, isBinary) => {
      if (this.#ws !== ws) return;
      if (isBinary || (data as Buffer).byteLength > LIMITS.frameBytes) { this.#o.log.warn(`console ${this.#o.consoleId}: dropped a binary or oversized frame`); return; }
      let value: unknown;
      try { value = JSON.parse((data as Buffer).toString('utf8')); } catch { this.#o.log.warn(`console ${this.#o.consoleId}: dropped a frame that is not JSON`); return; }
      if (isTrustType((value as { type?: unknown } | null)?.type)) { this.#trust(value); return; }
      try { this.runner.handle(value); } catch (e) {
        // A spool that cannot be written is fatal for this console's work: drop the link and let it reconnect.
        this.#o.log.error(`console ${this.#o.consoleId}: ${toFarsightError(e).message}`);
        ws.terminate();
      }
    });
    ws.once('close', () => {
      if (this.#ws !== ws) return;
      this.#ws = undefined;
      // A renewal whose answer was lost with the link is asked again on the next one.
      this.#renewing = false;
      this.runner.disconnect();
      if (this.#renewTimer) clearInterval(this.#renewTimer);
    });
    this.runner.connect();
    if (this.#renewTimer) clearInterval(this.#renewTimer);
    this.#renewTimer = setInterval(() => this.#maybeRenew(), this.#o.renewCheckMs ?? 3_600_000);
    this.#renewTimer.unref();
    setTimeout(() => this.#maybeRenew(), 1000).unref();
  }

  /** Closes the current connection (console disabled, engine stopping). */
  detach(reason: string): void {
    this.#ws?.close(1000, reason.slice(0, 100));
  }

  /** Stops the runner (scans stay resumable in the spool) and closes the spool. */
  async close(): Promise<void> {
    this.detach('engine stopping');
    if (this.#renewTimer) clearInterval(this.#renewTimer);
    await this.runner.shutdown();
    this.#spool.close();
  }

  #trust(value: unknown): void {
    const r = parseTrustFrame(value);
    if (!r.ok) { this.#o.log.warn(`console ${this.#o.consoleId}: dropped trust frame: ${r.message}`); return; }
    const m = r.message;
    if (m.type === 'session.refused') {
      this.#o.log.warn(`console ${this.#o.consoleId} refused the session (${m.code}): ${m.message}`);
      this.#ws?.close(1000, 'refused');
      return;
    }
    if (m.type === 'cert.issued') { this.#installRenewed(m.certificate); return; }
    this.#o.log.warn(`console ${this.#o.consoleId}: unexpected '${m.type}'; dropped`);
  }

  #maybeRenew(): void {
    const material = this.#o.store.material(this.#o.consoleId);
    if ((!material && !this.#dialerCaPem) || this.#renewing || !this.runner.connected || !this.#ws) return;
    const c = material ? new X509Certificate(material.cert) : undefined;
    if (c) {
      const from = Date.parse(c.validFrom), to = Date.parse(c.validTo);
      if (to - Date.now() > (to - from) / 3) return;
    }
    this.#renewing = true;
    const ws = this.#ws;
    this.#o.identity.csr(this.#o.engineName)
      .then((csr) => {
        ws.send(JSON.stringify(createTrustMessage('cert.renew', { csr })));
        this.#o.log.info(`console ${this.#o.consoleId}: ${c ? `certificate expires ${c.validTo}; renewal requested` : 'no engine-CA certificate from this console yet; requested one'}`);
      })
      .catch((e: unknown) => { this.#renewing = false; this.#o.log.warn(`console ${this.#o.consoleId}: renewal failed: ${toFarsightError(e).message}`); });
  }

  #installRenewed(pem: string): void {
    this.#renewing = false;
    const material = this.#o.store.material(this.#o.consoleId);
    try {
      const cert = new X509Certificate(pem);
      // Paired: the CA stored at pairing; first certificate of a dialing console: the CA its TLS chain proved.
      const caPem = material?.ca ?? this.#dialerCaPem;
      const ca = caPem ? new X509Certificate(caPem) : undefined;
      const ours = new X509Certificate(this.#o.identity.selfCertPem).publicKey;
      if (!ca || !cert.verify(ca.publicKey) || !cert.publicKey.equals(ours)) { this.#o.log.warn(`console ${this.#o.consoleId}: renewed certificate refused (not signed by the console's CA for our key)`); return; }
      this.#o.store.saveMaterial(this.#o.consoleId, material ? { cert: pem } : { cert: pem, ca: caPem as string });
      this.#o.log.info(`console ${this.#o.consoleId}: certificate renewed, valid until ${cert.validTo}`);
    } catch (e) {
      this.#o.log.warn(`console ${this.#o.consoleId}: renewed certificate unreadable: ${toFarsightError(e).message}`);
    }
  }
}
