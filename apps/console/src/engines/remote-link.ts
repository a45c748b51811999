/**
 * One WebSocket (over mutual TLS) to a remote engine, whichever side dialed. Trust frames
 * (certificate renewal, a refusal) are handled here; every other frame goes to the same
 * EngineSession the Local engine uses, which validates it with parseMessage. Heartbeats are
 * also shown to the status monitor. Closing the socket ends the session and the link.
 */
import type { WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import { LIMITS, PROTOCOL_VERSION, createMessage, createTrustMessage, isTrustType, parseMessage, parseTrustFrame, type TrustMessage } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { recordRenewedCertificate } from '../services/engines-pairing.ts';
import { linkRecords, type EngineDirection } from '../services/engines-remote.ts';
import type { EngineCa } from './remote-ca.ts';
import type { EngineLinks } from './links.ts';
import type { StatusMonitor } from './remote-monitor.ts';
import { EngineSession, type Log } from './session.ts';

/** Options of a link. */
export interface RemoteLinkOptions {
  db: Db;
  ws: WebSocket;
  engineId: number;
  direction: EngineDirection;
  links: EngineLinks;
  monitor: StatusMonitor;
  ca: EngineCa;
  log: Log;
  /** Lifetime of renewed engine certificates. */
  certTtlMs?: number;
  /** Called once the socket closed. */
  onClose?: (link: RemoteLink) => void;
}

/** A live engine connection. */
export class RemoteLink {
  readonly #o: RemoteLinkOptions;
  readonly session: EngineSession;
  #closed = false;
  /** Why the engine refused the session, when it did. */
  refusal: { code: string; message: string } | undefined;
  /** Set when a newer connection of the same engine replaced this one (its close is no news). */
  replaced = false;

  constructor(options: RemoteLinkOptions) {
    this.#o = options;
    const { ws, engineId, monitor, direction } = options;
    this.session = new EngineSession({
      db: options.db, engineId, log: options.log,
      send: (m) => this.#sendText(JSON.stringify(m)),
      onReady: (link) => { options.links.add(link); monitor.event(engineId, 'session-ready', `connected (${direction === 'standard' ? 'console → engine' : 'engine → console'})`, { direction, connected: true }); },
      onIncompatible: (message) => { monitor.event(engineId, 'incompatible', message, { direction }); this.refusal = { code: 'incompatible', message }; this.close(1008, 'incompatible protocol'); },
    });
    ws.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    ws.on('pong', () => monitor.event(engineId, 'heartbeat', 'answered a refresh'));
    ws.on('error', (e) => options.log.warn(`engine ${engineId}: link error: ${e.message}`));
    // The listener paused the socket while it looked the engine up; frames flow from here on.
    ws.resume();
    ws.once('close', () => {
      this.#closed = true;
      this.session.close();
      options.links.remove(this.session.link);
      if (!this.refusal && !this.replaced) monitor.event(engineId, 'disconnected', 'connection closed; waiting for the engine', { connected: false });
      options.onClose?.(this);
    });
  }

  /** The engine this link serves. */
  get engineId(): number { return this.#o.engineId; }

  /** True once the socket closed. */
  get closed(): boolean { return this.#closed; }

  /** Closes the link (the session ends; the engine reconnects when it may). */
  close(code = 1000, reason = 'closing'): void {
    if (this.#closed) return;
    this.#closed = true;
    try { this.#o.ws.close(code, reason); } catch { /* already gone */ }
    // A stopped peer never completes the close handshake: cut the socket after a moment.
    setTimeout(() => this.#o.ws.terminate(), 2000).unref();
  }

  /** Sends a WebSocket ping: a live engine answers at once (Refresh). */
  ping(): void {
    if (!this.#closed) try { this.#o.ws.ping(); } catch { /* closed meanwhile */ }
  }

  #sendText(text: string): boolean {
    if (this.#closed || this.#o.ws.readyState !== this.#o.ws.OPEN) return false;
    this.#o.ws.send(text);
    return true;
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (isBinary || data.byteLength > LIMITS.frameBytes) { this.#o.log.warn(`engine ${this.#o.engineId}: dropped a binary or oversized frame`); return; }
    let value: unknown;
    try { value = JSON.parse(data.toString('utf8')); } catch { this.#o.log.warn(`engine ${this.#o.engineId}: dropped a frame that is not JSON`); return; }
    const type = (value as { type?: unknown } | null)?.type;
    if (isTrustType(type)) { this.#trust(value); return; }
    if (type === 'hello' && !this.session.ready) {
      const r = parseMessage(value, { from: 'engine' });
      // A hello of another major fails validation as a whole: answer it as incompatible (the session never sees it).
      if (!r.ok && r.error.code === 'incompatible') {
        const offered = String((value as { protocolVersion?: unknown }).protocolVersion ?? (value as { v?: unknown }).v ?? '?').slice(0, 16);
        const message = `engine speaks protocol ${offered}, console speaks ${PROTOCOL_VERSION}: the major versions differ; upgrade the older side`;
        this.#sendText(JSON.stringify(createMessage('hello-ack', { result: 'incompatible', protocolVersion: PROTOCOL_VERSION, window: 1, message })));
        this.#o.monitor.event(this.#o.engineId, 'incompatible', message, { direction: this.#o.direction });
        this.refusal = { code: 'incompatible', message };
        this.close(1008, 'incompatible protocol');
        return;
      }
    }
    if (type === 'heartbeat') {
      const r = parseMessage(value, { from: 'engine' });
      if (r.ok && r.message.type === 'heartbeat' && this.session.ready) this.#o.monitor.heartbeat(this.#o.engineId, r.message);
    }
    this.session.receive(value);
  }

  #trust(value: unknown): void {
    const r = parseTrustFrame(value);
    if (!r.ok) { this.#o.log.warn(`engine ${this.#o.engineId}: dropped trust frame: ${r.message}`); return; }
    const m: TrustMessage = r.message;
    if (m.type === 'session.refused') {
      this.refusal = { code: m.code, message: m.message };
      const ev = m.code === 'pending-authorization' ? 'pending' : 'refused';
      this.#o.monitor.event(this.#o.engineId, ev, m.message, { direction: this.#o.direction, connected: false });
      this.close(1000, 'refused');
      return;
    }
    if (m.type === 'cert.renew' && this.session.ready) { void this.#renew(m.csr); return; }
    this.#o.log.warn(`engine ${this.#o.engineId}: unexpected '${m.type}' on a session; dropped`);
  }

  async #renew(csr: string): Promise<void> {
    try {
      const cert = await this.#o.ca.issue(csr, this.#o.engineId, this.#o.certTtlMs);
      // Only for the key this engine is known by (pinned at pairing or first contact): a request over another key gets nothing.
      const pin = (await linkRecords(this.#o.db, [this.#o.engineId])).get(this.#o.engineId)?.keyPin;
      if (pin && pin !== cert.keyPin) { this.#o.log.warn(`engine ${this.#o.engineId}: certificate request refused: it is not for the engine's pinned key`); return; }
      await recordRenewedCertificate(this.#o.db, this.#o.engineId, cert);
      this.#sendText(JSON.stringify(createTrustMessage('cert.issued', { certificate: cert.pem, notAfter: cert.notAfter })));
      this.#o.log.info(`engine ${this.#o.engineId}: certificate renewed (valid until ${cert.notAfter})`);
    } catch (e) {
      this.#o.log.warn(`engine ${this.#o.engineId}: certificate renewal failed: ${toFarsightError(e).message}`);
    }
  }
}
