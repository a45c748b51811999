/**
 * The engine's durable result spool (node:sqlite, WAL, synchronous=FULL). A finished host is
 * written here *before* it is sent, and deleted only when the console acknowledges it, so a
 * crash of the console, the link or the engine loses nothing the engine ever reported. It
 * also remembers every executed command id (at-most-once) and each scan's spec and state, so
 * a scan resumes where it stopped.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { FarsightError } from '@farsight/common';
import type { HostResultMessage, MessageOf } from '@farsight/engine-protocol';

/** Where a scan is in the engine's eyes. */
export type SpoolScanState = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

/**
 * The scan-defining part of a scan.start command, kept so pause/resume and crashes need nothing
 * from the console. Never its credentials: those stay in engine memory (the console resends
 * them with the scan.start of every resume).
 */
export type ScanSpec = Omit<MessageOf<'scan.start'>, 'v' | 'id' | 'type' | 'ts' | 'commandId' | 'expiresAt' | 'credentials'>;

/** One scan as the spool knows it. */
export interface SpoolScan {
  scanId: string;
  spec: ScanSpec;
  state: SpoolScanState;
  /** Seq the next batch gets. */
  nextSeq: number;
  /** Every batch with seq ≤ ackedSeq is acknowledged (and deleted). */
  ackedSeq: number;
  hostsTotal: number;
  hostsDone: number;
  hostsUp: number;
  startedAt: string;
  finishedAt: string | null;
  endCode: string | null;
  endMessage: string | null;
}

/** A batch waiting for its ack. */
export interface SpooledBatch {
  scanId: string;
  seq: number;
  hosts: HostResultMessage[];
}

