/**
 * Test fixtures on loopback: real listeners, a listener whose accept queue is full (its SYNs
 * are dropped, so probes see a silent "filtered" port), and a check for foreign listeners.
 * Used by the probe tests only; binds 127.0.0.0/8 addresses exclusively.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/** Accepted connections of the servers made by listenOn, so closeAll can end them. */
const accepted = new WeakMap<Server, Set<Socket>>();

/** Listens on address:port (0 = any free port), swallowing client resets; returns the server and its port. */
export async function listenOn(address: string, port: number): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((c) => {
    c.on('error', () => {});
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  accepted.set(server, sockets);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: address, backlog: 4096 }, () => resolve());
  });
  return { server, port: (server.address() as { port: number }).port };
}

/** Closes servers and ends their open connections (server.close alone waits for them). */
export async function closeAll(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map((s) => {
      const done = new Promise<void>((r) => s.close(() => r()));
      for (const c of accepted.get(s) ?? []) c.destroy();
      return done;
    }),
  );
}

/** True when someone else listens on address:port (e.g. a system service on a wildcard address). */
export async function foreignListener(address: string, port: number): Promise<boolean> {
  try {
    const { server } = await listenOn(address, port);
    await closeAll([server]);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EADDRINUSE';
  }
}

/** Ports from `open` that neither we opened nor a foreign listener holds: wrong answers. */
export async function unexplainedOpen(address: string, open: number[], ours: Set<number>): Promise<number[]> {
  const out: number[] = [];
  for (const p of open) if (!ours.has(p) && !(await foreignListener(address, p))) out.push(p);
  return out;
}

// Runs in a worker: listen with backlog 1, report the port, then block the thread so it never
// accepts. Once the accept queue is full, Linux drops further SYNs (tcp_conn_request:
// sk_acceptq_is_full) and a connect to this port times out as if a firewall dropped it.
const STUCK_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: workerData.address, backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.flag), 0, 0, 120000);
  server.close();
});
`;

// Runs in a worker: many listeners whose only job is to timestamp accepted connections, on a
// thread of their own so the test's event loop (and its GC) cannot delay or bunch them.
const COUNTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const times = [];
const servers = [];
let next = workerData.firstPort;
function listenNext() {
  if (servers.length === workerData.count) {
    parentPort.postMessage(servers.map((x) => x.address().port));
    return;
  }
  if (next > 65535) throw new Error('no free ports left for the accept counter');
  const s = net.createServer((c) => { times.push(performance.timeOrigin + performance.now()); c.on('error', () => {}); });
  s.once('error', () => { next++; listenNext(); }); // taken (e.g. a wildcard listener): skip it
  s.listen({ port: next, host: workerData.address, backlog: 512 }, () => { servers.push(s); next++; listenNext(); });
}
listenNext();
// Heartbeat: how late this thread's event loop ran (a stall delays and bunches timestamps).
let last = performance.now();
let maxLateMs = 0;
const heartbeat = setInterval(() => {
  const now = performance.now();
  maxLateMs = Math.max(maxLateMs, now - last - 2);
  last = now;
}, 2);
parentPort.on('message', (m) => {
  if (m === 'start') {
    maxLateMs = 0;
    last = performance.now();
    return;
  }
  clearInterval(heartbeat);
  for (const s of servers) s.close();
  parentPort.postMessage({ times, maxLateMs });
});
`;

/** What an accept counter saw: accept times (epoch ms) and its own worst event-loop lateness. */
export interface AcceptLog {
  times: number[];
  maxLateMs: number;
}

/**
 * `count` listeners on consecutive free ports from `firstPort`, on their own thread, recording
 * when each connection was accepted; `start()` begins the lateness measurement.
 */
export async function acceptCounter(address: string, count: number, firstPort: number): Promise<{ ports: number[]; start: () => void; stop: () => Promise<AcceptLog> }> {
  const worker = new Worker(COUNTER_SOURCE, { eval: true, workerData: { address, count, firstPort } });
  const ports = await new Promise<number[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    ports,
    start: () => worker.postMessage('start'),
    stop: async () => {
      const log = new Promise<AcceptLog>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const out = await log;
      await worker.terminate();
      return out;
    },
  };
}

/** A listener that never accepts and whose queue is full: its port is silent ("filtered"). */
export async function silentPort(address: string): Promise<{ port: number; close: () => Promise<void> }> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(STUCK_SOURCE, { eval: true, workerData: { address, flag } });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Fill the accept queue: with backlog 1 it holds 2 connections; a third proves it is full.
  const fillers: Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const s = connect({ host: address, port });
    s.on('error', () => {});
    fillers.push(s);
    await new Promise<void>((resolve) => s.once('connect', () => resolve()));
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      Atomics.store(new Int32Array(flag), 0, 1);
      Atomics.notify(new Int32Array(flag), 0);
      await worker.terminate();
    },
  };
}
