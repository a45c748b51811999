/**
 * The engine's listener for consoles that dial it ("standard" direction, port 40814): TLS 1.3
 * with the engine's own key, console client certificates required and judged by
 * console-trust.ts. A console not in conf/consoles.xml is recorded there with enabled="0"
 * and refused with `session.refused { pending-authorization }`; a disabled one is refused the
 * same way; only an enabled one gets a session. Trust is keyed on the CA fingerprint, never on
 * the address (`lastAddress` is informational).
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import { LIMITS, createTrustMessage } from '@farsight/engine-protocol';
import { chainOf, verifyConsoleChain } from './console-trust.ts';
import { consoleIdOf, type ConsoleEntry } from './consoles-xml.ts';
import type { ConsolesStore } from './consoles-store.ts';
import type { EngineIdentity } from './identity.ts';
import type { EngineLog } from './log.ts';

/**
 * A policy hook (hosted mode): return a refusal message to refuse an otherwise enabled console.
 * `dialed` is true for a console this engine dialed itself (reverse direction; `remoteIp` is the
 * address it reached), false for one that dialed in.
 */
export type ConsolePolicy = (entry: ConsoleEntry, remoteIp: string, dialed?: boolean) => string | undefined;

/** Options of the listener. */
export interface EngineListenerOptions {
  host: string;
  port: number;
  identity: EngineIdentity;
  store: ConsolesStore;
  log: EngineLog;
  /** An enabled console connected; `caPem` is the engine CA its chain proved (for an engine-CA certificate over the link). */
  onConsole: (ws: WebSocket, entry: ConsoleEntry, caPem: string) => void;
  policy?: ConsolePolicy;
}

function refuse(ws: WebSocket, code: 'pending-authorization' | 'unauthorized', message: string): void {
  ws.send(JSON.stringify(createTrustMessage('session.refused', { code, message })), () => ws.close(1000, code));
}

/** Starts listening; resolves with the port and a close function. */
export async function startEngineListener(o: EngineListenerOptions): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer({
    key: o.identity.keyPem, cert: o.identity.selfCertPem, requestCert: true, rejectUnauthorized: false,
    minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', handshakeTimeout: 10_000,
  }, (_req, res) => { res.writeHead(426, { 'content-type': 'text/plain' }).end('farsight engine: WebSocket only\n'); });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const wss = new WebSocketServer({ server, path: '/console', maxPayload: LIMITS.frameBytes, perMessageDeflate: false });
  // ws re-emits the server's errors (EADDRINUSE…) on itself: without a listener they would crash the process.
  wss.on('error', (e) => o.log.warn(`listener: ${e.message}`));
  wss.on('connection', (ws, req) => {
    const socket = req.socket as TLSSocket;
    const ip = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    ws.on('error', (e) => o.log.warn(`console connection from ${ip}: ${e.message}`));
    const verdict = verifyConsoleChain(chainOf(socket.getPeerCertificate(true)), undefined);
    if (!verdict.ok) { o.log.warn(`console connection from ${ip} refused: ${verdict.reason}`); refuse(ws, 'unauthorized', `Unauthorized console connection from: ${ip} (${verdict.reason})`); return; }
    let name = 'unnamed console';
    try { name = decodeURIComponent(String(req.headers['x-farsight-console-name'] ?? name)).slice(0, 200); } catch { /* keep the default */ }
    try {
      const all = o.store.list();
      const known = all.find((c) => c.fingerprint === verdict.caFingerprint);
      const entry: ConsoleEntry = known ? { ...known, lastAddress: ip } : { id: consoleIdOf(verdict.caFingerprint), name, lastAddress: ip, enabled: false, fingerprint: verdict.caFingerprint, direction: 'standard' };
      if (!known || known.lastAddress !== ip) o.store.upsert(entry);
      if (o.policy) {
        // Hosted mode: the operator's authorization (authorize-console) decides, and enables the console.
        const denied = o.policy(entry, ip);
        if (denied !== undefined) { refuse(ws, 'unauthorized', denied); return; }
        if (!entry.enabled) { entry.enabled = true; o.store.upsert(entry); o.log.info(`hosted mode: console ${entry.id} is authorized; enabled in ${o.store.file}`); }
      }
      if (!entry.enabled) {
        if (!known) o.log.warn(`console '${name}' (id ${entry.id}) from ${ip} recorded in ${o.store.file} with enabled="0"; authorize it with \`farsight engine consoles enable ${entry.id}\` and reload`);
        refuse(ws, 'pending-authorization', `console ${entry.id} is not enabled on this engine; on the engine host run \`farsight engine consoles enable ${entry.id}\` (or set enabled="1" in conf/consoles.xml) and reload the engine`);
        return;
      }
      o.onConsole(ws, entry, verdict.caPem);
    } catch (e) {
      o.log.error(`console connection from ${ip}: ${toFarsightError(e).message}`);
      ws.terminate();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(); server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
