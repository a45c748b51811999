/** Row types of the core tables (migration 0001): users, site grants, API keys, sessions, audit log, settings. */
import type { Generated } from 'kysely';

/** A console user; `role` is one of ROLES in http/permissions.ts. */
export interface UsersTable {
  id: Generated<number>;
  login: string;
  name: string;
  email: string | null;
  role: string;
  password_hash: string;
  /** 1 = may log in. */
  enabled: number;
  failed_logins: number;
  /** ISO-8601; null when not locked. */
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Sites a site-owner owns or a user may read (no FK: sites belong to another module). */
export interface UserSitesTable {
  user_id: number;
  site_id: number;
}

/** An API key; only the SHA-256 of the key is stored. */
export interface ApiKeysTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** First characters of the key, shown in lists so a key can be recognised. */
  prefix: string;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A login session; the cookie carries the token, the row its SHA-256. */
export interface SessionsTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** One audited event: a change or a login. `details` is JSON text. */
export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  login: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: string | null;
  ip: string | null;
}

/** Console-wide settings as key → JSON text. */
export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** The core tables, merged into `Database` in db/schema.ts. */
export interface CoreTables {
  users: UsersTable;
  user_sites: UserSitesTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
