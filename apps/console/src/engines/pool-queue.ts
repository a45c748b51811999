/**
 * The per-engine concurrent-scan limit (pure): which queued scans may be sent to their engine
 * now, and for every other one its position in that engine's queue and the reason it waits.
 * The dispatcher writes the reason into the scan's status reason (v3 `message`), so the queue
 * is visible through the API.
 */

/** A queued scan (oldest first, by id). */
export interface QueuedScan { id: number; engineId: number }

/** Why a scan waits. */
export interface WaitingScan extends QueuedScan { position: number; reason: string }

/** What the dispatcher may do now. */
export interface Admission { dispatch: QueuedScan[]; waiting: WaitingScan[] }

/** Inputs besides the queue. */
export interface AdmissionState {
  /** Scans dispatched or running per engine. */
  active: ReadonlyMap<number, number>;
  /** Most concurrent scans per engine. */
  limit: (engineId: number) => number;
  /** Engines that take no scans now, with the reason (a maintenance window). */
  blocked?: ReadonlyMap<number, string>;
}

/** Admits queued scans in id order while their engine is under its limit and not blocked. */
export function admitQueued(queued: readonly QueuedScan[], state: AdmissionState): Admission {
  const active = new Map(state.active);
  const positions = new Map<number, number>();
  const out: Admission = { dispatch: [], waiting: [] };
  for (const s of [...queued].sort((a, b) => a.id - b.id)) {
    const blocked = state.blocked?.get(s.engineId);
    const running = active.get(s.engineId) ?? 0;
    const limit = Math.max(1, state.limit(s.engineId));
    if (blocked === undefined && running < limit) {
      out.dispatch.push(s);
      active.set(s.engineId, running + 1);
      continue;
    }
    const position = (positions.get(s.engineId) ?? 0) + 1;
    positions.set(s.engineId, position);
    const why = blocked ?? `engine ${s.engineId} runs ${running} of at most ${limit} concurrent scan(s)`;
    out.waiting.push({ ...s, position, reason: `queued: position ${position} in engine ${s.engineId}'s queue; ${why}` });
  }
  return out;
}
