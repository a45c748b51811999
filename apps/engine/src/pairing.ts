/**
 * Engine-to-console pairing. The engine opens TLS 1.3 to the console's `/pair` endpoint,
 * judges the console's certificate chain against the PINNED CA fingerprint (console-trust.ts)
 * and only then sends the shared secret with a CSR; it stores the certificate it gets back
 * (0600), records the console in consoles.xml as enabled + reverse, and never uses the secret
 * again. Every step logs a `pair-engine` line for headless installs.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { WebSocket } from 'ws';
import { FarsightError } from '@farsight/common';
import { LIMITS, createTrustMessage, parseTrustFrame } from '@farsight/engine-protocol';
import { FARSIGHT_VERSION } from '@farsight/scanner/version';
import { chainOf, normalizeFingerprint, verifyConsoleChain } from './console-trust.ts';
import { consoleIdOf } from './consoles-xml.ts';
import type { ConsolesStore } from './consoles-store.ts';
import type { EngineIdentity } from './identity.ts';
import type { EngineLog } from './log.ts';

/** Where and how to pair. */
export interface PairOptions {
  host: string;
  port: number;
  secret: string;
  caFingerprint: string;
  engineName: string;
  identity: EngineIdentity;
  store: ConsolesStore;
  log: EngineLog;
  timeoutMs?: number;
}

function hostPart(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Connects to a console endpoint and judges its chain before anything is sent; resolves with the
 * open socket and the address it reached (`remoteIp`, without an IPv4-mapped prefix).
 */
export function openVerified(url: string, pinned: string, tlsOptions: Record<string, unknown>, timeoutMs: number): Promise<{ ws: WebSocket; caPem: string; remoteIp: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { rejectUnauthorized: false, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', maxPayload: LIMITS.frameBytes, handshakeTimeout: timeoutMs, perMessageDeflate: false, ...tlsOptions });
    let verdict: ReturnType<typeof verifyConsoleChain> | undefined;
    let remoteIp = 'unknown';
    const timer = setTimeout(() => { ws.terminate(); reject(new FarsightError('ENGINE_CONNECTION_FAILED', `no answer from ${url} within ${timeoutMs} ms`)); }, timeoutMs);
    ws.once('upgrade', (res) => {
      remoteIp = (res.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
      verdict = verifyConsoleChain(chainOf((res.socket as TLSSocket).getPeerCertificate(true)), pinned);
      // Refuse before the socket is handed to us: not one byte of ours goes to an impostor.
      if (!verdict.ok) ws.terminate();
    });
    ws.once('open', () => {
      clearTimeout(timer);
      if (!verdict?.ok) { ws.terminate(); return; }
      resolve({ ws, caPem: verdict.caPem, remoteIp });
    });
    ws.once('error', (e) => {
      clearTimeout(timer);
      if (verdict && !verdict.ok) reject(new FarsightError('ENGINE_CONSOLE_UNTRUSTED', `the console at ${url} is not the one pinned (${verdict.reason}); nothing was sent`));
      else reject(new FarsightError('ENGINE_CONNECTION_FAILED', `cannot connect to ${url}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    ws.once('close', () => {
      clearTimeout(timer);
      if (verdict && !verdict.ok) reject(new FarsightError('ENGINE_CONSOLE_UNTRUSTED', `the console at ${url} is not the one pinned (${verdict.reason}); nothing was sent`));
    });
  });
}

/** Pairs with a console; returns the console id and this engine's id there. */
export async function pairWithConsole(o: PairOptions): Promise<{ consoleId: string; engineId: number }> {
  const pinned = normalizeFingerprint(o.caFingerprint);
  const url = `wss://${hostPart(o.host)}:${o.port}/pair`;
  o.log.info(`pair-engine: connecting to ${o.host}:${o.port} (pinned CA ${pinned})`);
  let opened: { ws: WebSocket; caPem: string };
  try {
    opened = await openVerified(url, pinned, {}, o.timeoutMs ?? 15_000);
  } catch (e) {
    o.log.error(`pair-engine: ${(e as Error).message}`);
    throw e;
  }
  o.log.info('pair-engine: console certificate verified against the pinned CA; sending the shared secret and a certificate request');
  const { ws, caPem } = opened;
  const csr = await o.identity.csr(o.engineName);
  const result = await new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => { ws.terminate(); reject(new FarsightError('ENGINE_CONNECTION_FAILED', 'the console did not answer the pairing request in time')); }, o.timeoutMs ?? 15_000);
    ws.once('message', (data) => { clearTimeout(timer); try { resolve(JSON.parse((data as Buffer).toString('utf8'))); } catch { reject(new FarsightError('ENGINE_CONNECTION_FAILED', 'the console answered with something that is not JSON')); } ws.close(); });
    ws.once('close', () => { clearTimeout(timer); reject(new FarsightError('ENGINE_CONNECTION_FAILED', 'the console closed the pairing connection without an answer')); });
    ws.send(JSON.stringify(createTrustMessage('pair.request', { secret: o.secret, csr, engineName: o.engineName, engineVersion: FARSIGHT_VERSION })));
  });
  const r = parseTrustFrame(result);
  if (!r.ok || r.message.type !== 'pair.result') throw new FarsightError('ENGINE_CONNECTION_FAILED', `unexpected pairing answer: ${r.ok ? r.message.type : r.message}`);
  const m = r.message;
  if (m.result !== 'ok' || !m.certificate || m.engineId === undefined) {
    o.log.error(`pair-engine: refused by the console: ${m.message}`);
    throw new FarsightError('ENGINE_PAIRING_REFUSED', m.message);
  }
  const cert = new X509Certificate(m.certificate);
  const ca = new X509Certificate(caPem);
  if (!cert.verify(ca.publicKey) || !cert.publicKey.equals(new X509Certificate(o.identity.selfCertPem).publicKey)) {
    throw new FarsightError('ENGINE_CONSOLE_UNTRUSTED', 'the certificate the console returned is not signed by its pinned CA for this engine\'s key; not stored');
  }
  const consoleId = consoleIdOf(pinned);
  o.store.saveMaterial(consoleId, { cert: m.certificate, ca: caPem });
  o.store.upsert({ id: consoleId, name: `console at ${o.host}:${o.port}`, lastAddress: o.host, enabled: true, fingerprint: pinned, direction: 'reverse', host: o.host, port: o.port, engineId: m.engineId });
  o.log.info(`pair-engine: paired as engine ${m.engineId}; certificate valid until ${cert.validTo}; the shared secret is no longer needed`);
  return { consoleId, engineId: m.engineId };
}
