/**
 * The one interface the connect loop needs from a socket layer, so the loop can run on the
 * raw libuv handle, on net.Socket, or on a fake in unit tests.
 */

/** Status meaning "connected, but to our own socket" (self-connect): counts as closed. */
export const SELF_CONNECT = 1;

/** Completion callback: 0 = connected (and already closed), SELF_CONNECT, or a negative errno. */
export type ConnectDone = (slot: number, status: number) => void;

/** Starts and abandons TCP connects, one per slot; reports completions through its ConnectDone. */
export interface Connector {
  readonly kind: 'raw' | 'net' | 'fake';
  /** Starts a connect for `slot`. Returns 0, or a negative errno when it failed synchronously (then no callback follows). */
  start(slot: number, v6: boolean, address: string, port: number): number;
  /** Abandons the connect in `slot` (it timed out); no callback follows. */
  abort(slot: number): void;
}

/** Builds a connector that reports to `done`. */
export type ConnectorFactory = (done: ConnectDone) => Connector;
