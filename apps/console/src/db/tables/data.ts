/** Row types of the data tables (migrations 0200–0299): scans, ingestion, assets, findings. */
import type { Generated } from 'kysely';

/** A scan of a site (or of some of its hosts). */
export interface ScansTable {
  id: Generated<number>;
  site_id: number;
  engine_id: number;
  name: string;
  /** manual | scheduled | automated (v3 scanType). */
  scan_type: string;
  /** ScanStatus (services/scans-states.ts). */
  status: string;
  /** Why the scan is in its status (v3 `message`). */
  status_reason: string;
  started_by: string;
  template_id: string;
  /** What to scan, frozen at creation (JSON: targets, exclusions, template, testCheck). */
  spec: string;
  hosts_total: number;
  hosts_done: number;
  hosts_up: number;
  /** Every batch of the current engine with seq ≤ committed_seq is ingested. */
  committed_seq: number;
  /** The engine's last seq once it finished (null before). */
  last_seq: number | null;
  created_at: string;
  start_time: string | null;
  end_time: string | null;
  updated_at: string;
  /** Set on a chunk of a pool scan: the scan it is part of (migration 0203). */
  parent_scan_id: Generated<number | null>;
}

/** A command waiting to be sent (sent_at null) or sent to an engine. */
export interface ScanCommandsTable {
  id: Generated<number>;
  scan_id: number;
  engine_id: number;
  command_id: string;
  /** scan.start | scan.pause | scan.resume | scan.stop. */
  type: string;
  created_at: string;
  expires_at: string;
  sent_at: string | null;
}

/** Progress of one host in one scan. */
export interface ScanHostsTable {
  scan_id: number;
  address: string;
  /** up | down. */
  status: string;
  asset_id: number | null;
  open_ports: number;
  findings: number;
  seq: number;
  done_at: string;
}

/** One line of a scan's log. */
export interface ScanLogTable {
  id: Generated<number>;
  scan_id: number;
  at: string;
  level: string;
  line: string;
}

/** An ingested batch: the idempotency ledger of ingestion. */
export interface ScanBatchesTable {
  scan_id: number;
  engine_id: number;
  seq: number;
  hosts: number;
  received_at: string;
}

/** One asset: a host, whatever scans and sites saw it. */
export interface AssetsTable {
  id: Generated<number>;
  ip: string;
  host_name: string | null;
  mac: string | null;
  /** OS description (v3 `os`). */
  os: string | null;
  /** The engine's OS guess as JSON. */
  os_json: string | null;
  first_seen: string;
  last_seen: string;
  last_scan_id: number | null;
  created_at: string;
  updated_at: string;
}

/** An identifier that belongs to an asset, and why it was attached (the merge reason). */
export interface AssetAddressesTable {
  id: Generated<number>;
  asset_id: number;
  /** ip | hostname | mac. */
  kind: string;
  value: string;
  scan_id: number | null;
  reason: string;
  created_at: string;
}

/** Which sites an asset was scanned in. */
export interface AssetSitesTable {
  asset_id: number;
  site_id: number;
}

/** A service on an asset, as last seen. */
export interface ServicesTable {
  id: Generated<number>;
  asset_id: number;
  port: number;
  protocol: string;
  name: string;
  family: string | null;
  vendor: string | null;
  product: string | null;
  version: string | null;
  cpe: string | null;
  tunnel: string | null;
  banner: string | null;
  first_seen: string;
  last_seen: string;
  last_scan_id: number;
}

/** Software on an asset (from identified services and the OS). */
export interface SoftwareTable {
  id: Generated<number>;
  asset_id: number;
  type: string;
  vendor: string;
  product: string;
  version: string;
  family: string | null;
  cpe: string | null;
  last_scan_id: number;
}

/** A finding: one check's result on one asset, port/protocol and instance. */
export interface FindingsTable {
  id: Generated<number>;
  asset_id: number;
  check_id: string;
  /** 0 for host-level findings. */
  port: number;
  /** '' for host-level findings. */
  protocol: string;
  instance: string;
  /** new | active | remediated | reopened. */
  status: string;
  severity: string;
  title: string | null;
  proof: string | null;
  first_seen: string;
  last_seen: string;
  /** When the current vulnerable period began (first seen, or reopened). */
  since: string;
  first_scan_id: number;
  last_scan_id: number;
  /** The scan whose integration set the current status. */
  status_scan_id: number;
}

/** A finding's status change. */
export interface FindingHistoryTable {
  id: Generated<number>;
  finding_id: number;
  scan_id: number | null;
  at: string;
  from_status: string | null;
  to_status: string;
  reason: string;
}

/** The data tables, merged into `Database` in db/schema.ts. */
export interface DataTables {
  scans: ScansTable;
  scan_commands: ScanCommandsTable;
  scan_hosts: ScanHostsTable;
  scan_log: ScanLogTable;
  scan_batches: ScanBatchesTable;
  assets: AssetsTable;
  asset_addresses: AssetAddressesTable;
  asset_sites: AssetSitesTable;
  services: ServicesTable;
  software: SoftwareTable;
  findings: FindingsTable;
  finding_history: FindingHistoryTable;
}
