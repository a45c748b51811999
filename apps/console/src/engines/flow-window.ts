/**
 * The console's flow-control window per engine (pure): halved when committing a batch is slow,
 * doubled back toward the granted base when it is fast again; each session starts at
 * INITIAL_WINDOW and grows the same way. The session sends the new value
 * as `flow.grant`; the engine keeps at most that many batches in flight and holds probing once
 * a few windows' worth are spooled unacknowledged (EngineRunner `holdFactor`), so a slow console
 * slows probing instead of losing results.
 */

/**
 * The window a new session starts with (slow start): it doubles with every fast commit up to
 * the base. A link that drops every connection after a few kilobytes still moves forward one
 * acknowledged batch at a time, instead of resending a whole window that never gets through.
 */
export const INITIAL_WINDOW = 1;

/** Default: a batch slower than this to commit counts as slow. */
export const SLOW_INGEST_MS = 1000;

/** The window after a batch took `ingestMs` to commit (unchanged when no step is due). */
export function adaptWindow(current: number, base: number, ingestMs: number, slowMs: number = SLOW_INGEST_MS): number {
  if (ingestMs >= slowMs) return Math.max(1, Math.floor(current / 2));
  if (ingestMs <= slowMs / 4 && current < base) return Math.min(base, current * 2);
  return current;
}
