/** Authenticated-scanning outcomes (migration 0302): one row per host of a scan a credential applied to. */

/** How logging in to one host of one scan ended (never a secret). */
export interface ScanHostAuthTable {
  scan_id: number;
  address: string;
  asset_id: number | null;
  /** success | badcredential | unavailable | timedout | error | elevation-failed */
  outcome: string;
  credential_id: number | null;
  credential: string | null;
  user_name: string | null;
  port: number;
  method: string | null;
  elevation: string | null;
  detail: string;
  host_key: string | null;
  packages: number | null;
  /** The inventory's OS (os-release PRETTY_NAME, else ID VERSION_ID) and OSV ecosystem. */
  os: string | null;
  ecosystem: string | null;
  kernel: string | null;
  duration_ms: number;
  at: string;
}

/** Merged into `Database` in db/schema.ts. */
export interface ScanAuthTables {
  scan_host_auth: ScanHostAuthTable;
}
