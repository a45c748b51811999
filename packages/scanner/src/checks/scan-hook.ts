/**
 * The scan pipeline's entry to active checks, loaded only when a scan runs checks (a
 * discovery scan never loads the checks nor ssh2). Validates the selection before any host is
 * scanned, then runs the checks per host with one scan-wide connection budget.
 */
import { Semaphore } from '../scan/pool.ts';
import type { ScanTemplate } from '../templates.ts';
import type { HostResult } from '../types.ts';
import { BUILTIN_CHECKS } from './registry.ts';
import { runChecks, type CheckError } from './runner.ts';
import { selectChecks } from './select.ts';
import type { ActiveCheck, Finding } from './types.ts';

/** Check settings of one scan (CLI flags / API fields); the template decides the categories. */
export interface ScanCheckOptions {
  /** false = no checks at all (`--no-checks`). */
  enabled?: boolean;
  /** Also run intrusive checks (`--intrusive`); never on by default. */
  intrusive?: boolean;
  /** Only these check ids (`--checks`). */
  only?: string[];
  /** Never these check ids (`--skip-checks`). */
  skip?: string[];
  /** Deadline of one check on one service (default 10 000 ms). */
  timeoutMs?: number;
  /** Checks in flight per host (default 4). */
  concurrency?: number;
  /** Called with checks that produced nothing because they failed (timeouts, resets, garbage). */
  onCheckError?: (host: string, error: CheckError) => void;
}

/** Checks ready to run on each host of a scan. */
export interface PreparedChecks {
  checks: readonly ActiveCheck[];
  run(host: HostResult): Promise<Finding[]>;
}

/** Selects the checks of a scan (throws CHECK_UNKNOWN for bad ids); undefined when none run. */
export function prepareChecks(template: ScanTemplate, o: ScanCheckOptions | undefined, env: {
  assertInScope: (address: string) => void; maxParallelHosts: number; signal?: AbortSignal; all?: readonly ActiveCheck[];
}): PreparedChecks | undefined {
  if (o?.enabled === false) return undefined;
  const checks = selectChecks(env.all ?? BUILTIN_CHECKS, { categories: template.checkCategories, intrusive: o?.intrusive, only: o?.only, skip: o?.skip });
  if (checks.length === 0) return undefined;
  // One budget for check connections across all hosts keeps file descriptors bounded.
  const slots = new Semaphore(Math.max(8, Math.min(256, env.maxParallelHosts * 2)));
  return {
    checks,
    async run(host) {
      const r = await runChecks(host, {
        checks, assertInScope: env.assertInScope, slots, signal: env.signal, timeoutMs: o?.timeoutMs, concurrency: o?.concurrency,
      });
      for (const e of r.errors) o?.onCheckError?.(host.address, e);
      return r.findings;
    },
  };
}
