/**
 * The engine status machine (issue 4): a union of states, the events that move an engine
 * between them, and one transition table (mirrored in docs/engines.md and checked by
 * remote-status.test.ts). Pure: the monitor (remote-monitor.ts) feeds it events and the clock.
 */

/** Every engine state Farsight shows. */
export const ENGINE_STATES = ['active', 'unknown', 'pending-authorization', 'incompatible', 'down'] as const;
/** An engine state. */
export type EngineState = (typeof ENGINE_STATES)[number];

/** What can happen to an engine link. */
export const STATUS_EVENTS = ['session-ready', 'heartbeat', 'silent', 'silent-long', 'disconnected', 'connect-failed', 'pending', 'refused', 'incompatible', 'revoked'] as const;
/** A status event. */
export type StatusEvent = (typeof STATUS_EVENTS)[number];

/** The v3 `ScanEngine.status` stored for each state. */
export const V3_STATUS: Readonly<Record<EngineState, 'active' | 'unknown' | 'pending-authorization' | 'incompatible-version' | 'not-responding'>> = {
  active: 'active', unknown: 'unknown', 'pending-authorization': 'pending-authorization', incompatible: 'incompatible-version', down: 'not-responding',
};

/** Timing of status changes (all configurable; docs/engines.md "Status"). */
export interface StatusThresholds {
  /** The heartbeat interval engines use (default 5 s). */
  heartbeatMs: number;
  /** Silence after which an Active engine becomes Unknown (default 3 intervals = 15 s). */
  unknownAfterMs: number;
  /** Silence after which an engine becomes Down and its link is closed (default 60 s). */
  downAfterMs: number;
}

/** Default thresholds. */
export const DEFAULT_THRESHOLDS: StatusThresholds = { heartbeatMs: 5000, unknownAfterMs: 15_000, downAfterMs: 60_000 };

/** Reads FARSIGHT_ENGINE_HEARTBEAT_MS / _UNKNOWN_AFTER_MS / _DOWN_AFTER_MS over the defaults (unknown-after defaults to 3 heartbeats). */
export function thresholdsFromEnv(env: NodeJS.ProcessEnv = process.env): StatusThresholds {
  const num = (v: string | undefined): number | undefined => (v && /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);
  const heartbeatMs = num(env.FARSIGHT_ENGINE_HEARTBEAT_MS) ?? DEFAULT_THRESHOLDS.heartbeatMs;
  const unknownAfterMs = num(env.FARSIGHT_ENGINE_UNKNOWN_AFTER_MS) ?? heartbeatMs * 3;
  const downAfterMs = Math.max(num(env.FARSIGHT_ENGINE_DOWN_AFTER_MS) ?? DEFAULT_THRESHOLDS.downAfterMs, unknownAfterMs);
  return { heartbeatMs, unknownAfterMs, downAfterMs };
}

/** state → event → next state. An event missing from a row leaves the state unchanged. */
export const STATUS_TRANSITIONS: { readonly [S in EngineState]: Partial<Record<StatusEvent, EngineState>> } = {
  active: {
    heartbeat: 'active', silent: 'unknown', 'silent-long': 'down', disconnected: 'unknown', 'connect-failed': 'down',
    pending: 'pending-authorization', refused: 'down', incompatible: 'incompatible', revoked: 'down',
  },
  unknown: {
    'session-ready': 'active', heartbeat: 'active', 'silent-long': 'down', 'connect-failed': 'down',
    pending: 'pending-authorization', refused: 'down', incompatible: 'incompatible', revoked: 'down',
  },
  'pending-authorization': {
    'session-ready': 'active', 'connect-failed': 'down', refused: 'down', incompatible: 'incompatible', revoked: 'down',
  },
  incompatible: {
    'session-ready': 'active', 'connect-failed': 'down', pending: 'pending-authorization', refused: 'down', revoked: 'down',
  },
  down: {
    'session-ready': 'active', heartbeat: 'active', pending: 'pending-authorization', incompatible: 'incompatible',
  },
};

/** The state after `event` (unchanged when the table has no entry). */
export function nextState(state: EngineState, event: StatusEvent): EngineState {
  return STATUS_TRANSITIONS[state][event] ?? state;
}

/** The silence event due for an engine that last proved alive `silentMs` ago, if any. */
export function silenceEvent(silentMs: number, t: StatusThresholds): 'silent' | 'silent-long' | undefined {
  if (silentMs >= t.downAfterMs) return 'silent-long';
  if (silentMs >= t.unknownAfterMs) return 'silent';
  return undefined;
}
