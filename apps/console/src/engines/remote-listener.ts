/**
 * The console's engine listener (40815 by default): HTTPS upgraded to WebSocket, TLS 1.3 only,
 * the console's engine-CA certificate chain, client certificates requested. Two paths:
 * `/pair` takes one `pair.request` (shared secret + CSR) from a not-yet-paired engine and
 * answers `pair.result` — at most so many attempts per source address per minute and so many
 * pairings at once (pair-limiter.ts; refusals answered, logged and audited); `/engine` takes engines whose client certificate the engine CA signed,
 * is on record and is not revoked.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import { LIMITS, createTrustMessage, parseTrustFrame } from '@farsight/engine-protocol';
import type { Db } from '../db/index.ts';
import { auditPairingLimited, engineOfCertificate, pairEngine } from '../services/engines-pairing.ts';
import { PairLimiter, type PairLimits } from './pair-limiter.ts';
import type { EngineCa } from './remote-ca.ts';
import type { Log } from './session.ts';

/** Options of the listener. */
export interface ListenerOptions {
  db: Db;
  ca: EngineCa;
  host: string;
  port: number;
  log: Log;
  now: () => Date;
  /** Lifetime of issued engine certificates. */
  certTtlMs?: number;
  /** Abuse bound of /pair (default 10 attempts per source per minute, 8 at once). */
  pairLimits?: Partial<PairLimits>;
  /** An authenticated engine connected. */
  onEngine: (ws: WebSocket, engineId: number) => void;
}

/** A listening engine endpoint. */
export interface EngineListener { port: number; close(): Promise<void> }

/** Tells the peer why it gets no session, then closes. */
export function refuseSession(ws: WebSocket, code: 'revoked' | 'unknown-engine' | 'unauthorized' | 'busy', message: string): void {
  // A socket paused while its engine was looked up must read again to finish the close handshake.
  ws.resume();
  ws.send(JSON.stringify(createTrustMessage('session.refused', { code, message })));
  ws.close(1008, code);
}

function pairing(ws: WebSocket, o: ListenerOptions, sourceIp: string, limiter: PairLimiter): void {
  const admitted = limiter.admit(sourceIp);
  if (!admitted.ok) {
    // Refused before reading anything: the engine gets why and when to retry; the first refusal per window is audited.
    if (admitted.audit) o.log.warn(`pairing from ${sourceIp} refused: ${admitted.message} (further refusals in this window are not logged)`);
    if (admitted.audit) auditPairingLimited(o.db, sourceIp, admitted.message, admitted.limit).catch((e: unknown) => o.log.warn(`audit: ${toFarsightError(e).message}`));
    // Answered after the engine's request (an engine reads answers only once it has sent it); at most 5 s later regardless.
    const answer = (): void => { clearTimeout(t); ws.send(JSON.stringify(createTrustMessage('pair.result', { result: 'refused', message: admitted.message })), () => ws.close(1008, 'rate limited')); };
    const t = setTimeout(answer, 5000);
    ws.once('message', answer);
    return;
  }
  ws.once('close', admitted.release);
  const timer = setTimeout(() => ws.terminate(), 15_000);
  ws.once('message', (data) => {
    clearTimeout(timer);
    const reply = (body: Parameters<typeof createTrustMessage<'pair.result'>>[1]): void => { ws.send(JSON.stringify(createTrustMessage('pair.result', body)), () => ws.close()); };
    let value: unknown;
    try { value = JSON.parse((data as Buffer).toString('utf8')); } catch { reply({ result: 'refused', message: 'the pairing frame is not JSON' }); return; }
    const r = parseTrustFrame(value);
    if (!r.ok || r.message.type !== 'pair.request') { reply({ result: 'refused', message: r.ok ? `expected pair.request, got ${r.message.type}` : r.message }); return; }
    const m = r.message;
    pairEngine(o.db, (csr, id) => o.ca.issue(csr, id, o.certTtlMs), { secret: m.secret, csr: m.csr, engineName: m.engineName, engineVersion: m.engineVersion, sourceIp }, o.now())
      .then((p) => {
        o.log.info(`engine ${p.engineId} ('${p.name}') paired from ${sourceIp}`);
        reply({ result: 'ok', engineId: p.engineId, certificate: p.certificate, caCertificate: o.ca.caPem, message: `paired as engine ${p.engineId} ('${p.name}')` });
      })
      .catch((e: unknown) => {
        const err = toFarsightError(e);
        o.log.warn(`pairing from ${sourceIp} refused: ${err.message}`);
        reply({ result: 'refused', message: err.code === 'ENGINE_PAIRING_REFUSED' ? err.message : 'pairing failed inside the console; see its log' });
      });
  });
}

/** Starts listening; resolves with the bound port. */
export async function startEngineListener(o: ListenerOptions): Promise<EngineListener> {
  const server: Server = createServer({
    key: o.ca.consoleKey, cert: o.ca.consoleCert, ca: [o.ca.caPem], requestCert: true, rejectUnauthorized: false,
    minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', handshakeTimeout: 10_000,
  }, (_req, res) => { res.writeHead(426, { 'content-type': 'text/plain' }).end('farsight engine endpoint: WebSocket only\n'); });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  const limiter = new PairLimiter(o.pairLimits);
  const wss = new WebSocketServer({ server, maxPayload: LIMITS.frameBytes, perMessageDeflate: false });
  // ws re-emits the server's errors (EADDRINUSE…) on itself: without a listener they would crash the process.
  wss.on('error', (e) => o.log.warn(`engine listener: ${e.message}`));
  wss.on('connection', (ws, req) => {
    const socket = req.socket as TLSSocket;
    const sourceIp = socket.remoteAddress ?? 'unknown';
    ws.on('error', (e) => o.log.warn(`engine connection from ${sourceIp}: ${e.message}`));
    const path = (req.url ?? '').split('?')[0];
    if (path === '/pair') { pairing(ws, o, sourceIp, limiter); return; }
    if (path !== '/engine') { ws.close(1008, 'unknown path'); return; }
    if (!socket.authorized) { refuseSession(ws, 'unknown-engine', `the client certificate is not one this console's engine CA issued (${String(socket.authorizationError ?? 'none sent')}); pair the engine first`); return; }
    const fp = socket.getPeerCertificate().fingerprint256;
    // The engine sends hello as soon as the upgrade completes, while the console still looks it
    // up in the database: hold its frames until the link listens (RemoteLink resumes), or the
    // hello would be emitted with no listener and lost, leaving the session silent for ever.
    ws.pause();
    engineOfCertificate(o.db, fp).then((r) => {
      if (!r.ok) { o.log.warn(`engine connection from ${sourceIp} refused: ${r.message}`); refuseSession(ws, r.code, r.message); return; }
      o.onEngine(ws, r.engineId);
    }).catch((e: unknown) => { o.log.error(`engine connection from ${sourceIp}: ${toFarsightError(e).message}`); ws.terminate(); });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