interface ScanRow {
  scan_id: string; spec: string; state: string; next_seq: number; acked_seq: number;
  hosts_total: number; hosts_done: number; hosts_up: number; started_at: string;
  finished_at: string | null; end_code: string | null; end_message: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS scans (
  scan_id TEXT PRIMARY KEY, spec TEXT NOT NULL, state TEXT NOT NULL,
  next_seq INTEGER NOT NULL, acked_seq INTEGER NOT NULL,
  hosts_total INTEGER NOT NULL DEFAULT 0, hosts_done INTEGER NOT NULL DEFAULT 0, hosts_up INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL, finished_at TEXT, end_code TEXT, end_message TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
  scan_id TEXT NOT NULL, seq INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (scan_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS done_hosts (
  scan_id TEXT NOT NULL, address TEXT NOT NULL, PRIMARY KEY (scan_id, address)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS commands (
  command_id TEXT PRIMARY KEY, expires_at TEXT NOT NULL, executed_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/** How long an ended scan's tombstone is kept (so a late scan.start is answered, not re-run). */
const TOMBSTONE_MS = 7 * 24 * 3600_000;

/** The durable spool of one engine. */
export class Spool {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #stmts = new Map<string, StatementSync>();

  /** Opens (creating) the spool file; `:memory:` for tests that need no durability. */
  constructor(path: string) {
    this.path = path;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      this.#db = new DatabaseSync(path);
      // WAL + synchronous=FULL: a committed batch survives kill -9 and power loss before it is sent.
      this.#db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;');
      this.#db.exec(SCHEMA);
    } catch (e) {
      throw new FarsightError('ENGINE_SPOOL_FAILED', `cannot open the engine spool ${path}: ${(e as Error).message}; check the directory exists and is writable`, { cause: e });
    }
  }

  #stmt(sql: string): StatementSync {
    let s = this.#stmts.get(sql);
    if (!s) this.#stmts.set(sql, (s = this.#db.prepare(sql)));
    return s;
  }

  #tx<T>(fn: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const r = fn();
      this.#db.exec('COMMIT');
      return r;
    } catch (e) {
      this.#db.exec('ROLLBACK');
      throw new FarsightError('ENGINE_SPOOL_FAILED', `engine spool write failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * Records a command id; true when it is new (execute it), false when it was executed
   * before (ignore it). Forgets ids whose command has expired, since those are refused anyway.
   */
  claimCommand(commandId: string, expiresAt: string, now: Date = new Date()): boolean {
    return this.#tx(() => {
      this.#stmt('DELETE FROM commands WHERE expires_at < ?').run(new Date(now.getTime() - 3600_000).toISOString());
      const r = this.#stmt('INSERT INTO commands (command_id, expires_at, executed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING')
        .run(commandId, new Date(expiresAt).toISOString(), now.toISOString());
      return Number(r.changes) === 1;
    });
  }

  /** Creates a scan in state running; its first batch gets `nextSeq`. */
  createScan(spec: ScanSpec, hostsTotal: number, now: Date = new Date()): SpoolScan {
    this.#tx(() => {
      this.#stmt(`INSERT INTO scans (scan_id, spec, state, next_seq, acked_seq, hosts_total, started_at, updated_at)
        VALUES (?, ?, 'running', ?, ?, ?, ?, ?)`).run(spec.scanId, JSON.stringify(spec), spec.nextSeq, spec.nextSeq - 1, hostsTotal, now.toISOString(), now.toISOString());
    });
    return this.getScan(spec.scanId) as SpoolScan;
  }

  /** The scan, or undefined when the spool does not know it. */
  getScan(scanId: string): SpoolScan | undefined {
    const row = this.#stmt('SELECT * FROM scans WHERE scan_id = ?').get(scanId) as ScanRow | undefined;
    return row ? toScan(row) : undefined;
  }

  /** Every scan the spool knows, oldest first. */
  listScans(): SpoolScan[] {
    return (this.#stmt('SELECT * FROM scans ORDER BY started_at, scan_id').all() as unknown as ScanRow[]).map(toScan);
  }

  /** Moves a scan to a state; `end` records why a scan stopped, failed or finished. */
  setState(scanId: string, state: SpoolScanState, end: { code?: string; message?: string } = {}, now: Date = new Date()): void {
    const ended = state === 'finished' || state === 'failed' || state === 'stopped';
    this.#tx(() => {
      this.#stmt('UPDATE scans SET state = ?, finished_at = ?, end_code = ?, end_message = ?, updated_at = ? WHERE scan_id = ?')
        .run(state, ended ? now.toISOString() : null, end.code ?? null, end.message ?? null, now.toISOString(), scanId);
    });
  }

  /**
   * Writes finished hosts as the scan's next batch and marks them done, in one durable
   * transaction; returns the batch's seq.
   */
  appendBatch(scanId: string, hosts: HostResultMessage[], now: Date = new Date()): number {
    return this.#tx(() => {
      const row = this.#stmt('SELECT next_seq FROM scans WHERE scan_id = ?').get(scanId) as { next_seq: number } | undefined;
      if (!row) throw new Error(`scan ${scanId} is not in the spool`);
      const seq = row.next_seq;
      this.#stmt('INSERT INTO batches (scan_id, seq, payload) VALUES (?, ?, ?)').run(scanId, seq, JSON.stringify(hosts));
      const mark = this.#stmt('INSERT INTO done_hosts (scan_id, address) VALUES (?, ?) ON CONFLICT DO NOTHING');
      let done = 0;
      for (const h of hosts) done += Number(mark.run(scanId, h.address).changes);
      const up = hosts.filter((h) => h.status === 'up').length;
      this.#stmt('UPDATE scans SET next_seq = ?, hosts_done = hosts_done + ?, hosts_up = hosts_up + ?, updated_at = ? WHERE scan_id = ?')
        .run(seq + 1, done, up, now.toISOString(), scanId);
      return seq;
    });
  }

  /** Unacknowledged batches of a scan with seq ≥ fromSeq, in seq order (at most `limit`). */
  unacked(scanId: string, fromSeq = 1, limit = 1_000_000): SpooledBatch[] {
    const rows = this.#stmt('SELECT seq, payload FROM batches WHERE scan_id = ? AND seq >= ? ORDER BY seq LIMIT ?')
      .all(scanId, fromSeq, limit) as Array<{ seq: number; payload: string }>;
    return rows.map((r) => ({ scanId, seq: r.seq, hosts: JSON.parse(r.payload) as HostResultMessage[] }));
  }

  /** Deletes batches with seq ≤ upTo; returns the scan's acknowledged seq afterwards. */
  ack(scanId: string, upTo: number, now: Date = new Date()): number {
    return this.#tx(() => {
      const row = this.#stmt('SELECT acked_seq, next_seq, state FROM scans WHERE scan_id = ?').get(scanId) as { acked_seq: number; next_seq: number; state: string } | undefined;
      if (!row) return 0;
      // An ack beyond what was ever sent is a console bug; never let it swallow future batches.
      const acked = Math.max(row.acked_seq, Math.min(upTo, row.next_seq - 1));
      this.#stmt('DELETE FROM batches WHERE scan_id = ? AND seq <= ?').run(scanId, acked);
      this.#stmt('UPDATE scans SET acked_seq = ?, updated_at = ? WHERE scan_id = ?').run(acked, now.toISOString(), scanId);
      // An ended scan with everything acknowledged needs no host list any more, only its tombstone.
      if (acked === row.next_seq - 1 && ['finished', 'failed', 'stopped'].includes(row.state)) {
        this.#stmt('DELETE FROM done_hosts WHERE scan_id = ?').run(scanId);
      }
      this.#stmt("DELETE FROM scans WHERE state IN ('finished','failed','stopped') AND acked_seq = next_seq - 1 AND finished_at < ?")
        .run(new Date(now.getTime() - TOMBSTONE_MS).toISOString());
      return acked;
    });
  }

  /** Addresses already reported for a scan (skipped when it resumes). */
  doneHosts(scanId: string): Set<string> {
    const rows = this.#stmt('SELECT address FROM done_hosts WHERE scan_id = ?').all(scanId) as Array<{ address: string }>;
    return new Set(rows.map((r) => r.address));
  }

  /** Closes the database (pending statements finish first). */
  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toScan(r: ScanRow): SpoolScan {
  return {
    scanId: r.scan_id, spec: JSON.parse(r.spec) as ScanSpec, state: r.state as SpoolScanState,
    nextSeq: r.next_seq, ackedSeq: r.acked_seq, hostsTotal: r.hosts_total, hostsDone: r.hosts_done, hostsUp: r.hosts_up,
    startedAt: r.started_at, finishedAt: r.finished_at, endCode: r.end_code, endMessage: r.end_message,
  };
}
