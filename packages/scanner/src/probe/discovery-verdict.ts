/**
 * Turns what the discovery probes saw so far into a verdict, pure. An open port or (when
 * RST counts as alive) a reset proves the host is up; anything else waits for all probes.
 */

/** First answers seen so far by a host's discovery probes. */
export interface DiscoverySeen {
  firstOpen: number | undefined;
  firstReset: number | undefined;
  firstUnreachable: number | undefined;
  /** All probes have their final answer. */
  done: boolean;
}

/** Up or down with the reason shown to users (`tcp-connect 22 open`, `tcp-connect 80 reset`). */
export interface DiscoveryVerdict {
  up: boolean;
  reason: string;
}

/** The verdict, or undefined while it cannot be decided yet. */
export function discoveryVerdict(seen: DiscoverySeen, treatRstAsAlive: boolean): DiscoveryVerdict | undefined {
  if (seen.firstOpen !== undefined) return { up: true, reason: `tcp-connect ${seen.firstOpen} open` };
  if (seen.firstReset !== undefined && treatRstAsAlive) return { up: true, reason: `tcp-connect ${seen.firstReset} reset` };
  if (!seen.done) return undefined;
  if (seen.firstReset !== undefined) return { up: false, reason: `tcp-connect ${seen.firstReset} reset (RST not treated as alive)` };
  if (seen.firstUnreachable !== undefined) return { up: false, reason: `tcp-connect ${seen.firstUnreachable} unreachable` };
  return { up: false, reason: 'tcp-connect no response' };
}
