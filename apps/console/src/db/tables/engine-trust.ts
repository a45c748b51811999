/** Engine trust tables (migration 0120): issued engine certificates and per-engine link facts. */
import type { Generated } from 'kysely';

/** A certificate the engine CA issued to an engine (pairing or renewal); revocable. */
export interface EngineCertificatesTable {
  id: Generated<number>;
  engine_id: number;
  /** Node's `fingerprint256` of the certificate (AA:BB:…). */
  fingerprint256: string;
  serial: string;
  not_after: string;
  created_at: string;
  revoked_at: string | null;
}

/** How the console reaches an engine and what its last heartbeat said. */
export interface EngineLinksTable {
  engine_id: number;
  /** 'standard' (console dials the engine) | 'reverse' (engine dials the console). */
  direction: string;
  /** SHA-256 (hex) of the engine's public key (SPKI): pinned at pairing or first contact. */
  key_pin: string | null;
  last_heartbeat_at: string | null;
  clock_skew_ms: number | null;
  running_scans: Generated<number>;
  queue_depth: Generated<number>;
  /** Set when the engine was revoked: it may never connect again. */
  revoked_at: string | null;
  updated_at: string;
}

/** The engine-trust tables. */
export interface EngineTrustTables {
  engine_certificates: EngineCertificatesTable;
  engine_links: EngineLinksTable;
}
