/** Row types of scan schedules, engine maintenance windows and blackouts (migrations 0320, 0321, 0324). */
import type { Generated } from 'kysely';

/** A site's scan schedule (v3 ScanSchedule). */
export interface ScanSchedulesTable {
  id: Generated<number>;
  site_id: number;
  enabled: number;
  /** First run, ISO-8601 UTC. */
  start_at: string;
  /** IANA zone the repeat keeps its local time of day in. */
  time_zone: string;
  /** v3 Repeat as JSON (null: runs once). */
  repeat: string | null;
  /** Maximum duration; a scan still running at the end is paused (null: none). */
  duration_minutes: number | null;
  /** restart-scan | resume-scan. */
  on_scan_repeat: string;
  scan_name: string | null;
  scan_template_id: string | null;
  scan_engine_id: number | null;
  /** JSON array of host tokens (a subset of the site; null: the whole site). */
  hosts: string | null;
  next_run_at: string | null;
  last_run_at: string | null;
  last_scan_id: number | null;
  /** What the last run did, for people (started scan 12, skipped: …). */
  last_outcome: string | null;
  created_at: string;
  updated_at: string;
}

/** A scan a schedule started. */
export interface ScheduleScansTable {
  scan_id: number;
  schedule_id: number;
  /** When the schedule's maximum duration ends (null: no limit). */
  deadline_at: string | null;
  /** 1 once the scan was paused for reaching its deadline. */
  paused_at_deadline: Generated<number>;
}

/** The windows an engine last published (JSON array of MaintenanceRule). */
export interface EngineMaintenanceTable {
  engine_id: number;
  rules: string;
  published_at: string;
}

/** A blackout: when a site's scans (or, with no site, every scan) must not run. */
export interface BlackoutsTable {
  id: Generated<number>;
  /** null: global. */
  site_id: number | null;
  name: string;
  enabled: number;
  /** A repeating rule in the maintenance grammar (FREQ=…;START=…;DURATION=…;TZID=…), or null. */
  rule: string | null;
  /** A one-off period (ISO-8601 UTC), when there is no rule. */
  from_at: string | null;
  until_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The schedule tables. */
export interface ScheduleTables {
  scan_schedules: ScanSchedulesTable;
  schedule_scans: ScheduleScansTable;
  engine_maintenance: EngineMaintenanceTable;
  blackouts: BlackoutsTable;
}
