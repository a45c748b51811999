/**
 * TCP-connect probing: host discovery and port scanning on a pool of worker threads.
 * See probe-engine.ts for the engine and options.ts for its options.
 */
export { ProbeEngine, type DiscoveryResult, type HostPortResult, type ProbeStats } from './probe-engine.ts';
export type { ProbeEngineOptions } from './options.ts';
