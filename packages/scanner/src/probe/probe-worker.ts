/**
 * Entry point of a probe worker thread (imported by the bootstrap in worker-spawn.ts): waits
 * for its settings (`init`), then runs one ConnectLoop over the batches the engine posts and
 * posts each batch's answers back as transferred typed arrays.
 */
import { parentPort } from 'node:worker_threads';
import { ConnectLoop } from './connect-loop.ts';
import type { ConnectorFactory } from './connector.ts';
import { netConnector } from './net-connector.ts';
import { loadTcpWrap, rawConnector } from './raw-connector.ts';
import { COUNTERS_PER_WORKER, type FromWorker, type ToWorker, type WorkerConfig } from './worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('probe-worker.ts must run as a worker thread');

function post(message: FromWorker, transfer?: ArrayBuffer[]): void {
  port?.postMessage(message, transfer ?? []);
}

function start(config: WorkerConfig): ConnectLoop {
  // The engine detected tcp_wrap in its own thread; confirm here and fall back if this thread differs.
  const transport = config.transport === 'raw' && loadTcpWrap() !== undefined ? 'raw' : 'net';
  const factory: ConnectorFactory = transport === 'raw' ? rawConnector : netConnector;
  const counters = new Float64Array(config.counters, config.index * COUNTERS_PER_WORKER * 8, COUNTERS_PER_WORKER);
  const loop = new ConnectLoop(
    factory,
    {
      inFlight: config.inFlight,
      rate: config.rate,
      tickMs: config.tickMs,
      counters,
      onDrained: () => post({ t: 'drained' }),
    },
    (r) => post({ t: 'result', ...r }, [r.ports.buffer as ArrayBuffer, r.outcomes.buffer as ArrayBuffer, r.rttMicros.buffer as ArrayBuffer]),
  );
  post({ t: 'ready', transport });
  return loop;
}

let loop: ConnectLoop | undefined;
port.on('message', (m: ToWorker) => {
  if (m.t === 'init') loop ??= start(m.config);
  else if (m.t === 'batch') loop?.push(m);
  else loop?.stop();
});
