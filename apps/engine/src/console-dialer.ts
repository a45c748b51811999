/**
 * The engine's dialer for one console it connects to itself (reverse direction: the console
 * listens on 40815). Retries with exponential backoff; a session resets it.
 *
 * Hosted mode: the operator's policy (hosted.ts) is checked on every connection this dialer
 * opens, exactly as for consoles that dial in — by the console's CA fingerprint, console id or
 * the address the engine reached. An unauthorized console gets `session.refused { unauthorized }`
 * with the same message (`Unauthorized console connection from: <IP>`, which the console shows
 * as the engine's status reason and in Refresh), the engine logs why, and nothing else is sent:
 * no hello, no scan. The dialer keeps retrying with backoff, so a later
 * `farsight engine authorize-console` takes effect at the next attempt; `recheck()` (reload)
 * retries a refused console at once and drops a live connection the policy no longer allows.
 */
import type { WebSocket } from 'ws';
import { toFarsightError } from '@farsight/common';
import { Backoff, DEFAULT_BACKOFF, createTrustMessage } from '@farsight/engine-protocol';
import type { ConsolesStore } from './consoles-store.ts';
import type { ConsoleEntry } from './consoles-xml.ts';
import type { ConsolePolicy } from './engine-listener.ts';
import type { EngineIdentity } from './identity.ts';
import type { EngineLog } from './log.ts';
import { openVerified } from './pairing.ts';

/** Options of a dialer. */
export interface ConsoleDialerOptions {
  entry: ConsoleEntry;
  store: ConsolesStore;
  identity: EngineIdentity;
  log: EngineLog;
  /** First delay between attempts (default 5 s); doubles per refused/failed attempt. */
  retryMs?: number;
  /** Largest delay (default 5 minutes). */
  retryMaxMs?: number;
  /** Hosted mode: refuse a console the operator has not authorized. */
  policy?: ConsolePolicy;
  /** Serves an admitted connection (the console link says hello on it). */
  attach: (ws: WebSocket) => void;
}

/** A running dialer. */
export interface ConsoleDialer {
  stop(): void;
  /** Re-applies the policy now (reload): a refused console is retried at once, a live connection no longer authorized is refused. */
  recheck(): void;
}

/** Sends the refusal, then closes: the console records the reason. */
function refuse(ws: WebSocket, message: string): void {
  ws.send(JSON.stringify(createTrustMessage('session.refused', { code: 'unauthorized', message })), () => ws.close(1000, 'unauthorized'));
  setTimeout(() => ws.terminate(), 5000).unref();
}

/** Starts dialing `entry` (host, port and certificate from pairing). */
export function startConsoleDialer(o: ConsoleDialerOptions): ConsoleDialer {
  const { entry } = o;
  let timer: NodeJS.Timeout | undefined;
  let live: { ws: WebSocket; ip: string } | undefined;
  let halted = false;
  /** The last attempt was refused by the hosted policy (recheck retries it at once). */
  let refusedByPolicy = false;
  // Refused (revoked, unknown engine, busy, not authorized here) or unreachable: back off exponentially; a session resets it.
  const backoff = new Backoff({ baseMs: o.retryMs ?? DEFAULT_BACKOFF.baseMs, capMs: Math.max(o.retryMaxMs ?? DEFAULT_BACKOFF.capMs, o.retryMs ?? 0) });
  const retry = (why: string, failed: boolean): void => {
    const ms = failed ? backoff.fail() : backoff.afterSession();
    o.log.warn(`console ${entry.id}: ${why}; retrying in ${ms} ms${failed && backoff.failures > 1 ? ` (${backoff.failures} failed attempts in a row)` : ''}`);
    timer = setTimeout(attempt, ms);
  };
  const denied = (ip: string): string | undefined => o.policy?.({ ...entry, lastAddress: ip }, ip, true);
  function attempt(): void {
    timer = undefined;
    if (halted) return;
    const m = o.store.material(entry.id);
    if (!m || !entry.host || !entry.port) { o.log.warn(`console ${entry.id}: no certificate or address on record; pair again`); return; }
    const url = `wss://${entry.host.includes(':') ? `[${entry.host}]` : entry.host}:${entry.port}/engine`;
    openVerified(url, entry.fingerprint, { ca: m.ca, cert: m.cert, key: o.identity.keyPem, rejectUnauthorized: true, checkServerIdentity: () => undefined }, 15_000)
      .then((r) => {
        if (halted) { r.ws.terminate(); return; }
        live = { ws: r.ws, ip: r.remoteIp };
        const refusal = denied(r.remoteIp);
        refusedByPolicy = refusal !== undefined;
        // The console's first frame tells: hello-ack ok = a session (reset the backoff); session.refused or anything else = a failure.
        let session = false;
        r.ws.once('close', () => {
          if (live?.ws === r.ws) live = undefined;
          if (halted) return;
          if (refusedByPolicy) retry(`not served (hosted mode: not authorized); the console was told "${refusal ?? ''}"`, true);
          else retry(session ? 'connection closed' : 'the console refused or closed the connection before a session', !session);
        });
        if (refusal !== undefined) { refuse(r.ws, refusal); return; }
        o.log.info(`console ${entry.id}: connected to ${entry.host}:${entry.port}`);
        r.ws.once('message', (data) => {
          try {
            const f = JSON.parse((data as Buffer).toString('utf8')) as { type?: unknown; result?: unknown };
            session = f.type === 'hello-ack' && f.result === 'ok';
          } catch { /* not JSON: the link drops it too */ }
          if (session) backoff.succeed();
        });
        o.attach(r.ws);
      })
      .catch((e: unknown) => {
        if (halted) return;
        retry(toFarsightError(e).message, true);
      });
  }
  attempt();
  return {
    stop: () => { halted = true; if (timer) clearTimeout(timer); live?.ws.close(1000, 'console disabled'); },
    recheck: () => {
      if (halted || !o.policy) return;
      if (live && !refusedByPolicy) {
        const refusal = denied(live.ip);
        if (refusal !== undefined) { refusedByPolicy = true; o.log.warn(`console ${entry.id}: no longer authorized; dropping the connection`); refuse(live.ws, refusal); }
        return;
      }
      if (!live && refusedByPolicy && timer) { clearTimeout(timer); attempt(); }
    },
  };
}
