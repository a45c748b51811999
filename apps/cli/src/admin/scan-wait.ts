/** `scans start --wait`: polls a scan until it ends, with a progress bar (hosts done/total, state) on stderr. */
import cliProgress from 'cli-progress';
import type { ConsoleClient, Json } from './client.ts';

/** States after which a scan changes no more. */
export const FINAL_STATES = new Set(['finished', 'stopped', 'error']);

/** Exit status for a scan's final state: 0 finished, 1 stopped or error. Pure. */
export function exitStatusOfScan(state: string): 0 | 1 {
  return state === 'finished' ? 0 : 1;
}

/** Options of waitForScan. */
export interface WaitOptions {
  intervalMs?: number;
  /** Give up after this long (undefined: wait as long as the scan runs). */
  timeoutMs?: number;
  stream?: NodeJS.WriteStream;
}

/** Polls GET /api/3/scans/{id} until a final state; returns the last scan body. */
export async function waitForScan(c: ConsoleClient, id: number, o: WaitOptions = {}): Promise<Json> {
  const stream = o.stream ?? process.stderr;
  const interval = o.intervalMs ?? 1000;
  const bar = new cliProgress.SingleBar({
    stream, format: `scan ${id} [{bar}] {value}/{total} hosts | {state}`, barsize: 24, hideCursor: false, fps: 5, // Ctrl-C while waiting must not leave the cursor hidden.
    noTTYOutput: true, notTTYSchedule: 5000,
  }, cliProgress.Presets.shades_classic);
  const deadline = o.timeoutMs === undefined ? Infinity : Date.now() + o.timeoutMs;
  let started = false;
  try {
    for (;;) {
      const s = await c.json('GET', `/api/3/scans/${id}`);
      const state = String(s.state ?? s.status);
      const total = Math.max(1, Number(s.hostsTotal) || 0);
      const done = Math.min(total, Number(s.hostsDone) || 0);
      if (!started) { bar.start(total, done, { state }); started = true; } else { bar.setTotal(total); bar.update(done, { state }); }
      if (FINAL_STATES.has(state)) return s;
      if (Date.now() >= deadline) return s;
      await new Promise((r) => setTimeout(r, interval));
    }
  } finally {
    if (started) bar.stop();
  }
}
