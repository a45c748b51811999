/**
 * @farsight/engine-core — the engine-side job runner shared by the console's Local scan
 * engine (local-main.ts, over Node IPC) and the distributed engine (issue 4, over mTLS):
 * commands executed at most once, scans run with @farsight/scanner, results spooled durably
 * and streamed as sequenced batches until acknowledged.
 */
export { EngineRunner, type RunnerOptions } from './runner.ts';
export { Spool, type SpoolScan, type SpoolScanState, type ScanSpec, type SpooledBatch } from './spool.ts';
export { EngineContent } from './engine-content.ts';
export { ScanJob, type JobOutcome, type AbortReason } from './scan-job.ts';
export { runTestCheck, type TestCheckRule } from './test-check.ts';
export { fitHost } from './host-fit.ts';
export { parseAllowedNetworks, targetsOutside, outsideMessage } from './cloud-scope.ts';

/** Absolute path of the Local engine's entry point (the console forks it). */
export const LOCAL_ENGINE_MAIN = new URL('./local-main.ts', import.meta.url).pathname;
