/**
 * Connects through node's internal libuv TCP handle (`process.binding('tcp_wrap')`), the
 * fastest path node offers: no stream, no EventEmitter, two native objects per probe.
 * It is internal API, so it is feature-detected once and the engine falls back to net.Socket.
 */
import { SELF_CONNECT, type ConnectDone, type Connector } from './connector.ts';

interface SockAddr { address?: string; port?: number }
interface TcpHandle {
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  close(): void;
  reset?(): number;
  getsockname(out: SockAddr): number;
  getpeername(out: SockAddr): number;
}
interface ConnectReq {
  oncomplete: (this: ConnectReq, status: number, handle: TcpHandle, req: ConnectReq) => void;
  slot: number;
}
interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => ConnectReq;
  constants: { SOCKET: number };
}

let cached: TcpWrapBinding | null | undefined;

/** The tcp_wrap binding when this runtime exposes a usable one, else undefined (checked once). */
export function loadTcpWrap(): TcpWrapBinding | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  const proc = process as unknown as { binding?: (name: string) => unknown };
  if (typeof proc.binding !== 'function') return undefined;
  // process.binding is deprecated (DEP0111, a warning only under --pending-deprecation):
  // keep that one warning from reaching the user's terminal; everything else passes through.
  const emit = process.emitWarning;
  process.emitWarning = function (this: unknown, ...args: Parameters<typeof process.emitWarning>) {
    const text = JSON.stringify(args);
    if (text.includes('DEP0111') || text.includes('process.binding')) return;
    emit.apply(process, args);
  } as typeof process.emitWarning;
  try {
    const b = proc.binding('tcp_wrap') as Partial<TcpWrapBinding> | undefined;
    if (
      typeof b?.TCP === 'function' && typeof b.TCPConnectWrap === 'function' && typeof b.constants?.SOCKET === 'number' &&
      typeof b.TCP.prototype.connect === 'function' && typeof b.TCP.prototype.connect6 === 'function' &&
      typeof b.TCP.prototype.getsockname === 'function' && typeof b.TCP.prototype.getpeername === 'function'
    ) {
      cached = b as TcpWrapBinding;
    }
  } catch {
    // Blocked by policy or removed: the net.Socket path remains.
  } finally {
    process.emitWarning = emit;
  }
  return cached ?? undefined;
}

const local: SockAddr = {};
const peer: SockAddr = {};

/**
 * True when a connected handle is connected to itself. A connect to one of our own addresses
 * can pick the destination port as its source port and "connect" to itself (simultaneous
 * open, RFC 9293 §3.5): no listener is involved, so the port is not open.
 */
export function isSelfConnected(handle: Pick<TcpHandle, 'getsockname' | 'getpeername'>): boolean {
  local.address = peer.address = undefined;
  local.port = peer.port = undefined;
  if (handle.getsockname(local) !== 0 || handle.getpeername(peer) !== 0) return false;
  return local.port === peer.port && local.address === peer.address;
}

/** A connector on the raw tcp_wrap handle; throws when the binding is unavailable. */
export function rawConnector(done: ConnectDone): Connector {
  const binding = loadTcpWrap();
  if (binding === undefined) throw new Error('tcp_wrap binding is unavailable');
  const { TCP, TCPConnectWrap, constants } = binding;
  const SOCKET = constants.SOCKET;
  const handles: (TcpHandle | undefined)[] = [];
  const reqs: (ConnectReq | undefined)[] = [];

  // One shared callback: the slot rides on the request object, so no closure per probe.
  function oncomplete(this: ConnectReq, status: number, handle: TcpHandle, req: ConnectReq): void {
    const slot = req.slot;
    if (reqs[slot] !== req) return; // aborted earlier; its handle is already closed
    handles[slot] = undefined;
    reqs[slot] = undefined;
    if (status === 0) {
      if (isSelfConnected(handle)) status = SELF_CONNECT;
      // RST instead of FIN (SO_LINGER 0): no TIME_WAIT left behind on either side.
      if (typeof handle.reset !== 'function' || handle.reset() !== 0) handle.close();
    } else {
      handle.close();
    }
    done(slot, status);
  }

  return {
    kind: 'raw',
    start(slot, v6, address, port) {
      const handle = new TCP(SOCKET);
      const req = new TCPConnectWrap();
      req.oncomplete = oncomplete;
      req.slot = slot;
      const err = v6 ? handle.connect6(req, address, port) : handle.connect(req, address, port);
      if (err !== 0) {
        handle.close();
        return err;
      }
      handles[slot] = handle;
      reqs[slot] = req;
      return 0;
    },
    abort(slot) {
      const handle = handles[slot];
      handles[slot] = undefined;
      reqs[slot] = undefined;
      handle?.close();
    },
  };
}
