/**
 * The scan state machine: a union of states and the one table of allowed transitions, each
 * with what causes it. Every status change goes through `assertTransition`, so a scan can
 * never jump, say, from finished back to running.
 */
import { FarsightError } from '@farsight/common';

/** Every scan status (v3 `status` values, minus `aborted`/`unknown` which Farsight never sets). */
export const SCAN_STATUSES = ['queued', 'dispatched', 'running', 'paused', 'stopped', 'integrating', 'finished', 'error'] as const;
/** A scan status. */
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** Statuses a scan never leaves. */
export const TERMINAL: ReadonlySet<ScanStatus> = new Set(['stopped', 'finished', 'error']);
/** Statuses of a scan that is still under way (v3 `active=true`). */
export const ACTIVE: ReadonlySet<ScanStatus> = new Set(['queued', 'dispatched', 'running', 'paused', 'integrating']);

/** from → to → what causes the transition. */
export const TRANSITIONS: { readonly [F in ScanStatus]: Partial<Record<ScanStatus, string>> } = {
  queued: {
    dispatched: 'the scan was sent to its engine',
    stopped: 'a user stopped the scan before it was dispatched',
    error: 'the scan could not be dispatched',
  },
  dispatched: {
    running: 'the engine accepted the scan',
    queued: 'the engine refused the command as expired; the scan waits to be sent again',
    paused: 'a user paused the scan',
    stopped: 'a user stopped the scan',
    error: 'the engine refused the scan',
  },
  running: {
    paused: 'a user paused the scan (or the engine reported it paused)',
    stopped: 'a user stopped the scan (or the engine reported it stopped)',
    integrating: 'the engine finished and every result batch is committed',
    error: 'the engine reported the scan failed',
  },
  paused: {
    dispatched: 'a user resumed the scan',
    stopped: 'a user stopped the paused scan',
    // The engine may finish the last hosts before a pause reaches it.
    integrating: 'the engine finished before the pause took effect',
    error: 'the engine reported the scan failed',
  },
  integrating: {
    finished: 'findings were integrated (new, active, remediated, reopened)',
    error: 'integration failed',
  },
  stopped: {},
  finished: {},
  error: {},
};

/** True when `from → to` is allowed. */
export function canTransition(from: ScanStatus, to: ScanStatus): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

/** Throws SCAN_STATE_CONFLICT naming both states unless `from → to` is allowed. */
export function assertTransition(scanId: number, from: ScanStatus, to: ScanStatus): void {
  if (!canTransition(from, to)) {
    const allowed = Object.keys(TRANSITIONS[from]);
    throw new FarsightError('SCAN_STATE_CONFLICT', `scan ${scanId} is ${from} and cannot become ${to}; from ${from} it can become ${allowed.length > 0 ? allowed.join(', ') : 'nothing (it has ended)'}`);
  }
}

/** True for a known status. */
export function isScanStatus(s: string): s is ScanStatus {
  return (SCAN_STATUSES as readonly string[]).includes(s);
}

/** The user actions of `POST /api/3/scans/{id}/{status}` and the status each leads to. */
export const SCAN_ACTIONS = { pause: 'paused', resume: 'dispatched', stop: 'stopped' } as const satisfies Record<string, ScanStatus>;
/** A user action on a scan. */
export type ScanAction = keyof typeof SCAN_ACTIONS;
