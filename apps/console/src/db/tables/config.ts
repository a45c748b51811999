/**
 * Row types of the configuration tables (migrations 0100–0199): sites and their targets, global
 * exclusions, custom scan templates, scan engines and pools, the engine shared secret,
 * credentials, vulnerability definitions and vulnerability exceptions.
 */
import type { Generated } from 'kysely';

/** A site: what to scan (site_targets), with which template and on which engine or pool. */
export interface SitesTable {
  id: Generated<number>;
  name: string;
  description: string;
  /** v3 importance: very_low | low | normal | high | very_high. */
  importance: string;
  /** Built-in or custom template id. */
  scan_template_id: string;
  /** A scan engine or an engine pool (both live in scan_engines). */
  engine_id: number;
  created_at: string;
  updated_at: string;
}

/** One included or excluded target token of a site, kept in the client's order and spelling. */
export interface SiteTargetsTable {
  site_id: number;
  /** 'include' | 'exclude'. */
  kind: string;
  position: number;
  token: string;
}

/** Console-wide exclusions applied to every scan (a Farsight extra). */
export interface GlobalExclusionsTable {
  position: number;
  token: string;
}

/** A custom scan template; `body` is the scanner's ScanTemplate as JSON text. Built-ins are not stored. */
export interface ScanTemplatesTable {
  id: string;
  name: string;
  copy_of: string | null;
  body: string;
  created_at: string;
  updated_at: string;
}

/** A scan engine or an engine pool (one id space); id 1 is the built-in Local scan engine. */
export interface ScanEnginesTable {
  id: Generated<number>;
  name: string;
  /** 'local' | 'remote' | 'pool'. */
  kind: string;
  address: string;
  port: number;
  /** v3 status: active | incompatible-version | not-responding | pending-authorization | unknown. */
  status: string;
  status_reason: string | null;
  status_at: string | null;
  product_version: string | null;
  content_version: string | null;
  /** Most concurrent scans on this engine (1–64); null = the console-wide default (migration 0323). */
  scan_limit: number | null;
  created_at: string;
  updated_at: string;
}

/** Pool membership. */
export interface EnginePoolMembersTable {
  pool_id: number;
  engine_id: number;
}

/** Engine pairing shared secrets: only the SHA-256 is kept; at most one is live. */
export interface EngineSharedSecretsTable {
  id: Generated<number>;
  secret_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** Pairings allowed (null = unlimited); `uses` counts them (issue 4). */
  max_uses: number | null;
  uses: Generated<number>;
  /** JSON array of CIDRs a pairing engine may come from (null = any). */
  allowed_cidrs: string | null;
  /** The secret sealed with the master key (migration 0311), so GET shared_secret can show it; null for older rows. */
  secret_sealed: string | null;
}

/** A shared or site credential; `secret` is sealed (AES-256-GCM) and never leaves the service layer. */
export interface CredentialsTable {
  id: Generated<number>;
  /** 'shared' | 'site'. */
  scope: string;
  /** Owning site of a site credential; null for shared ones. */
  site_id: number | null;
  name: string;
  description: string;
  service: string;
  /** Public account fields as JSON text. */
  account: string;
  /** Sealed secret account fields (see services/credentials-crypto.ts). */
  secret: string;
  /** Random id bound into the seal's additional data. */
  secret_ref: string;
  host_restriction: string | null;
  port_restriction: number | null;
  /** Shared credentials: 'all-sites' | 'specific-sites'. */
  site_assignment: string | null;
  /** 1 = used by scans. */
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** A shared credential disabled for one site's scans (migration 0311); absent = enabled. */
export interface SiteSharedCredentialsDisabledTable {
  site_id: number;
  credential_id: number;
}

/** Sites a 'specific-sites' shared credential is assigned to. */
export interface CredentialSitesTable {
  credential_id: number;
  site_id: number;
}

/** A vulnerability definition (from checks and content), keyed by its v3 natural id. */
export interface VulnerabilitiesTable {
  id: string;
  title: string;
  description: string;
  /** Moderate | Severe | Critical. */
  severity: string;
  severity_score: number;
  cvss_v2_vector: string | null;
  cvss_v2_score: number | null;
  cvss_v3_vector: string | null;
  cvss_v3_score: number | null;
  /** JSON arrays as text. */
  cves: string;
  categories: string;
  /** JSON array of { source, reference, url? }. */
  refs: string;
  denial_of_service: number;
  published: string | null;
  added: string;
  modified: string;
  created_at: string;
  updated_at: string;
}

/** A vulnerability exception and its review. */
export interface VulnerabilityExceptionsTable {
  id: Generated<number>;
  /** under-review | approved | rejected | deleted (expiry is computed, not stored). */
  state: string;
  scope_type: string;
  scope_id: number | null;
  vulnerability_id: string;
  port: number | null;
  instance_key: string | null;
  reason: string;
  comment: string;
  submitted_by: number;
  submitted_login: string;
  submitted_at: string;
  reviewed_by: number | null;
  reviewed_login: string | null;
  review_comment: string | null;
  reviewed_at: string | null;
  expires: string | null;
  updated_at: string;
}

/** The config tables, merged into `Database` in db/schema.ts. */
export interface ConfigTables {
  sites: SitesTable;
  site_targets: SiteTargetsTable;
  global_exclusions: GlobalExclusionsTable;
  scan_templates: ScanTemplatesTable;
  scan_engines: ScanEnginesTable;
  engine_pool_members: EnginePoolMembersTable;
  engine_shared_secrets: EngineSharedSecretsTable;
  credentials: CredentialsTable;
  credential_sites: CredentialSitesTable;
  site_shared_credentials_disabled: SiteSharedCredentialsDisabledTable;
  vulnerabilities: VulnerabilitiesTable;
  vulnerability_exceptions: VulnerabilityExceptionsTable;
}
